import type { EvaluationModelDefinition, Indicator } from './evaluation-model.types.js';

const X = '平台默认值，待确认：国家尚未发布统一的评价方法（REFERENCE §8），请按本地区办法配置';

/**
 * Indicators shared by the shipped models: deductions (扣分) for penalties by class, lists, enforcement, breached
 * commitments and inspection findings; bonuses (加分) for incentive lists, kept commitments, clean inspections,
 * licences and other authorities' A ratings. Structure follows the Shandong scheme (base score plus bonus and
 * deduction items); every number is xinyong configuration.
 */
export const SHIPPED_INDICATORS: Indicator[] = [
  {
    code: 'penalty_minor',
    name: '轻微失信行政处罚',
    match: { item: 'XZCF', severities: ['minor'] },
    points: '-5',
    cap: '20',
    decay: [{ withinYears: 1, percent: 100 }],
    basis: `行政处罚（轻微，国家发展改革委令第36号分类）；${X}`,
    confirmed: false,
  },
  {
    code: 'penalty_general',
    name: '一般失信行政处罚',
    match: { item: 'XZCF', severities: ['general'] },
    points: '-30',
    cap: '150',
    decay: [
      { withinYears: 1, percent: 100 },
      { withinYears: 2, percent: 60 },
      { withinYears: 3, percent: 30 },
    ],
    basis: `行政处罚（一般）；${X}`,
    confirmed: false,
  },
  {
    code: 'penalty_serious',
    name: '严重失信行政处罚',
    match: { item: 'XZCF', severities: ['serious'] },
    points: '-100',
    cap: '300',
    decay: [
      { withinYears: 1, percent: 100 },
      { withinYears: 2, percent: 80 },
      { withinYears: 3, percent: 60 },
    ],
    basis: `行政处罚（严重）；${X}`,
    confirmed: false,
  },
  {
    code: 'serious_list',
    name: '列入严重失信主体名单',
    match: { item: 'SERIOUS_LIST' },
    points: '-400',
    mode: 'once',
    cap: '400',
    basis: `严重失信主体名单（国办发〔2020〕49号），列入期间计分；${X}`,
    confirmed: false,
  },
  {
    code: 'judgment_defaulter',
    name: '失信被执行人',
    match: { item: 'JUDGMENT_DEFAULTER' },
    points: '-200',
    mode: 'once',
    cap: '200',
    basis: `人民法院失信被执行人名单，列入期间计分；${X}`,
    confirmed: false,
  },
  {
    code: 'abnormal_list',
    name: '列入经营异常名录',
    match: { item: 'ABNORMAL_LIST' },
    points: '-50',
    mode: 'once',
    cap: '50',
    basis: `列入期间计分；${X}`,
    confirmed: false,
  },
  {
    code: 'focus_list',
    name: '列入重点关注名单',
    match: { item: 'FOCUS_LIST' },
    points: '-30',
    cap: '60',
    basis: `列入期间计分；${X}`,
    confirmed: false,
  },
  {
    code: 'enforcement',
    name: '行政强制',
    match: { item: 'XZQZ' },
    points: '-10',
    cap: '30',
    decay: [
      { withinYears: 1, percent: 100 },
      { withinYears: 2, percent: 50 },
    ],
    basis: X,
    confirmed: false,
  },
  {
    code: 'commitment_breached',
    name: '信用承诺违诺',
    match: { item: 'CREDIT_COMMITMENT', fields: [{ field: 'CN_LYZT', in: ['breached'] }] },
    points: '-30',
    cap: '90',
    decay: [
      { withinYears: 1, percent: 100 },
      { withinYears: 3, percent: 50 },
    ],
    basis: `国办发〔2019〕35号：信用承诺履行情况纳入信用记录；${X}`,
    confirmed: false,
  },
  {
    code: 'inspection_case_opened',
    name: '检查发现问题并立案查处',
    match: { item: 'XZJC', fields: [{ field: 'JC_JGLX', in: ['case_opened'] }] },
    points: '-20',
    cap: '40',
    decay: [
      { withinYears: 1, percent: 100 },
      { withinYears: 2, percent: 50 },
    ],
    basis: `行政检查结果；${X}`,
    confirmed: false,
  },
  {
    code: 'inspection_rectify',
    name: '检查发现问题责令整改',
    match: { item: 'XZJC', fields: [{ field: 'JC_JGLX', in: ['rectify'] }] },
    points: '-5',
    cap: '15',
    decay: [{ withinYears: 1, percent: 100 }],
    basis: `行政检查结果；${X}`,
    confirmed: false,
  },
  {
    code: 'inspection_not_found',
    name: '检查未发现主体（查无下落）',
    match: { item: 'XZJC', fields: [{ field: 'JC_JGLX', in: ['not_found'] }] },
    points: '-30',
    mode: 'once',
    cap: '30',
    decay: [{ withinYears: 1, percent: 100 }],
    basis: `行政检查结果；${X}`,
    confirmed: false,
  },
  {
    code: 'red_list',
    name: '守信激励对象（诚信荣誉）',
    match: { item: 'RED_LIST' },
    points: '30',
    cap: '60',
    basis: `荣誉有效期内计分；${X}`,
    confirmed: false,
  },
  {
    code: 'commitment_kept',
    name: '信用承诺已践诺',
    match: { item: 'CREDIT_COMMITMENT', fields: [{ field: 'CN_LYZT', in: ['kept'] }] },
    points: '5',
    cap: '20',
    decay: [{ withinYears: 3, percent: 100 }],
    basis: X,
    confirmed: false,
  },
  {
    code: 'inspection_no_issue',
    name: '检查未发现问题',
    match: { item: 'XZJC', fields: [{ field: 'JC_JGLX', in: ['no_issue'] }] },
    points: '5',
    cap: '10',
    decay: [
      { withinYears: 1, percent: 100 },
      { withinYears: 2, percent: 50 },
    ],
    basis: `行政检查结果；${X}`,
    confirmed: false,
  },
  {
    code: 'licences',
    name: '取得行政许可',
    match: { item: 'XZXK' },
    points: '1',
    cap: '10',
    decay: [{ withinYears: 3, percent: 100 }],
    basis: `许可有效期内计分；${X}`,
    confirmed: false,
  },
  {
    code: 'rating_a',
    name: '其他部门信用评价A级',
    match: { item: 'EVALUATION_RESULT', fields: [{ field: 'PJ_DJ', in: ['A', 'A级', 'AA', 'AAA', 'A+'] }] },
    points: '20',
    mode: 'once',
    cap: '20',
    basis: `如纳税信用A级（REFERENCE §9.2）；${X}`,
    confirmed: false,
  },
];

