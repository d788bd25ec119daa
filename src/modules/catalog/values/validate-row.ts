import type { IssueDetail } from '../../../platform/errors.js';
import { SUBJECT_KIND_LABELS } from '../../subjects/subject.service.js';
import type { SubjectKind } from '../../subjects/subject.table.js';
import type { CatalogItemSpec, FieldRole, FieldSpec } from '../catalog.types.js';
import { compareDecimal } from './parse-decimal.js';
import { compileFieldParser, type FieldParser, type FieldValue, type ParseContext } from './parse-field.js';
import type { RawValue } from './raw-value.js';

/** A row after field parsing and cross-field checks. `values` holds every field code (null = empty). */
export interface ValidatedRow {
  readonly values: Readonly<Record<string, FieldValue | null>>;
  /** Subject kind from 相对人类别, or inferred from the identifiers. */
  readonly kind: SubjectKind | null;
  /** Date fields given as "no end" (长期, 9999-12-31 …). */
  readonly openEnded: readonly string[];
  readonly errors: readonly IssueDetail[];
  readonly warnings: readonly IssueDetail[];
}

export type RowValidator = (raw: Readonly<Record<string, RawValue>>, row: number) => ValidatedRow;

/**
 * A row issue about one field: its label, then what is wrong, e.g. `处罚决定日期 2025-02-30 不是有效日期`.
 * `reason` is a value parser's or identifier check's message.
 */
export function fieldMessage(label: string, reason: string): string {
  return `${label} ${reason}`;
}

/**
 * Compiles the validation of one item version: each field's parser, required flags (also per subject kind), and
 * the cross-field rules: 行政相对人类别 vs the 91/92 USCC prefix, period order, future decision dates, fines that
 * look like 元 in a 万元 field, a fine without 罚款 among the penalty types.
 */
