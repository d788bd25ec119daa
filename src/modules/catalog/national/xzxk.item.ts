import type { CatalogItemSpec } from '../catalog.types.js';
import { subjectFields } from './subject-fields.js';

/**
 * 行政许可 (administrative licence), 双公示 Generation B field set (REFERENCE §3.3; sources: dragdream/cc
 * PermissionList, Shuangyashan API sample, jeecg SscjDataReqDto). Required flags follow the fill-in instructions
 * quoted there; XK_ZT's 1 = 有效 / 2 = 无效 meaning is UNCONFIRMED.
 */
export const XZXK: CatalogItemSpec = {
  code: 'XZXK',
  name: '行政许可',
  nationalClass: 'administrative_management',
  subjectKinds: ['legal_entity', 'individual_business', 'natural_person'],
  fields: [
    ...subjectFields('XK', { uscc: ['uni_social_crd_cd'] }),
    {
      code: 'XK_XKWS',
      label: '行政许可决定文书名称',
      type: 'text',
      required: true,
      maxLength: 200,
      hint: '不含文号，如"国家发展改革委关于XXX公司发行企业债券核准的批复"',
    },
    {
      code: 'XK_WSH',
      label: '行政许可决定文书号',
      type: 'text',
      required: true,
      maxLength: 128,
      role: 'document_number',
      hint: '无文书号时填写许可编号',
    },
    {
      code: 'XK_XKLB',
      label: '许可类别',
      type: 'enum',
      required: true,
      enum: [
        { value: '普通', label: '普通', synonyms: ['普通许可'] },
        { value: '特许', label: '特许', synonyms: ['特许许可'] },
        { value: '认可', label: '认可' },
        { value: '核准', label: '核准' },
        { value: '登记', label: '登记' },
        { value: '其他', label: '其他', synonyms: ['其它'] },
      ],
      hint: '普通、特许、认可、核准、登记、其他（其他需注明具体类别，如"其他-备案"）',
    },
    { code: 'XK_XKZS', label: '许可证书名称', type: 'text', maxLength: 200 },
    { code: 'XK_XKBH', label: '许可编号', type: 'text', maxLength: 128 },
    { code: 'XK_NR', label: '许可内容', type: 'text', required: true, maxLength: 4000 },
    { code: 'XK_JDRQ', label: '许可决定日期', type: 'date', required: true, role: 'decision_date' },
    { code: 'XK_YXQZ', label: '有效期自', type: 'date', required: true, role: 'effective_from' },
    {
      code: 'XK_YXQZI',
      label: '有效期至',
      type: 'date',
      required: true,
      openEnded: true,
      role: 'effective_to',
    },
    { code: 'XK_XKJG', label: '许可机关', type: 'text', required: true, maxLength: 200 },
    { code: 'XK_XKJGDM', label: '许可机关统一社会信用代码', type: 'uscc', required: true },
    {
      code: 'XK_ZT',
      label: '当前状态',
      type: 'enum',
      enum: [
        { value: '1', label: '有效', synonyms: ['正常'] },
        { value: '2', label: '无效', synonyms: ['失效', '撤销', '注销'] },
      ],
      hint: '1 有效，2 无效（编码含义未经官方文本确认）',
    },
    { code: 'XK_LYDW', label: '数据来源单位', type: 'text', required: true, maxLength: 200 },
    { code: 'XK_LYDWDM', label: '数据来源单位统一社会信用代码', type: 'uscc', required: true },
    { code: 'BZ', label: '备注', type: 'text', maxLength: 512 },
  ],
  businessKey: ['XK_WSH', '@subject'],
  polarity: 'neutral',
  disclosure: 'public',
  publicity: 'effective_period',
  timelinessWorkingDays: 7,
  retentionYears: 5,
  legalBasis: '发改办财金〔2018〕424号（自作出行政决定之日起7个工作日内上网公开）；行政许可法第四十条',
  reportSection: 'XZGL',
  updateFrequency: '作出决定后7个工作日内',
  source:
    'REFERENCE §3.3 Generation B; required flags per published fill-in instructions; XK_ZT codes UNCONFIRMED',
};
