/**
 * Rows tests feed the collection pipeline, so the same valid 行政处罚 does not have to be spelt out in every
 * test file. The deciding authority is the sample provider `zj-nb-sthj` (宁波市生态环境局（示例）).
 */

export const ENV_BUREAU = { name: '宁波市生态环境局（示例）', uscc: '11330200MB1A000527' } as const;

/** An individual business from the Ningbo sample file (deregistered there; any subject will do for a row). */
export const JEWELLER = { uscc: '92330206MA2EL62660', name: '宁波市北仑区新碶万祥珠宝行' } as const;

/**
 * The fields of a valid 行政处罚 (a 20,000 yuan fine for excess emissions) without subject, document number
 * or decision date; `overrides` adds and replaces fields (national CF_ codes).
 */
export function penaltyFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    CF_WFXW: '超标排放',
    CF_SY: '经查超标排放大气污染物',
    CF_YJ: '《中华人民共和国大气污染防治法》第九十九条',
    CF_CFLB: '罚款',
    CF_NR: '罚款人民币20000元',
    CF_NR_FK: '2',
    CF_CFJG: ENV_BUREAU.name,
    CF_CFJGDM: ENV_BUREAU.uscc,
    CF_SJLY: ENV_BUREAU.name,
    CF_SJLYDM: ENV_BUREAU.uscc,
    ...overrides,
  };
}

/** The 行政相对人 fields of a penalty on `subject` (category by its code: 92… individual business). */
export function penaltySubject(subject: { uscc: string; name: string }): Record<string, string> {
  return {
    CF_XDR_MC: subject.name,
    CF_XDR_LB: subject.uscc.startsWith('92') ? '个体工商户' : '法人及非法人组织',
    CF_XDR_SHXYM: subject.uscc,
  };
}

/**
 * A valid 失信被执行人 list entry (JUDGMENT_DEFAULTER, provider `zj-nb-fy`) on the organisation `subject`, listed
 * on `listedOn` under case number `caseNo` (also the decision number).
 */
export function judgmentDefaulterEntry(
  subject: { uscc: string; name: string },
  entry: { caseNo: string; listedOn: string },
): Record<string, string> {
  return {
    MD_XDR_MC: subject.name,
    MD_XDR_LB: '法人及非法人组织',
    MD_XDR_SHXYM: subject.uscc,
    MD_LRJG: '宁波市中级人民法院（示例）',
    MD_LRWH: entry.caseNo,
    MD_LRRQ: entry.listedOn,
    MD_LRYY: '有履行能力而拒不履行生效法律文书确定义务',
    MD_LRYJ: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条',
    SX_AH: entry.caseNo,
    SX_ZXFY: '宁波市中级人民法院',
  };
}
