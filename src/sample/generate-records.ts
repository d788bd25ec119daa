import { addCalendarDays } from '../standards/calendar-date.js';
import type { Rng } from './random.js';
import { syntheticPerson } from './synthetic-people.js';

/** A subject from the registration sample that generated records are about. */
export interface SampleSubject {
  readonly name: string;
  readonly uscc: string;
  readonly kind: 'legal_entity' | 'individual_business';
  readonly legalRep: string | null;
}

export interface SampleProvider {
  readonly code: string;
  readonly name: string;
  readonly uscc: string;
  readonly sector: string;
}

/** A generated row for one provider, keyed by national field code (values as a department would write them). */
export interface GeneratedRow {
  readonly provider: string;
  readonly row: Record<string, string>;
}

interface PenaltyPattern {
  readonly types: readonly string[];
  /** Fine range in 元, or null. */
  readonly fine: readonly [number, number] | null;
  readonly confiscation?: readonly [number, number];
  readonly simple?: boolean;
  readonly weight: number;
}

const SECTOR_PATTERNS: Readonly<Record<string, readonly PenaltyPattern[]>> = {
  market_regulation: [
    { types: ['警告'], fine: null, weight: 2 },
    { types: ['警告'], fine: null, simple: true, weight: 1 },
    { types: ['通报批评'], fine: null, weight: 1 },
    { types: ['罚款'], fine: [200, 3000], weight: 3 },
    { types: ['罚款'], fine: [200, 3000], simple: true, weight: 1 },
    { types: ['罚款'], fine: [5000, 200000], weight: 5 },
    {
      types: ['罚款', '没收违法所得、没收非法财物'],
      fine: [10000, 500000],
      confiscation: [1000, 80000],
      weight: 2,
    },
    { types: ['责令停产停业', '罚款'], fine: [50000, 300000], weight: 1 },
    { types: ['吊销营业执照'], fine: null, weight: 1 },
  ],
  special_equipment: [
    { types: ['罚款'], fine: [10000, 300000], weight: 4 },
    { types: ['暂扣许可证件', '罚款'], fine: [30000, 200000], weight: 1 },
  ],
  emergency_management: [
    { types: ['罚款'], fine: [10000, 500000], weight: 4 },
    { types: ['责令停产停业', '罚款'], fine: [50000, 1000000], weight: 1 },
    { types: ['警告', '罚款'], fine: [5000, 30000], weight: 1 },
  ],
  fire_rescue: [
    { types: ['警告'], fine: null, weight: 1 },
    { types: ['罚款'], fine: [5000, 100000], weight: 4 },
    { types: ['责令停产停业'], fine: null, weight: 1 },
  ],
  ecology_environment: [
    { types: ['罚款'], fine: [20000, 1500000], weight: 5 },
    { types: ['限制开展生产经营活动', '罚款'], fine: [100000, 1000000], weight: 1 },
    { types: ['没收违法所得、没收非法财物'], fine: null, confiscation: [5000, 100000], weight: 1 },
    { types: ['罚款'], fine: [50, 200], simple: true, weight: 1 },
  ],
  taxation: [
    { types: ['罚款'], fine: [500, 50000], weight: 5 },
    { types: ['罚款'], fine: [50, 2000], simple: true, weight: 2 },
    {
      types: ['没收违法所得、没收非法财物', '罚款'],
      fine: [20000, 300000],
      confiscation: [10000, 200000],
      weight: 1,
    },
  ],
};

