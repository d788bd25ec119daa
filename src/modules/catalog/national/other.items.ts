import type { CatalogItemSpec, FieldSpec } from '../catalog.types.js';
import { ID_TYPE_OPTIONS, SUBJECT_KIND_OPTIONS } from './subject-fields.js';

/** Minimal subject block for items without a national field standard (prefix P). */
function subjectBlock(prefix: string): FieldSpec[] {
  return [
    {
      code: `${prefix}_XDR_MC`,
      label: '主体名称',
      type: 'text',
      required: true,
      maxLength: 200,
      role: 'subject_name',
    },
    {
      code: `${prefix}_XDR_LB`,
      label: '主体类别',
      type: 'enum',
      required: true,
      enum: SUBJECT_KIND_OPTIONS,
      role: 'subject_kind',
    },
    {
      code: `${prefix}_XDR_SHXYM`,
      label: '统一社会信用代码',
      type: 'uscc',
      required: ['legal_entity'],
      role: 'subject_uscc',
    },
    {
      code: `${prefix}_XDR_ZJLX`,
      label: '证件类型',
      type: 'enum',
      enum: ID_TYPE_OPTIONS,
      role: 'subject_id_type',
      disclosure: 'government',
      required: ['natural_person'],
    },
    {
      code: `${prefix}_XDR_ZJHM`,
      label: '证件号码',
      type: 'resident_id',
      personal: 'id_number',
      role: 'subject_id_number',
      disclosure: 'government',
      idTypeField: `${prefix}_XDR_ZJLX`,
      required: ['natural_person'],
    },
  ];
}

/**
 * 信用承诺 (credit commitment) and its fulfilment (REFERENCE §9.2, §10). Commitment types are the default
 * dictionary of common provincial usage (no national enumeration confirmed); admins extend it with a new item
 * version.
 */
export const CREDIT_COMMITMENT: CatalogItemSpec = {
  code: 'CREDIT_COMMITMENT',
  name: '信用承诺',
  nationalClass: 'commitment',
  subjectKinds: ['legal_entity', 'individual_business', 'natural_person'],
  fields: [
    ...subjectBlock('CN'),
    {
      code: 'CN_BH',
      label: '承诺编号',
      type: 'text',
      required: true,
      maxLength: 64,
      role: 'document_number',
    },
    {
      code: 'CN_LX',
      label: '承诺类型',
      type: 'enum',
      required: true,
      enum: [
        { value: '审批替代型', label: '审批替代型' },
        {
          value: '证明事项告知承诺型',
          label: '证明事项告知承诺型',
          synonyms: ['告知承诺型', '证明事项告知承诺'],
        },
        { value: '主动公示型', label: '主动公示型' },
        { value: '行业自律型', label: '行业自律型' },
        { value: '信用修复型', label: '信用修复型' },
      ],
    },
    { code: 'CN_SY', label: '承诺事由', type: 'text', required: true, maxLength: 1000 },
    { code: 'CN_NR', label: '承诺内容', type: 'text', required: true, maxLength: 8000 },
    { code: 'CN_RQ', label: '做出承诺日期', type: 'date', required: true, role: 'decision_date' },
    { code: 'CN_SLDW', label: '承诺受理单位', type: 'text', required: true, maxLength: 200 },
    { code: 'CN_SLDWDM', label: '承诺受理单位统一社会信用代码', type: 'uscc' },
    { code: 'CN_SX', label: '关联事项', type: 'text', maxLength: 500 },
    { code: 'CN_YXQZ', label: '承诺有效期自', type: 'date', role: 'effective_from' },
    { code: 'CN_YXQZHI', label: '承诺有效期至', type: 'date', openEnded: true, role: 'effective_to' },
    {
      code: 'CN_LYZT',
      label: '承诺履约状态',
      type: 'enum',
      enum: [
        { value: 'pending', label: '履约中', synonyms: ['待核查', '未到期'] },
        { value: 'kept', label: '已践诺', synonyms: ['践诺', '已履约', '守诺'] },
        { value: 'breached', label: '违诺', synonyms: ['未履约', '失诺'] },
      ],
    },
  ],
  businessKey: ['CN_BH', '@subject'],
  polarity: 'neutral',
  disclosure: 'public',
  publicity: 'while_current',
  timelinessWorkingDays: 7,
  retentionYears: 5,
  legalBasis: '国办发〔2019〕35号；国办发〔2020〕42号（告知承诺制）',
  reportSection: 'CSSX',
  source: 'REFERENCE §10; type dictionary = common provincial usage, not a confirmed national enumeration',
};

