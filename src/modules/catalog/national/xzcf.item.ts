import type { CatalogItemSpec, EnumOption } from '../catalog.types.js';
import { subjectFields } from './subject-fields.js';

/**
 * 处罚类别 per 行政处罚法 (2021) art. 9, one value per penalty type. Synonyms accept the Generation A codes
 * (0 警告, 1 罚款, 2 没收违法所得、没收非法财物, 3 责令停产停业, 4 暂扣或者吊销许可证、暂扣或者吊销执照, 5 行政拘留, 6 其他).
 * Legacy code 4 cannot tell suspension from revocation, so it has its own value.
 */
export const PENALTY_TYPE_OPTIONS: readonly EnumOption[] = [
  { value: 'warning', label: '警告', synonyms: ['0'] },
  { value: 'circulated_criticism', label: '通报批评' },
  { value: 'fine', label: '罚款', synonyms: ['1'] },
  {
    value: 'confiscation',
    label: '没收违法所得、没收非法财物',
    synonyms: ['2', '没收违法所得', '没收非法财物', '没收违法所得和非法财物', '没收'],
  },
  {
    value: 'licence_suspension',
    label: '暂扣许可证件',
    synonyms: ['暂扣许可证', '暂扣执照', '暂扣许可证、执照'],
  },
  { value: 'qualification_downgrade', label: '降低资质等级' },
  { value: 'licence_revocation', label: '吊销许可证件', synonyms: ['吊销许可证', '吊销执照'] },
  { value: 'business_licence_revocation', label: '吊销营业执照' },
  {
    value: 'legacy_licence_action',
    label: '暂扣或者吊销许可证、暂扣或者吊销执照',
    synonyms: ['4', '暂扣或吊销许可证、暂扣或吊销执照'],
  },
  { value: 'production_restriction', label: '限制开展生产经营活动' },
  { value: 'suspension_order', label: '责令停产停业', synonyms: ['3', '责令停产', '责令停业'] },
  { value: 'closure_order', label: '责令关闭' },
  { value: 'practice_restriction', label: '限制从业' },
  { value: 'detention', label: '行政拘留', synonyms: ['5'] },
  { value: 'other', label: '其他', synonyms: ['6', '其它', '其他行政处罚'] },
];

/** 失信程度 classes of NDRC Order 36 / 国办发〔2025〕22号. */
export const SEVERITY_OPTIONS: readonly EnumOption[] = [
  { value: 'minor', label: '轻微', synonyms: ['轻微失信'] },
  { value: 'general', label: '一般', synonyms: ['一般失信'] },
  { value: 'serious', label: '严重', synonyms: ['严重失信'] },
];

/**
 * 行政处罚 (administrative penalty), 双公示 Generation B field set (REFERENCE §3.4; sources: 2024 MySQL DDL,
 * Beijing SAMR parser, Shuangyashan API sample). Fines are in 万元 with up to 6 decimals (decimal(18,6)).
 * CF_JYCX (简易程序) and CF_SXCD (失信程度) are xinyong extensions, not national codes: the classifier uses them
 * when a provider supplies them. CF_GSJZQ as submitted is kept but the platform computes its own end date.
 */
export const XZCF: CatalogItemSpec = {
  code: 'XZCF',
  name: '行政处罚',
  nationalClass: 'administrative_management',
  subjectKinds: ['legal_entity', 'individual_business', 'natural_person'],
  fields: [
    {
      code: 'CF_WSH',
      label: '行政处罚决定书文号',
      type: 'text',
      required: true,
      maxLength: 128,
      role: 'document_number',
    },
    ...subjectFields('CF', { uscc: ['uni_social_crd_cd'] }),
    { code: 'CF_WFXW', label: '违法行为类型', type: 'text', required: true, maxLength: 2000 },
    { code: 'CF_SY', label: '违法事实', type: 'text', required: true, maxLength: 4000 },
    { code: 'CF_YJ', label: '处罚依据', type: 'text', required: true, maxLength: 2000 },
    {
      code: 'CF_CFLB',
      label: '处罚类别',
      type: 'enum',
      required: true,
      multiple: true,
      enum: PENALTY_TYPE_OPTIONS,
      role: 'penalty_types',
      aliases: ['处罚类别1', 'CF_CFLB1'],
      hint: '按行政处罚法第九条填写，多个类别用"；"分隔',
    },
    { code: 'CF_NR', label: '处罚内容', type: 'text', required: true, maxLength: 4000 },
    {
      code: 'CF_NR_FK',
      label: '罚款金额（万元）',
      type: 'decimal',
      unit: '万元',
      scale: 6,
      role: 'fine_amount',
      hint: '单位万元，保留6位小数；如罚款2000元填0.2',
    },
    {
      code: 'CF_NR_WFFF',
      label: '没收违法所得、没收非法财物的金额（万元）',
      type: 'decimal',
      unit: '万元',
      scale: 6,
      role: 'confiscation_amount',
    },
    { code: 'CF_NR_ZKDX', label: '暂扣或吊销证照名称及编号', type: 'text', maxLength: 200 },
    { code: 'CF_JDRQ', label: '处罚决定日期', type: 'date', required: true, role: 'decision_date' },
    { code: 'CF_YXQ', label: '处罚有效期', type: 'date', openEnded: true, hint: '含义未经官方文本确认' },
    {
      code: 'CF_GSJZQ',
      label: '公示截止期',
      type: 'date',
      openEnded: true,
      hint: '平台按公示期限规则自行计算，报送值仅作核对',
    },
    { code: 'CF_CFJG', label: '处罚机关', type: 'text', required: true, maxLength: 200 },
    { code: 'CF_CFJGDM', label: '处罚机关统一社会信用代码', type: 'uscc', required: true },
    { code: 'CF_SJLY', label: '数据来源单位', type: 'text', required: true, maxLength: 200 },
    { code: 'CF_SJLYDM', label: '数据来源单位统一社会信用代码', type: 'uscc', required: true },
    {
      code: 'CF_JYCX',
      label: '是否简易程序',
      type: 'boolean',
      role: 'procedure',
      disclosure: 'government',
      hint: '扩展字段：当场作出的简易程序处罚填"是"',
    },
    {
      code: 'CF_SXCD',
      label: '失信程度',
      type: 'enum',
      enum: SEVERITY_OPTIONS,
      role: 'severity',
      hint: '扩展字段：轻微、一般、严重；留空由平台按规则认定',
    },
    { code: 'BZ', label: '备注', type: 'text', maxLength: 512 },
  ],
  businessKey: ['CF_WSH', '@subject'],
  polarity: 'negative',
  disclosure: 'public',
  publicity: 'rules',
  timelinessWorkingDays: 7,
  retentionYears: 5,
  legalBasis: '行政处罚法第四十八条；发改办财金〔2018〕424号（7个工作日内上网公开）',
  reportSection: 'XZGL',
  updateFrequency: '作出决定后7个工作日内',
  source: 'REFERENCE §3.4 Generation B; CF_JYCX and CF_SXCD are xinyong extensions',
};