const FACTS: Readonly<Record<string, readonly [string, string, string][]>> = {
  market_regulation: [
    [
      '销售不符合食品安全标准的食品',
      '经查，当事人经营的预包装食品标签不符合食品安全国家标准',
      '《中华人民共和国食品安全法》第一百二十五条',
    ],
    ['虚假宣传', '当事人在经营场所及网店对商品作虚假的商业宣传', '《中华人民共和国反不正当竞争法》第二十条'],
    [
      '未按规定公示年度报告',
      '当事人未在规定期限内公示年度报告且逾期未改正',
      '《企业信息公示暂行条例》第十七条',
    ],
    ['价格违法', '当事人未按规定明码标价', '《价格违法行为行政处罚规定》第十三条'],
  ],
  special_equipment: [
    [
      '使用未经定期检验的特种设备',
      '当事人使用的电梯超过检验有效期仍继续使用',
      '《中华人民共和国特种设备安全法》第八十四条',
    ],
    [
      '特种设备作业人员未持证上岗',
      '当事人叉车作业人员未取得相应资格',
      '《中华人民共和国特种设备安全法》第八十六条',
    ],
  ],
  emergency_management: [
    [
      '未按规定开展安全生产教育培训',
      '当事人未对从业人员进行安全生产教育和培训',
      '《中华人民共和国安全生产法》第九十七条',
    ],
    [
      '未建立事故隐患排查治理制度',
      '当事人未建立健全生产安全事故隐患排查治理制度',
      '《中华人民共和国安全生产法》第一百零一条',
    ],
  ],
  fire_rescue: [
    [
      '消防设施未保持完好有效',
      '当事人经营场所消防设施、器材未保持完好有效',
      '《中华人民共和国消防法》第六十条',
    ],
    ['占用、堵塞疏散通道', '当事人占用、堵塞、封闭疏散通道、安全出口', '《中华人民共和国消防法》第六十条'],
  ],
  ecology_environment: [
    [
      '超标排放大气污染物',
      '当事人排放的大气污染物超过排放标准',
      '《中华人民共和国大气污染防治法》第九十九条',
    ],
    [
      '未批先建',
      '当事人建设项目环境影响评价文件未经批准擅自开工建设',
      '《中华人民共和国环境影响评价法》第三十一条',
    ],
  ],
  taxation: [
    [
      '未按期办理纳税申报',
      '当事人未按照规定期限办理纳税申报和报送纳税资料',
      '《中华人民共和国税收征收管理法》第六十二条',
    ],
    [
      '虚开发票',
      '当事人违反发票管理规定开具与实际经营业务情况不符的发票',
      '《中华人民共和国发票管理办法》第三十五条',
    ],
  ],
};

const DOC_PREFIX: Readonly<Record<string, string>> = {
  market_regulation: '甬市监',
  special_equipment: '甬特设',
  emergency_management: '甬应急',
  fire_rescue: '甬消',
  ecology_environment: '甬环',
  taxation: '甬税',
};

function weighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng.next() * total;
  for (const i of items) {
    r -= i.weight;
    if (r < 0) return i;
  }
  return items[items.length - 1] as T;
}

/** Yuan → 万元 as a plain decimal string (exact: integers shifted by four places). */
export function yuanToWan(yuan: number): string {
  const s = String(Math.round(yuan)).padStart(5, '0');
  const int = s.slice(0, -4).replace(/^0+(?=\d)/, '');
  const frac = s.slice(-4).replace(/0+$/, '');
  return frac === '' ? int : `${int}.${frac}`;
}

function randomDate(rng: Rng, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng.next() * ((b - a) / 86_400_000 + 1)) * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

export interface PenaltyOptions {
  readonly from: string;
  readonly to: string;
  /** Share of penalties against synthetic natural persons. */
  readonly naturalPersonShare: number;
  /** First document sequence number (lets several generator runs produce distinct numbers). */
  readonly firstNumber?: number;
}

/**
 * Realistic 行政处罚 rows (双公示 XZCF field codes) for the given subjects and providers: every penalty type of
 * 行政处罚法 art. 9 appears, simple-procedure and warning-only decisions, special sectors (特种设备, 安全生产, 消防),
 * market regulation, and decision dates spread over the four publicity regimes. Deterministic for a given RNG.
 */
