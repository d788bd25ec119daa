import type { EnumOption, FieldSpec } from '../catalog.types.js';

/** 行政相对人类别 (双公示 Generation B): the three labels, plus the local 01–04 coding seen in some systems. */
export const SUBJECT_KIND_OPTIONS: readonly EnumOption[] = [
  {
    value: 'legal_entity',
    label: '法人及非法人组织',
    synonyms: ['法人', '非法人组织', '法人和非法人组织', '02', '03', '1'],
  },
  { value: 'natural_person', label: '自然人', synonyms: ['01', '2', '个人'] },
  { value: 'individual_business', label: '个体工商户', synonyms: ['04', '4', '个体户'] },
];

/** 证件类型 for natural persons and legal representatives (Hubei DTO fill-in instructions, REFERENCE §3.3). */
export const ID_TYPE_OPTIONS: readonly EnumOption[] = [
  {
    value: '身份证',
    label: '身份证',
    synonyms: ['居民身份证', '身份证号', '中华人民共和国居民身份证', '111'],
  },
  { value: '护照号', label: '护照号', synonyms: ['护照', '414'] },
  { value: '港澳居民来往内地通行证', label: '港澳居民来往内地通行证', synonyms: ['港澳通行证', '516'] },
  { value: '台湾居民来往大陆通行证', label: '台湾居民来往大陆通行证', synonyms: ['台胞证', '511'] },
  { value: '外国人永久居留身份证', label: '外国人永久居留身份证', synonyms: ['外国人永久居留证', '553'] },
  { value: '其他', label: '其他', synonyms: [] },
];

/**
 * The 行政相对人 block shared by 双公示 items: `P_XDR_MC`, `P_XDR_LB`, `P_XDR_SHXYM`, codes 2–6, legal
 * representative and id documents, with prefix P = XK | CF (REFERENCE §3.3–3.4).
 */
export function subjectFields(prefix: string, options: { uscc?: readonly string[] } = {}): FieldSpec[] {
  return [
    {
      code: `${prefix}_XDR_MC`,
      label: '行政相对人名称',
      type: 'text',
      required: true,
      maxLength: 200,
      role: 'subject_name',
      hint: '自然人填写姓名',
    },
    {
      code: `${prefix}_XDR_LB`,
      label: '行政相对人类别',
      type: 'enum',
      enum: SUBJECT_KIND_OPTIONS,
      role: 'subject_kind',
      hint: '法人及非法人组织、自然人、个体工商户三选一；为空时按代码推断（91… 法人，92… 个体工商户，身份证号 自然人）',
    },
    {
      code: `${prefix}_XDR_SHXYM`,
      label: '行政相对人代码_1(统一社会信用代码)',
      type: 'uscc',
      required: ['legal_entity'],
      role: 'subject_uscc',
      aliases: ['统一社会信用代码', ...(options.uscc ?? [])],
      hint: '法人及非法人组织必填；个体工商户有代码的必填',
    },
    {
      code: `${prefix}_XDR_GSZC`,
      label: '行政相对人代码_2(工商注册号)',
      type: 'reg_no',
      role: 'subject_reg_no',
      aliases: ['工商注册号'],
    },
    {
      code: `${prefix}_XDR_ZZJG`,
      label: '行政相对人代码_3(组织机构代码)',
      type: 'org_code',
      role: 'subject_org_code',
      aliases: ['组织机构代码'],
    },
    { code: `${prefix}_XDR_SWDJ`, label: '行政相对人代码_4(税务登记号)', type: 'text', maxLength: 50 },
    { code: `${prefix}_XDR_SYDW`, label: '行政相对人代码_5(事业单位证书号)', type: 'text', maxLength: 50 },
    { code: `${prefix}_XDR_SHZZ`, label: '行政相对人代码_6(社会组织登记证号)', type: 'text', maxLength: 50 },
    { code: `${prefix}_FRDB`, label: '法定代表人', type: 'text', maxLength: 100, personal: 'name' },
    {
      code: `${prefix}_FR_ZJLX`,
      label: '法定代表人证件类型',
      type: 'enum',
      enum: ID_TYPE_OPTIONS,
      disclosure: 'government',
    },
    {
      code: `${prefix}_FR_ZJHM`,
      label: '法定代表人证件号码',
      type: 'resident_id',
      personal: 'id_number',
      disclosure: 'government',
      idTypeField: `${prefix}_FR_ZJLX`,
      aliases: ['法定代表人身份证号', `${prefix}_FR_SFZH`],
    },
    {
      code: `${prefix}_XDR_ZJLX`,
      label: '证件类型',
      type: 'enum',
      enum: ID_TYPE_OPTIONS,
      role: 'subject_id_type',
      disclosure: 'government',
      hint: '行政相对人类别为自然人时必填',
      required: ['natural_person'],
    },
    {
      code: `${prefix}_XDR_ZJHM`,
      label: '证件号码',
      type: 'resident_id',
      personal: 'id_number',
      disclosure: 'government',
      role: 'subject_id_number',
      idTypeField: `${prefix}_XDR_ZJLX`,
      required: ['natural_person'],
    },
  ];
}
