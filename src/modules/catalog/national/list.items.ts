import type { CatalogItemSpec, FieldSpec, ListKind } from '../catalog.types.js';
import { ID_TYPE_OPTIONS, SUBJECT_KIND_OPTIONS } from './subject-fields.js';

const STATEMENT_OPTIONS = [
  { value: 'not_raised', label: '未提出陈述申辩', synonyms: ['未提出', '无'] },
  { value: 'rejected', label: '已陈述申辩，未采纳', synonyms: ['未采纳', '不予采纳'] },
  { value: 'partly_accepted', label: '已陈述申辩，部分采纳', synonyms: ['部分采纳'] },
  { value: 'waived', label: '放弃陈述申辩', synonyms: ['放弃'] },
];

/**
 * Fields of a list entry (名单): listing authority, decision number and date, reason, basis, prior notice and the
 * outcome of the subject's statement (陈述申辩, required for the serious list by 国办发〔2020〕49号 §8), period,
 * removal conditions, and for organisations the legal representative and responsible persons. Field codes are
 * xinyong-defined (MD_…); the national exchange codes for lists are UNCONFIRMED.
 */
function listFields(options: { noticeRequired: boolean; extra?: readonly FieldSpec[] }): FieldSpec[] {
  return [
    {
      code: 'MD_XDR_MC',
      label: '主体名称',
      type: 'text',
      required: true,
      maxLength: 200,
      role: 'subject_name',
    },
    {
      code: 'MD_XDR_LB',
      label: '主体类别',
      type: 'enum',
      required: true,
      enum: SUBJECT_KIND_OPTIONS,
      role: 'subject_kind',
    },
    {
      code: 'MD_XDR_SHXYM',
      label: '统一社会信用代码',
      type: 'uscc',
      required: ['legal_entity'],
      role: 'subject_uscc',
    },
    {
      code: 'MD_XDR_ZJLX',
      label: '证件类型',
      type: 'enum',
      enum: ID_TYPE_OPTIONS,
      role: 'subject_id_type',
      disclosure: 'government',
      required: ['natural_person'],
    },
    {
      code: 'MD_XDR_ZJHM',
      label: '证件号码',
      type: 'resident_id',
      personal: 'id_number',
      role: 'subject_id_number',
      disclosure: 'government',
      idTypeField: 'MD_XDR_ZJLX',
      required: ['natural_person'],
    },
    { code: 'MD_FRDB', label: '法定代表人（负责人）', type: 'text', maxLength: 100, personal: 'name' },
    {
      code: 'MD_ZRR',
      label: '主要负责人及直接责任人员',
      type: 'text',
      maxLength: 500,
      personal: 'name',
      disclosure: 'authorised',
      hint: '多人用"、"分隔（山东条例第三十一条、上海条例第三十三条）',
    },
    { code: 'MD_LRJG', label: '列入机关', type: 'text', required: true, maxLength: 200 },
    { code: 'MD_LRJGDM', label: '列入机关统一社会信用代码', type: 'uscc' },
    {
      code: 'MD_LRWH',
      label: '列入决定文书号',
      type: 'text',
      required: true,
      maxLength: 128,
      role: 'document_number',
    },
    { code: 'MD_LRRQ', label: '列入日期', type: 'date', required: true, role: 'decision_date' },
    { code: 'MD_LRYY', label: '列入事由', type: 'text', required: true, maxLength: 2000 },
    { code: 'MD_LRYJ', label: '列入依据', type: 'text', required: true, maxLength: 2000 },
    {
      code: 'MD_GZRQ',
      label: '事前告知日期',
      type: 'date',
      notAfter: 'MD_LRRQ',
      required: options.noticeRequired,
      hint: '列入前告知当事人理由、依据和权利的日期',
    },
    {
      code: 'MD_SSSB',
      label: '陈述申辩情况',
      type: 'enum',
      enum: STATEMENT_OPTIONS,
      required: options.noticeRequired,
    },
    { code: 'MD_YXQZ', label: '有效期自', type: 'date', role: 'effective_from' },
    { code: 'MD_YXQZHI', label: '有效期至', type: 'date', openEnded: true, role: 'effective_to' },
    { code: 'MD_YCTJ', label: '移出条件', type: 'text', maxLength: 2000, required: options.noticeRequired },
    { code: 'MD_JJTJ', label: '救济途径', type: 'text', maxLength: 1000 },
    ...(options.extra ?? []),
    { code: 'BZ', label: '备注', type: 'text', maxLength: 512 },
  ];
}

function listItem(
  code: string,
  name: string,
  list: ListKind,
  spec: Pick<CatalogItemSpec, 'nationalClass' | 'polarity' | 'reportSection' | 'legalBasis' | 'source'> & {
    noticeRequired: boolean;
    extra?: readonly FieldSpec[];
  },
): CatalogItemSpec {
  return {
    code,
    name,
    list,
    nationalClass: spec.nationalClass,
    subjectKinds: ['legal_entity', 'individual_business', 'natural_person'],
    fields: listFields({ noticeRequired: spec.noticeRequired, ...(spec.extra ? { extra: spec.extra } : {}) }),
    businessKey: ['MD_LRWH', '@subject'],
    polarity: spec.polarity,
    disclosure: 'public',
    publicity: 'effective_period',
    timelinessWorkingDays: 7,
    retentionYears: 5,
    legalBasis: spec.legalBasis,
    reportSection: spec.reportSection,
    source: spec.source,
  };
}