export function generatePenalties(
  rng: Rng,
  subjects: readonly SampleSubject[],
  providers: readonly SampleProvider[],
  count: number,
  options: PenaltyOptions,
): GeneratedRow[] {
  const eligible = providers.filter((p) => SECTOR_PATTERNS[p.sector] !== undefined);
  const out: GeneratedRow[] = [];
  let n = options.firstNumber ?? 1;
  for (let i = 0; i < count; i++) {
    const provider = rng.pick(eligible);
    const pattern = weighted(rng, SECTOR_PATTERNS[provider.sector] ?? []);
    const [wfxw, sy, yj] = rng.pick(FACTS[provider.sector] ?? [['违法行为', '违法事实', '法律依据']]);
    // A fifth of the decisions are recent, so the sample shows on-time as well as late submissions.
    const date = rng.chance(0.2)
      ? randomDate(rng, addCalendarDays(options.to, -6), options.to)
      : randomDate(rng, options.from, options.to);
    const year = date.slice(0, 4);
    const fineYuan =
      pattern.fine === null ? null : Math.round(rng.int(pattern.fine[0], pattern.fine[1]) / 50) * 50;
    const confYuan =
      pattern.confiscation === undefined ? null : rng.int(pattern.confiscation[0], pattern.confiscation[1]);
    const person = rng.chance(options.naturalPersonShare);
    const row: Record<string, string> = {
      CF_WSH: `${DOC_PREFIX[provider.sector] ?? '甬'}${pattern.simple === true ? '简罚' : '罚'}〔${year}〕${n++}号`,
      CF_WFXW: wfxw,
      CF_SY: sy,
      CF_YJ: yj,
      CF_CFLB: pattern.types.join('；'),
      CF_NR: [
        pattern.types.includes('警告') ? '警告' : '',
        pattern.types.includes('通报批评') ? '通报批评' : '',
        fineYuan === null ? '' : `罚款人民币${fineYuan}元`,
        confYuan === null ? '' : `没收违法所得${confYuan}元`,
        ...pattern.types.filter(
          (t) => !['警告', '通报批评', '罚款', '没收违法所得、没收非法财物'].includes(t),
        ),
      ]
        .filter((s) => s !== '')
        .join('，'),
      CF_NR_FK: fineYuan === null ? '' : yuanToWan(fineYuan),
      CF_NR_WFFF: confYuan === null ? '' : yuanToWan(confYuan),
      CF_NR_ZKDX: pattern.types.some((t) => t.includes('吊销') || t.includes('暂扣'))
        ? `营业执照/许可证 ${n}`
        : '',
      CF_JDRQ: date,
      CF_CFJG: provider.name,
      CF_CFJGDM: provider.uscc,
      CF_SJLY: provider.name,
      CF_SJLYDM: provider.uscc,
      CF_JYCX: pattern.simple === true ? '是' : '否',
      BZ: '',
    };
    if (person) {
      const p = syntheticPerson(rng);
      Object.assign(row, {
        CF_XDR_MC: p.name,
        CF_XDR_LB: '自然人',
        CF_XDR_SHXYM: '',
        CF_FRDB: '',
        CF_XDR_ZJLX: '身份证',
        CF_XDR_ZJHM: p.ric,
      });
    } else {
      const s = rng.pick(subjects);
      Object.assign(row, {
        CF_XDR_MC: s.name,
        CF_XDR_LB: s.kind === 'individual_business' ? '个体工商户' : '法人及非法人组织',
        CF_XDR_SHXYM: s.uscc,
        CF_FRDB: s.legalRep ?? '',
        CF_XDR_ZJLX: '',
        CF_XDR_ZJHM: '',
      });
    }
    out.push({ provider: provider.code, row });
  }
  return out;
}

const LICENCES: Readonly<Record<string, readonly [string, string, string][]>> = {
  market_regulation: [
    ['食品经营许可证', '普通', '预包装食品销售、散装食品销售、热食类食品制售'],
    ['食品生产许可证', '普通', '糕点、饮料生产'],
    ['营业执照', '登记', '设立登记'],
  ],
  special_equipment: [['特种设备使用登记证', '登记', '乘客电梯使用登记']],
  emergency_management: [['危险化学品经营许可证', '普通', '危险化学品批发（不储存）']],
  ecology_environment: [
    ['排污许可证', '普通', '排放大气污染物、水污染物'],
    ['建设项目环境影响评价文件审批', '核准', '同意项目建设'],
  ],
};