/**
 * The default model: seven grades in four classes on a 1000-point base, after the Shandong scheme (REFERENCE §8:
 * 诚信守法 A+/A, 轻微失信 B, 一般失信 C/C−, 严重失信 D/D−; base 1000; quarterly). Band limits are xinyong's.
 */
export const DEFAULT_MODEL: EvaluationModelDefinition = {
  code: 'xy-general',
  name: '公共信用综合评价（七级）',
  description:
    '基础分1000分，加分项与扣分项按记录计分，分为诚信守法（A+、A）、轻微失信（B）、一般失信（C、C−）、严重失信（D、D−）四类七级；按季度评价并在信用记录变化时更新。',
  baseScore: '1000',
  subjectKinds: ['legal_entity', 'individual_business'],
  excludeRegStatuses: ['注销', '吊销', '撤销', '迁出'],
  grades: [
    { code: 'A+', display: 'A+', label: '诚信守法', minScore: '1050', confirmed: false },
    { code: 'A', display: 'A', label: '诚信守法', minScore: '1000', confirmed: false },
    { code: 'B', display: 'B', label: '轻微失信', minScore: '950', confirmed: false },
    { code: 'C', display: 'C', label: '一般失信', minScore: '850', confirmed: false },
    { code: 'C-', display: 'C−', label: '一般失信', minScore: '700', confirmed: false },
    { code: 'D', display: 'D', label: '严重失信', minScore: '550', confirmed: false },
    { code: 'D-', display: 'D−', label: '严重失信', minScore: null, confirmed: false },
  ],
  indicators: SHIPPED_INDICATORS,
  schedule: { quarterly: true, onChange: true },
  inspectionMultipliers: {
    'A+': '0.5',
    A: '0.8',
    B: '1',
    C: '1.5',
    'C-': '2',
    D: '3',
    'D-': '3',
    unrated: '1',
  },
  personalInformationAssessment: null,
  source:
    '结构参照山东省公共信用综合评价办法（济宁实施细则，REFERENCE §8）：仅评价登记注册的组织，按季度评价，基础分1000分，四类七级。指标分值、上限、衰减及等级分数线为平台默认值。',
  unconfirmed: [
    '各等级分数线（minScore）',
    '各指标的分值、上限和衰减',
    '各等级的抽查比例系数（国家未公布统一比例）',
    '不参评的登记状态',
  ],
};

/**
 * Four risk classes after 国市监信发〔2022〕6号 (信用风险低 A, 一般 B, 较高 C, 高 D), which market regulators use
 * to set 双随机 sampling; same indicators as the default model. Band limits and multipliers are xinyong's.
 */
export const RISK_CLASS_MODEL: EvaluationModelDefinition = {
  ...DEFAULT_MODEL,
  code: 'xy-risk-4',
  name: '信用风险分类（四类）',
  description:
    '按国市监信发〔2022〕6号的四类信用风险（低A、一般B、较高C、高D）分级，用于确定双随机抽查比例和频次；指标同七级模型。',
  grades: [
    { code: 'A', display: 'A', label: '信用风险低', minScore: '1000', confirmed: false },
    { code: 'B', display: 'B', label: '信用风险一般', minScore: '900', confirmed: false },
    { code: 'C', display: 'C', label: '信用风险较高', minScore: '750', confirmed: false },
    { code: 'D', display: 'D', label: '信用风险高', minScore: null, confirmed: false },
  ],
  inspectionMultipliers: { A: '0.5', B: '1', C: '2', D: '3', unrated: '1' },
  source:
    '分类依据国市监信发〔2022〕6号（REFERENCE §8）；指标同七级模型；等级分数线和抽查比例系数为平台默认值。',
};

/** Models shipped with the platform; `DEFAULT_MODEL` is the default unless an administrator picks another. */
export const SHIPPED_MODELS: readonly EvaluationModelDefinition[] = [DEFAULT_MODEL, RISK_CLASS_MODEL];