export function compileRowValidator(spec: CatalogItemSpec, ctx: ParseContext): RowValidator {
  const parsers = spec.fields.map((f) => [f, compileFieldParser(f, ctx)] as const);
  const byRole = new Map<FieldRole, FieldSpec>();
  for (const f of spec.fields) if (f.role !== undefined) byRole.set(f.role, f);
  const roleCode = (r: FieldRole) => byRole.get(r)?.code;
  const kindField = roleCode('subject_kind');
  const usccField = roleCode('subject_uscc');
  const idNumberField = roleCode('subject_id_number');
  const fromField = roleCode('effective_from');
  const toField = roleCode('effective_to');
  const decisionField = roleCode('decision_date');
  const fineField = roleCode('fine_amount');
  const typesField = roleCode('penalty_types');
  const textFields = spec.fields.filter((f) => f.type === 'text').map((f) => f.code);
  const ordered = orderByIdType(parsers);
  const ordering = spec.fields.filter((f) => f.notAfter !== undefined);
  const labels = new Map(spec.fields.map((f) => [f.code, f.label]));
  const labelOf = (code: string | undefined) => (code === undefined ? '' : (labels.get(code) ?? code));

  return (raw, row) => {
    const values: Record<string, FieldValue | null> = {};
    const errors: IssueDetail[] = [];
    const warnings: IssueDetail[] = [];
    const openEnded: string[] = [];
    for (const [field, parse] of ordered) {
      const idType = field.idTypeField === undefined ? undefined : (values[field.idTypeField] ?? null);
      const result = parse(raw[field.code], idType);
      if (!result.ok) {
        errors.push({
          row,
          field: field.code,
          code: result.code,
          message: fieldMessage(field.label, result.message),
        });
        values[field.code] = null;
        continue;
      }
      values[field.code] = result.value;
      if (result.openEnded === true) openEnded.push(field.code);
      for (const w of result.warnings ?? [])
        warnings.push({
          row,
          field: field.code,
          code: w.code,
          message: fieldMessage(field.label, w.message),
        });
    }

    const failed = new Set(errors.map((e) => e.field));
    const kind = resolveKind(values, kindField, usccField, idNumberField);
    for (const f of spec.fields) {
      if (values[f.code] !== null || failed.has(f.code) || openEnded.includes(f.code)) continue;
      const required =
        f.required === true || (Array.isArray(f.required) && kind !== null && f.required.includes(kind));
      if (required) {
        errors.push({
          row,
          field: f.code,
          code: 'required',
          message: `${f.label}为必填项${Array.isArray(f.required) && kind !== null ? `（主体类别为${SUBJECT_KIND_LABELS[kind]}时）` : ''}`,
        });
      }
    }

    const uscc = usccField === undefined ? null : values[usccField];
    if (kind !== null && typeof uscc === 'string' && kindField !== undefined && values[kindField] !== null) {
      if (kind === 'individual_business' && !uscc.startsWith('92')) {
        warnings.push({
          row,
          field: kindField,
          code: 'kind_code_mismatch',
          message: `${labelOf(kindField)}为个体工商户，但代码 ${uscc} 不以 92 开头`,
        });
      } else if (kind === 'legal_entity' && uscc.startsWith('92')) {
        warnings.push({
          row,
          field: kindField,
          code: 'kind_code_mismatch',
          message: `${labelOf(kindField)}为法人及非法人组织，但代码 ${uscc} 以 92 开头（个体工商户）`,
        });
      } else if (kind === 'natural_person') {
        warnings.push({
          row,
          field: kindField,
          code: 'kind_code_mismatch',
          message: `${labelOf(kindField)}为自然人，但填写了统一社会信用代码 ${uscc}`,
        });
      }
    }

    const from = fromField === undefined ? null : values[fromField];
    const to = toField === undefined ? null : values[toField];
    if (typeof from === 'string' && typeof to === 'string' && to < from && toField !== undefined) {
      errors.push({
        row,
        field: toField,
        code: 'period_order',
        message: `${labelOf(toField)} ${to} 早于${labelOf(fromField)} ${from}`,
      });
    }
    for (const f of ordering) {
      const a = values[f.code];
      const b = values[f.notAfter as string];
      if (typeof a === 'string' && typeof b === 'string' && a > b) {
        errors.push({
          row,
          field: f.code,
          code: 'date_order',
          message: `${f.label} ${a} 晚于${labelOf(f.notAfter)} ${b}`,
        });
      }
    }
    const decision = decisionField === undefined ? null : values[decisionField];
    if (typeof decision === 'string' && decision > ctx.today && decisionField !== undefined) {
      warnings.push({
        row,
        field: decisionField,
        code: 'future_date',
        message: `${labelOf(decisionField)} ${decision} 晚于今天（${ctx.today}）`,
      });
    }

    const fine = fineField === undefined ? null : values[fineField];
    if (typeof fine === 'string' && fineField !== undefined && compareDecimal(fine, '0') > 0) {
      const mentions = textFields.some((code) => {
        const t = values[code];
        return typeof t === 'string' && mentionsYuan(t.replaceAll(',', ''), fine);
      });
      if (mentions || compareDecimal(fine, '10000') >= 0) {
        warnings.push({
          row,
          field: fineField,
          code: 'amount_unit_suspect',
          message: `${labelOf(fineField)} ${fine} 万元疑似按元填写${mentions ? '（处罚内容中写的是元）' : ''}；该字段的单位是万元（2000 元应填 0.2）`,
        });
      }
      const types = typesField === undefined ? null : values[typesField];
      if (typeof types === 'string' && !types.split(';').includes('fine')) {
        warnings.push({
          row,
          field: typesField,
          code: 'fine_without_type',
          message: `填写了${labelOf(fineField)}，但${labelOf(typesField)}中没有“罚款”`,
        });
      }
    }
    return { values, kind, openEnded, errors, warnings };
  };
}

/** Whether `text` states the amount `value` in 元 (not 万元), e.g. "罚款2000元" for value "2000". */
function mentionsYuan(text: string, value: string): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(value, from);
    if (i < 0) return false;
    const before = text.charCodeAt(i - 1);
    const after = text.slice(i + value.length).trimStart();
    const boundary = i === 0 || !((before >= 48 && before <= 57) || before === 46 || before === 44);
    if (boundary && after.startsWith('元')) return true;
    from = i + 1;
  }
}

/** Parses id-type fields before the id-number fields that depend on them. */
function orderByIdType(
  parsers: readonly (readonly [FieldSpec, FieldParser])[],
): (readonly [FieldSpec, FieldParser])[] {
  return [...parsers].sort(
    (a, b) => (a[0].idTypeField === undefined ? 0 : 1) - (b[0].idTypeField === undefined ? 0 : 1),
  );
}

function resolveKind(
  values: Record<string, FieldValue | null>,
  kindField: string | undefined,
  usccField: string | undefined,
  idNumberField: string | undefined,
): SubjectKind | null {
  const declared = kindField === undefined ? null : values[kindField];
  if (declared === 'legal_entity' || declared === 'individual_business' || declared === 'natural_person')
    return declared;
  const uscc = usccField === undefined ? null : values[usccField];
  if (typeof uscc === 'string') return uscc.startsWith('92') ? 'individual_business' : 'legal_entity';
  const id = idNumberField === undefined ? null : values[idNumberField];
  if (typeof id === 'string') return 'natural_person';
  return null;
}