/** Realistic 行政许可 rows (XK_ field codes) for the subjects; validity periods include long-term ones. */
export function generateLicences(
  rng: Rng,
  subjects: readonly SampleSubject[],
  providers: readonly SampleProvider[],
  count: number,
  options: { from: string; to: string; firstNumber?: number },
): GeneratedRow[] {
  const eligible = providers.filter((p) => LICENCES[p.sector] !== undefined);
  const out: GeneratedRow[] = [];
  let n = options.firstNumber ?? 1;
  for (let i = 0; i < count; i++) {
    const provider = rng.pick(eligible);
    const [certificate, category, content] = rng.pick(LICENCES[provider.sector] ?? []);
    const s = rng.pick(subjects);
    const date = rng.chance(0.2)
      ? randomDate(rng, addCalendarDays(options.to, -6), options.to)
      : randomDate(rng, options.from, options.to);
    const years = rng.pick([3, 5, 5, 0]);
    const seq = n++;
    out.push({
      provider: provider.code,
      row: {
        XK_XDR_MC: s.name,
        XK_XDR_LB: s.kind === 'individual_business' ? '个体工商户' : '法人及非法人组织',
        XK_XDR_SHXYM: s.uscc,
        XK_FRDB: s.legalRep ?? '',
        XK_XKWS: `关于准予${s.name}${certificate}的决定`,
        XK_WSH: `${DOC_PREFIX[provider.sector] ?? '甬'}许〔${date.slice(0, 4)}〕${seq}号`,
        XK_XKLB: category,
        XK_XKZS: certificate,
        XK_XKBH: `${certificate.slice(0, 2)}${date.replaceAll('-', '')}${String(seq).padStart(5, '0')}`,
        XK_NR: content,
        XK_JDRQ: date,
        XK_YXQZ: date,
        XK_YXQZI: years === 0 ? '长期' : addCalendarDays(date, years * 365),
        XK_XKJG: provider.name,
        XK_XKJGDM: provider.uscc,
        XK_ZT: '1',
        XK_LYDW: provider.name,
        XK_LYDWDM: provider.uscc,
        BZ: '',
      },
    });
  }
  return out;
}

/**
 * List entries, commitments and evaluation results for the sample portal: serious-list entries (tax, other),
 * judgment defaulters, abnormal operations, the red list (A级纳税人), credit commitments and 纳税信用等级 results.
 * Every list entry carries the statutory fields (prior notice, statement outcome, removal conditions).
 */