/** 名单类别 of the serious list: the national fields that keep one (REFERENCE §9.2 report sections, 财库〔2016〕125号). */
export const SERIOUS_LIST_KINDS = [
  { value: 'tax', label: '重大税收违法失信主体', synonyms: ['重大税收违法案件当事人名单', '税务违法'] },
  {
    value: 'procurement',
    label: '政府采购严重违法失信行为记录名单',
    synonyms: ['政府采购严重违法失信', '政府采购'],
  },
  { value: 'work_safety', label: '安全生产严重失信主体名单', synonyms: ['安全生产'] },
  { value: 'wage_arrears', label: '拖欠农民工工资失信联合惩戒对象名单', synonyms: ['拖欠农民工工资'] },
  {
    value: 'market',
    label: '市场监督管理严重违法失信名单',
    synonyms: ['严重违法失信企业名单', '严重违法失信名单'],
  },
  { value: 'statistics', label: '统计严重失信企业', synonyms: ['统计上严重失信'] },
  { value: 'overload', label: '超限超载严重违法失信当事人', synonyms: ['超限超载'] },
  { value: 'other', label: '其他严重失信主体名单', synonyms: ['其他'] },
] as const;

export const SERIOUS_LIST = listItem('SERIOUS_LIST', '严重失信主体名单', 'serious', {
  nationalClass: 'serious_untrustworthy',
  polarity: 'negative',
  reportSection: 'YZSX',
  noticeRequired: true,
  extra: [
    {
      code: 'MD_LB',
      label: '名单类别',
      type: 'enum',
      required: true,
      enum: SERIOUS_LIST_KINDS,
      hint: '按认定领域填写',
    },
  ],
  legalBasis: '国办发〔2020〕49号（依法依规认定，事前告知，明确移出条件）',
  source: '国办发〔2020〕49号 §7–8 via REFERENCE §7; field codes xinyong-defined',
});

export const JUDGMENT_DEFAULTER = listItem('JUDGMENT_DEFAULTER', '失信被执行人', 'judgment_defaulter', {
  nationalClass: 'judicial',
  polarity: 'negative',
  reportSection: 'YZSX',
  noticeRequired: false,
  legalBasis: '最高人民法院关于公布失信被执行人名单信息的若干规定（法释〔2017〕7号）',
  source: 'court list; case fields per 最高法 publication format (UNCONFIRMED codes)',
  extra: [
    { code: 'SX_AH', label: '案号', type: 'text', maxLength: 128 },
    { code: 'SX_ZXFY', label: '执行法院', type: 'text', maxLength: 200 },
    { code: 'SX_YW', label: '生效法律文书确定的义务', type: 'text', maxLength: 4000 },
    { code: 'SX_LXQK', label: '被执行人的履行情况', type: 'text', maxLength: 200 },
    { code: 'SX_QX', label: '失信被执行人行为具体情形', type: 'text', maxLength: 2000 },
  ],
});

export const ABNORMAL_LIST = listItem('ABNORMAL_LIST', '经营异常名录', 'abnormal', {
  nationalClass: 'abnormal_operations',
  polarity: 'negative',
  reportSection: 'QTXX',
  noticeRequired: false,
  legalBasis: '企业经营异常名录管理暂行办法；企业信息公示暂行条例第十七条',
  source: 'GSXT abnormal-operations list; field codes xinyong-defined',
});

export const FOCUS_LIST = listItem('FOCUS_LIST', '重点关注名单', 'focus', {
  nationalClass: 'abnormal_operations',
  polarity: 'negative',
  reportSection: 'QTXX',
  noticeRequired: false,
  legalBasis: '各领域重点关注对象名单管理规定（按领域确定）',
  source: 'watch list as used by 信用中国 (重点关注名单); national class mapping UNCONFIRMED',
});

export const RED_LIST = listItem('RED_LIST', '守信激励对象名单（诚信荣誉）', 'red', {
  nationalClass: 'honours',
  polarity: 'positive',
  reportSection: 'CSSX',
  noticeRequired: false,
  legalBasis: '全国公共信用信息基础目录（2024年版）诚实守信相关荣誉信息',
  source: 'incentive (red) list and honours; field codes xinyong-defined',
  extra: [
    {
      code: 'RY_LX',
      label: '荣誉（激励）类型',
      type: 'text',
      maxLength: 200,
      hint: '如 A级纳税人、海关高级认证企业、守信典型',
    },
    { code: 'RY_DJ', label: '等级', type: 'text', maxLength: 50 },
  ],
});
