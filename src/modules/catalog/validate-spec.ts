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

  if (!CODE.test(spec.code)) add('code', 'format', `item code ${spec.code} must match ${CODE}`);
  if (spec.fields.length === 0) add('fields', 'empty', 'an item needs at least one field');
  if (spec.subjectKinds.length === 0) add('subjectKinds', 'empty', 'an item needs at least one subject kind');

  const byCode = new Map<string, (typeof spec.fields)[number]>();
  for (const [i, f] of spec.fields.entries()) {
    const where = `fields[${i}]`;
    if (!CODE.test(f.code) && !/^[A-Z]{1,3}$/.test(f.code))
      add(`${where}.code`, 'format', `field code ${f.code} is not an upper-case code`);
    if (byCode.has(f.code)) add(`${where}.code`, 'duplicate', `field ${f.code} appears twice`);
    byCode.set(f.code, f);
    if (f.type === 'enum') {
      if (f.enum === undefined || f.enum.length === 0)
        add(`${where}.enum`, 'empty', `enum field ${f.code} needs options`);
      const values = new Set<string>();
      for (const o of f.enum ?? []) {
        if (values.has(o.value)) add(`${where}.enum`, 'duplicate', `enum ${f.code} repeats value ${o.value}`);
        values.add(o.value);
      }
    } else if (f.enum !== undefined) {
      add(`${where}.enum`, 'unexpected', `only enum fields have options (${f.code} is ${f.type})`);
    }
    if (f.multiple === true && f.type !== 'enum')
      add(`${where}.multiple`, 'unexpected', `only enum fields can be multiple`);
    if (f.unit !== undefined && f.type !== 'decimal')
      add(`${where}.unit`, 'unexpected', `only decimals have a unit`);
    if (f.openEnded === true && f.type !== 'date')
      add(`${where}.openEnded`, 'unexpected', `only dates can be open-ended`);
  }
  for (const [i, f] of spec.fields.entries()) {
    if (f.notAfter !== undefined && byCode.get(f.notAfter)?.type !== 'date') {
      add(`fields[${i}].notAfter`, 'unknown_field', `${f.notAfter} is not a date field of this item`);
    }
    if (f.idTypeField !== undefined) {
      const typeField = byCode.get(f.idTypeField);
      if (typeField === undefined || typeField.type !== 'enum') {
        add(
          `fields[${i}].idTypeField`,
          'unknown_field',
          `${f.idTypeField} is not an enum field of this item`,
        );
      }
    }
  }
  for (const role of SINGLE_ROLES) {
    const holders = spec.fields.filter((f) => f.role === role);
    if (holders.length > 1)
      add('fields', 'duplicate_role', `role ${role} is held by ${holders.map((f) => f.code).join(', ')}`);
  }
  if (!spec.fields.some((f) => f.role === 'subject_name'))
    add('fields', 'missing_role', 'one field must have role subject_name');
  if (!spec.fields.some((f) => f.role === 'subject_uscc' || f.role === 'subject_id_number')) {
    add(
      'fields',
      'missing_role',
      'one field must identify the subject (role subject_uscc or subject_id_number)',
    );
  }
  if (
    spec.subjectKinds.includes('natural_person') &&
    !spec.fields.some((f) => f.role === 'subject_id_number')
  ) {
    add('fields', 'missing_role', 'items about natural persons need a field with role subject_id_number');
  }
  const needsDecisionDate = spec.publicity === 'rules' || spec.timelinessWorkingDays !== null;
  if (needsDecisionDate && !spec.fields.some((f) => f.role === 'decision_date')) {
    add('fields', 'missing_role', 'publicity rules and timeliness need a field with role decision_date');
  }
  if (spec.businessKey.length === 0) add('businessKey', 'empty', 'the business key needs at least one part');
  for (const part of spec.businessKey) {
    if (part !== '@subject' && !byCode.has(part))
      add('businessKey', 'unknown_field', `business key part ${part} is not a field`);
    const f = byCode.get(part);
    if (f !== undefined && f.required !== true)
      add('businessKey', 'optional_key', `business key field ${part} must be required`);
  }
  if (
    spec.timelinessWorkingDays !== null &&
    (!Number.isInteger(spec.timelinessWorkingDays) || spec.timelinessWorkingDays < 1)
  ) {
    add('timelinessWorkingDays', 'range', 'timeliness must be a positive number of working days or null');
  }
  if (!Number.isInteger(spec.retentionYears) || spec.retentionYears < 1)
    add('retentionYears', 'range', 'retention must be ≥ 1 year');
  return problems;
}