export function generateListsAndMore(
  rng: Rng,
  subjects: readonly SampleSubject[],
  options: { from: string; to: string },
): { item: string; provider: string; row: Record<string, string> }[] {
  const out: { item: string; provider: string; row: Record<string, string> }[] = [];
  const pick = () => rng.pick(subjects.filter((s) => s.kind === 'legal_entity'));
  const subjectFields = (p: string, s: SampleSubject) => ({
    [`${p}_XDR_MC`]: s.name,
    [`${p}_XDR_LB`]: s.kind === 'individual_business' ? '个体工商户' : '法人及非法人组织',
    [`${p}_XDR_SHXYM`]: s.uscc,
  });
  const list = (
    item: string,
    provider: string,
    authority: string,
    authorityCode: string,
    n: number,
    extra: (i: number) => Record<string, string>,
  ) => {
    for (let i = 0; i < n; i++) {
      const s = pick();
      const date = randomDate(rng, options.from, options.to);
      const notice = addCalendarDays(date, -rng.int(10, 40));
      out.push({
        item,
        provider,
        row: {
          ...subjectFields('MD', s),
          MD_FRDB: s.legalRep ?? '',
          MD_LRJG: authority,
          MD_LRJGDM: authorityCode,
          MD_LRWH: `${authority.slice(0, 4)}〔${date.slice(0, 4)}〕${100 + out.length}号`,
          MD_LRRQ: date,
          MD_YXQZ: date,
          MD_YXQZHI: addCalendarDays(date, 3 * 365),
          MD_GZRQ: notice,
          MD_SSSB: rng.pick(['未提出陈述申辩', '已陈述申辩，未采纳']),
          MD_YCTJ: '履行相关义务、纠正失信行为并作出信用承诺后，可申请提前移出',
          MD_JJTJ: '可依法申请行政复议或提起行政诉讼',
          ...extra(i),
        },
      });
    }
  };
  list('SERIOUS_LIST', 'zj-nb-sw', '国家税务总局宁波市税务局（示例）', '11330200MB1A000602', 6, () => ({
    MD_LB: '重大税收违法失信主体',
    MD_LRYY: '虚开增值税专用发票，偷税数额较大',
    MD_LRYJ: '《重大税收违法失信主体信息公布管理办法》第六条',
  }));
  list('SERIOUS_LIST', 'zj-nb-fgw', '宁波市发展和改革委员会（示例）', '11330200MB1A00087R', 3, () => ({
    MD_LB: '其他严重失信主体名单',
    MD_LRYY: '拒不履行行政处罚决定，严重损害公共利益',
    MD_LRYJ: '国办发〔2020〕49号',
  }));
  list('JUDGMENT_DEFAULTER', 'zj-nb-fy', '宁波市中级人民法院（示例）', '11330200MB1A00079Y', 8, (i) => ({
    MD_LRYY: '有履行能力而拒不履行生效法律文书确定义务',
    MD_LRYJ: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第一项',
    SX_AH: `（2024）浙02执${300 + i}号`,
    SX_ZXFY: '宁波市中级人民法院',
    SX_YW: '支付货款及利息',
    SX_LXQK: '全部未履行',
  }));
  list('ABNORMAL_LIST', 'zj-nb-amr', '宁波市市场监督管理局（示例）', '11330200MB1A0001XN', 15, () => ({
    MD_LRYY: rng.pick(['未按照规定期限公示年度报告', '通过登记的住所或者经营场所无法联系']),
    MD_LRYJ: '《企业经营异常名录管理暂行办法》第四条',
  }));
  list('RED_LIST', 'zj-nb-sw', '国家税务总局宁波市税务局（示例）', '11330200MB1A000602', 20, () => ({
    MD_LRYY: '上一年度纳税信用评价为A级',
    MD_LRYJ: '《纳税信用管理办法（试行）》',
    RY_LX: 'A级纳税人',
    RY_DJ: 'A',
  }));
  for (let i = 0; i < 15; i++) {
    const s = pick();
    const date = randomDate(rng, options.from, options.to);
    out.push({
      item: 'CREDIT_COMMITMENT',
      provider: 'zj-nb-fgw',
      row: {
        ...subjectFields('CN', s),
        CN_BH: `CN${date.replaceAll('-', '')}${String(i).padStart(4, '0')}`,
        CN_LX: rng.pick(['证明事项告知承诺型', '主动公示型', '审批替代型', '行业自律型']),
        CN_SY: rng.pick(['申请食品经营许可', '参与政府采购', '申请财政补助资金']),
        CN_NR: '本单位承诺所提交材料真实有效，遵守相关法律法规，如有违反自愿承担相应法律责任并接受信用惩戒。',
        CN_RQ: date,
        CN_SLDW: '宁波市发展和改革委员会（示例）',
        CN_SLDWDM: '11330200MB1A00087R',
        CN_YXQZ: date,
        CN_YXQZHI: addCalendarDays(date, 365),
        CN_LYZT: rng.pick(['履约中', '已践诺']),
      },
    });
  }
  for (let i = 0; i < 40; i++) {
    const s = pick();
    const year = rng.int(2020, 2025);
    out.push({
      item: 'EVALUATION_RESULT',
      provider: 'zj-nb-sw',
      row: {
        ...subjectFields('PJ', s),
        PJ_BH: `NSXY${year}${String(i).padStart(5, '0')}`,
        PJ_NR: '纳税信用等级评价',
        PJ_DJ: rng.pick(['A', 'A', 'B', 'B', 'M', 'C', 'D']),
        PJ_RQ: `${year + 1}-04-${String(rng.int(10, 28)).padStart(2, '0')}`,
        PJ_DW: '国家税务总局宁波市税务局（示例）',
        PJ_DWDM: '11330200MB1A000602',
        PJ_ND: String(year),
        PJ_YXQZHI: `${year + 2}-03-31`,
        PJ_WJYJ: '《纳税信用管理办法（试行）》',
      },
    });
  }
  return out;
}