/**
 * 违背信用承诺 (breach of a credit commitment): the negative record the accepting unit creates when a commitment is
 * breached. It bars notification-and-commitment measures until repaired (国办发〔2020〕42号). Field codes
 * xinyong-defined.
 */
export const COMMITMENT_BREACH: CatalogItemSpec = {
  code: 'COMMITMENT_BREACH',
  name: '违背信用承诺记录',
  nationalClass: 'commitment',
  subjectKinds: ['legal_entity', 'individual_business', 'natural_person'],
  fields: [
    ...subjectBlock('WN'),
    {
      code: 'WN_CNBH',
      label: '承诺编号',
      type: 'text',
      required: true,
      maxLength: 64,
      role: 'document_number',
    },
    { code: 'WN_CNLX', label: '承诺类型', type: 'text', maxLength: 50 },
    { code: 'WN_RQ', label: '认定违诺日期', type: 'date', required: true, role: 'decision_date' },
    { code: 'WN_SY', label: '违诺情形', type: 'text', required: true, maxLength: 2000 },
    { code: 'WN_SLDW', label: '承诺受理单位', type: 'text', required: true, maxLength: 200 },
    { code: 'WN_SLDWDM', label: '承诺受理单位统一社会信用代码', type: 'uscc' },
  ],
  businessKey: ['WN_CNBH', '@subject'],
  polarity: 'negative',
  disclosure: 'public',
  publicity: 'effective_period',
  timelinessWorkingDays: 7,
  retentionYears: 5,
  legalBasis: '国办发〔2020〕42号（虚假承诺、违背承诺的，依法纳入信用记录）',
  reportSection: 'CSSX',
  source: 'field codes xinyong-defined',
};

/** 信用评价结果 (evaluation results from other authorities, e.g. 纳税信用等级), REFERENCE §9.2. */
export const EVALUATION_RESULT: CatalogItemSpec = {
  code: 'EVALUATION_RESULT',
  name: '信用评价结果',
  nationalClass: 'evaluation',
  subjectKinds: ['legal_entity', 'individual_business', 'natural_person'],
  fields: [
    ...subjectBlock('PJ'),
    {
      code: 'PJ_BH',
      label: '评价结果编号',
      type: 'text',
      required: true,
      maxLength: 64,
      role: 'document_number',
    },
    {
      code: 'PJ_NR',
      label: '评定内容',
      type: 'text',
      required: true,
      maxLength: 200,
      hint: '如 纳税信用等级评价',
    },
    { code: 'PJ_DJ', label: '等级', type: 'text', required: true, maxLength: 20 },
    { code: 'PJ_RQ', label: '评定时间', type: 'date', required: true, role: 'decision_date' },
    { code: 'PJ_DW', label: '评定单位', type: 'text', required: true, maxLength: 200 },
    { code: 'PJ_DWDM', label: '评定单位统一社会信用代码', type: 'uscc' },
    { code: 'PJ_ND', label: '评价年度', type: 'integer' },
    { code: 'PJ_YXQZHI', label: '有效期至', type: 'date', openEnded: true, role: 'effective_to' },
    { code: 'PJ_WJYJ', label: '文件依据', type: 'text', maxLength: 500 },
  ],
  businessKey: ['PJ_BH', '@subject'],
  polarity: 'neutral',
  disclosure: 'public',
  publicity: 'effective_period',
  timelinessWorkingDays: null,
  retentionYears: 5,
  legalBasis: '全国公共信用信息基础目录（2024年版）信用评价结果信息',
  reportSection: 'CSSX',
  source: 'REFERENCE §9.2 report fields; field codes xinyong-defined',
};

