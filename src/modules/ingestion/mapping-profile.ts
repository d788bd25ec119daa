/** Value transforms a profile may apply to a source column before the field parser sees it. */
export type ColumnTransform =
  /** Amount in 元 → 万元 (exact decimal shift by four places). */
  | 'yuan_to_wan'
  /** Spreadsheet float artefact on a code: "5245.0" → "5245". */
  | 'integer_code'
  /** Keep the first six characters: 9-digit township code → GB/T 2260 county code. */
  | 'first6';

export const COLUMN_TRANSFORMS: readonly ColumnTransform[] = ['yuan_to_wan', 'integer_code', 'first6'];

/**
 * A saved header mapping for one provider's export format (e.g. a city data warehouse whose column names are its
 * own). Columns not named here fall back to national codes and Chinese labels.
 */
export interface MappingProfile {
  readonly name: string;
  /** Catalog item the profile maps to. */
  readonly item: string;
  /** Provider whose files use this layout; used when the command names no provider. */
  readonly provider: string | null;
  readonly description: string;
  /** Source header → field code. */
  readonly columns: Readonly<Record<string, string>>;
  readonly transforms?: Readonly<Record<string, ColumnTransform>>;
  /** Source headers deliberately not imported, with the reason (they are not reported as unknown). */
  readonly ignore?: Readonly<Record<string, string>>;
}

/**
 * Profiles shipped with xinyong. `zhejiang-warehouse`: the market-subject registration extract of a Zhejiang
 * city public-data warehouse (shared/data/market-subjects-ningbo-sample.csv). Its `reg_no` column holds the
 * USCC without its first two characters, not a 15-digit 注册号, so it is ignored; registered capital is in 元.
 */
export const SHIPPED_PROFILES: readonly MappingProfile[] = [
  {
    name: 'zhejiang-warehouse',
    item: 'REGISTRATION',
    provider: 'zj-nb-amr',
    description: '浙江省公共数据仓市场主体登记信息（uni_social_crd_cd、comp_nm 等列名）',
    columns: {
      uni_social_crd_cd: 'DJ_TYSHXYDM',
      comp_nm: 'DJ_MC',
      comp_type: 'DJ_LX',
      reg_state: 'DJ_ZT',
      legal_repre: 'DJ_FDDBR',
      reg_capt: 'DJ_ZCZB',
      capt_kind: 'DJ_BZ',
      est_dt: 'DJ_CLRQ',
      appr_dt: 'DJ_HZRQ',
      opt_from: 'DJ_YYQXZ',
      opt_to: 'DJ_YYQXZHI',
      addr: 'DJ_ZS',
      opt_scop: 'DJ_JYFW',
      reg_org: 'DJ_DJJG',
      domdi_strict: 'DJ_XZQH',
      indv_code: 'DJ_HYDM',
      indv_id: 'DJ_HYMC',
      postal_code: 'DJ_YZBM',
    },
    transforms: { reg_capt: 'yuan_to_wan', indv_code: 'integer_code', domdi_strict: 'first6' },
    ignore: {
      main_identi_id: '数据仓库主键（与 reg_no 相同）',
      reg_no: '去掉前两位的统一社会信用代码，不是 15 位注册号',
      pro_loc: '区县名称，可由行政区划代码得出',
      opt_strict: '经营场所所在乡镇（街道）代码',
      opt_loc: '经营场所所在区县名称',
      indv_nm: '与 indv_code 重复',
    },
  },
  {
    name: 'zhejiang-xzxk',
    item: 'XZXK',
    provider: null,
    description: '浙江省双公示行政许可数据（小写国标字段名，统一社会信用代码列名 uni_social_crd_cd）',
    columns: { uni_social_crd_cd: 'XK_XDR_SHXYM', xk_fr_sfzh: 'XK_FR_ZJHM' },
    ignore: { xk_id: '数据仓库行号' },
  },
];
