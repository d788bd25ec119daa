import type { IssueDetail } from '../../platform/errors.js';
import type { CatalogItemSpec, FieldRole } from './catalog.types.js';

const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
const SINGLE_ROLES: readonly FieldRole[] = [
  'subject_name',
  'subject_kind',
  'subject_uscc',
  'subject_reg_no',
  'subject_org_code',
  'subject_id_type',
  'subject_id_number',
  'subject_region',
  'subject_status',
  'decision_date',
  'effective_from',
  'effective_to',
  'penalty_types',
  'fine_amount',
  'confiscation_amount',
  'severity',
  'procedure',
];

/**
 * Checks an item definition for internal consistency beyond its JSON shape: codes, unique fields, enum options,
 * business key, and the field roles the pipeline relies on. Returns every problem (empty = valid).
 */
export function validateItemSpec(spec: CatalogItemSpec): IssueDetail[] {
  const problems: IssueDetail[] = [];
  const add = (field: string, code: string, message: string) => problems.push({ field, code, message });

  if (!CODE.test(spec.code))
    add(
      'code',
      'format',
      `信息项代码 ${spec.code} 应符合 ${CODE}（大写字母开头，2–40 位大写字母、数字或下划线）`,
    );
  if (spec.fields.length === 0) add('fields', 'empty', '信息项至少需要一个数据项');
  if (spec.subjectKinds.length === 0) add('subjectKinds', 'empty', '信息项至少需要一种主体类别');

  const byCode = new Map<string, (typeof spec.fields)[number]>();
  for (const [i, f] of spec.fields.entries()) {
    const where = `fields[${i}]`;
    if (!CODE.test(f.code) && !/^[A-Z]{1,3}$/.test(f.code))
      add(`${where}.code`, 'format', `数据项代码 ${f.code} 不是大写代码`);
    if (byCode.has(f.code)) add(`${where}.code`, 'duplicate', `数据项 ${f.code} 重复出现`);
    byCode.set(f.code, f);
    if (f.type === 'enum') {
      if (f.enum === undefined || f.enum.length === 0)
        add(`${where}.enum`, 'empty', `枚举数据项 ${f.code} 需要可选值`);
      const values = new Set<string>();
      for (const o of f.enum ?? []) {
        if (values.has(o.value))
          add(`${where}.enum`, 'duplicate', `枚举数据项 ${f.code} 的可选值 ${o.value} 重复`);
        values.add(o.value);
      }
    } else if (f.enum !== undefined) {
      add(`${where}.enum`, 'unexpected', `只有枚举数据项才有可选值（${f.code} 的类型为 ${f.type}）`);
    }
    if (f.multiple === true && f.type !== 'enum')
      add(`${where}.multiple`, 'unexpected', `只有枚举数据项可以多选（${f.code} 的类型为 ${f.type}）`);
    if (f.unit !== undefined && f.type !== 'decimal')
      add(`${where}.unit`, 'unexpected', `只有小数数据项才有单位（${f.code} 的类型为 ${f.type}）`);
    if (f.openEnded === true && f.type !== 'date')
      add(`${where}.openEnded`, 'unexpected', `只有日期数据项可以是长期有效（${f.code} 的类型为 ${f.type}）`);
  }
  for (const [i, f] of spec.fields.entries()) {
    if (f.notAfter !== undefined && byCode.get(f.notAfter)?.type !== 'date') {
      add(`fields[${i}].notAfter`, 'unknown_field', `${f.notAfter} 不是本信息项的日期数据项`);
    }
    if (f.idTypeField !== undefined) {
      const typeField = byCode.get(f.idTypeField);
      if (typeField === undefined || typeField.type !== 'enum') {
        add(`fields[${i}].idTypeField`, 'unknown_field', `${f.idTypeField} 不是本信息项的枚举数据项`);
      }
    }
  }
  for (const role of SINGLE_ROLES) {
    const holders = spec.fields.filter((f) => f.role === role);
    if (holders.length > 1)
      add('fields', 'duplicate_role', `角色 ${role} 同时由 ${holders.map((f) => f.code).join('、')} 担任`);
  }
  if (!spec.fields.some((f) => f.role === 'subject_name'))
    add('fields', 'missing_role', '需要一个角色为 subject_name（主体名称）的数据项');
  if (!spec.fields.some((f) => f.role === 'subject_uscc' || f.role === 'subject_id_number')) {
    add('fields', 'missing_role', '需要一个识别主体的数据项（角色为 subject_uscc 或 subject_id_number）');
  }
  if (
    spec.subjectKinds.includes('natural_person') &&
    !spec.fields.some((f) => f.role === 'subject_id_number')
  ) {
    add('fields', 'missing_role', '涉及自然人的信息项需要一个角色为 subject_id_number（证件号码）的数据项');
  }
  const needsDecisionDate = spec.publicity === 'rules' || spec.timelinessWorkingDays !== null;
  if (needsDecisionDate && !spec.fields.some((f) => f.role === 'decision_date')) {
    add('fields', 'missing_role', '公示规则和报送时限需要一个角色为 decision_date（决定日期）的数据项');
  }
  if (spec.businessKey.length === 0) add('businessKey', 'empty', '业务主键至少需要一个组成部分');
  for (const part of spec.businessKey) {
    if (part !== '@subject' && !byCode.has(part))
      add('businessKey', 'unknown_field', `业务主键组成部分 ${part} 不是本信息项的数据项`);
    const f = byCode.get(part);
    if (f !== undefined && f.required !== true)
      add('businessKey', 'optional_key', `业务主键数据项 ${part} 必须为必填项`);
  }
  if (
    spec.timelinessWorkingDays !== null &&
    (!Number.isInteger(spec.timelinessWorkingDays) || spec.timelinessWorkingDays < 1)
  ) {
    add('timelinessWorkingDays', 'range', '报送时限应为正整数个工作日或 null');
  }
  if (!Number.isInteger(spec.retentionYears) || spec.retentionYears < 1)
    add('retentionYears', 'range', '保存期限应不少于 1 年');
  return problems;
}