/** 行政检查 (inspection results, incl. 双随机 draws), REFERENCE §8; results feed evaluation. */
export const XZJC: CatalogItemSpec = {
  code: 'XZJC',
  name: '行政检查',
  nationalClass: 'administrative_management',
  subjectKinds: ['legal_entity', 'individual_business'],
  fields: [
    ...subjectBlock('JC'),
    {
      code: 'JC_BH',
      label: '检查编号',
      type: 'text',
      required: true,
      maxLength: 64,
      role: 'document_number',
    },
    { code: 'JC_SX', label: '检查事项', type: 'text', required: true, maxLength: 500 },
    { code: 'JC_RQ', label: '检查日期', type: 'date', required: true, role: 'decision_date' },
    { code: 'JC_JG', label: '检查机关', type: 'text', required: true, maxLength: 200 },
    { code: 'JC_JGDM', label: '检查机关统一社会信用代码', type: 'uscc' },
    {
      code: 'JC_JGLX',
      label: '检查结果',
      type: 'enum',
      required: true,
      enum: [
        { value: 'no_issue', label: '未发现问题', synonyms: ['合格', '正常'] },
        { value: 'rectify', label: '发现问题已责令整改', synonyms: ['责令整改', '限期整改'] },
        { value: 'case_opened', label: '发现问题已立案查处', synonyms: ['立案查处', '移送立案'] },
        { value: 'not_found', label: '未发现主体（查无下落）', synonyms: ['查无下落', '未找到'] },
      ],
    },
    { code: 'JC_SM', label: '检查结果说明', type: 'text', maxLength: 2000 },
    { code: 'JC_CCJH', label: '抽查计划编号', type: 'text', maxLength: 64 },
  ],
  businessKey: ['JC_BH', '@subject'],
  polarity: 'neutral',
  disclosure: 'public',
  publicity: 'while_current',
  timelinessWorkingDays: 20,
  retentionYears: 5,
  legalBasis: '国办发〔2015〕58号（双随机、一公开）；国市监信发〔2022〕6号',
  reportSection: 'XZGL',
  source:
    'field codes xinyong-defined; 20 working days follows the GSXT publication practice (UNCONFIRMED for inspections)',
};

/** 行政强制 (administrative enforcement); part of the special credit report (发改财金〔2025〕565号). */
export const XZQZ: CatalogItemSpec = {
  code: 'XZQZ',
  name: '行政强制',
  nationalClass: 'administrative_management',
  subjectKinds: ['legal_entity', 'individual_business', 'natural_person'],
  fields: [
    ...subjectBlock('QZ'),
    {
      code: 'QZ_WSH',
      label: '行政强制决定书文号',
      type: 'text',
      required: true,
      maxLength: 128,
      role: 'document_number',
    },
    {
      code: 'QZ_LB',
      label: '行政强制类别',
      type: 'enum',
      required: true,
      enum: [
        { value: 'measure', label: '行政强制措施', synonyms: ['强制措施', '查封', '扣押', '冻结'] },
        { value: 'execution', label: '行政强制执行', synonyms: ['强制执行'] },
      ],
    },
    { code: 'QZ_SY', label: '实施事由', type: 'text', required: true, maxLength: 2000 },
    { code: 'QZ_YJ', label: '实施依据', type: 'text', required: true, maxLength: 2000 },
    { code: 'QZ_NR', label: '行政强制内容', type: 'text', required: true, maxLength: 4000 },
    { code: 'QZ_JDRQ', label: '决定日期', type: 'date', required: true, role: 'decision_date' },
    { code: 'QZ_JSRQ', label: '解除日期', type: 'date', openEnded: true, role: 'effective_to' },
    { code: 'QZ_JG', label: '实施机关', type: 'text', required: true, maxLength: 200 },
    { code: 'QZ_JGDM', label: '实施机关统一社会信用代码', type: 'uscc' },
  ],
  businessKey: ['QZ_WSH', '@subject'],
  polarity: 'negative',
  disclosure: 'authorised',
  publicity: 'effective_period',
  timelinessWorkingDays: 7,
  retentionYears: 5,
  legalBasis: '行政强制法；发改财金〔2025〕565号（专项信用报告应涵盖行政强制信息）',
  reportSection: 'XZGL',
  source: 'field codes xinyong-defined (national codes UNCONFIRMED)',
};
