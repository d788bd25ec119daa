import type { IssueDetail } from '../../../platform/errors.js';
import { maskIdentifiersInText } from '../../../standards/mask.js';
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
 * Largest fine or confiscation amount taken as plausible, in 万元: 10,000,000 万元 = 1,000 亿元, more than five times
 * the largest administrative fine widely reported in China (182.28 亿元, SAMR 国市监处〔2021〕28号). Larger amounts
 * are typing or unit errors. xinyong's bound, not a standard's: callers may pass their own (`RowContext`).
 */
export const DEFAULT_MAX_AMOUNT_WAN = '10000000';

/** What a row is checked against besides its item spec: the receiving day, the submitting provider, limits. */
export interface RowContext extends ParseContext {
  /** The provider (信息提供单位) submitting the rows; its USCC is compared with the deciding authority's code. */
  readonly provider?: { readonly code: string; readonly name: string; readonly uscc: string | null };
  /** Fines and confiscations above this many 万元 are rejected (default {@link DEFAULT_MAX_AMOUNT_WAN}). */
  readonly maxAmountWan?: string;
}

/**
 * The deciding authority's USCC field (处罚机关 / 许可机关统一社会信用代码) and its name field, by national field code.
 * The catalog has no field role for the deciding authority, so the 双公示 codes are named here.
 */
const AUTHORITY_FIELDS: ReadonlyMap<string, string> = new Map([
  ['CF_CFJGDM', 'CF_CFJG'],
  ['XK_XKJGDM', 'XK_XKJG'],
]);

/** The field of `spec` holding the deciding authority's USCC, if the item has one. */
export function authorityCodeField(spec: CatalogItemSpec): string | undefined {
  return spec.fields.find((f) => AUTHORITY_FIELDS.has(f.code))?.code;
}

/**
 * A row issue about one field: its label, then what is wrong, e.g. `处罚决定日期 2025-02-30 不是有效日期`.
 * `reason` is a value parser's or identifier check's message.
 */
export function fieldMessage(label: string, reason: string): string {
  return `${label} ${reason}`;
}

/**
 * Compiles the validation of one item version: each field's parser, required flags (also per subject kind), and
 * the cross-field rules: 行政相对人类别 vs the 91/92 USCC prefix, period order, decision dates after the day of
 * receipt (errors: a decision cannot postdate its report), amounts in a 万元 field that the row's text states in 元
 * (errors) or that merely look like 元 (warnings), amounts above the plausible ceiling (errors), a fine without 罚款
 * among the penalty types, and a deciding authority other than the submitting provider (warning).
 */
export function compileRowValidator(spec: CatalogItemSpec, ctx: RowContext): RowValidator {
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
  const confiscationField = roleCode('confiscation_amount');
  const maxAmount = ctx.maxAmountWan ?? DEFAULT_MAX_AMOUNT_WAN;
  const authorityField = authorityCodeField(spec);
  const authorityNameField = authorityField === undefined ? undefined : AUTHORITY_FIELDS.get(authorityField);
  const providerUscc = ctx.provider?.uscc?.trim().toUpperCase() || null;
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
    // A decision is reported after it is made: one dated after the day of receipt (Asia/Shanghai) is a typing error.
    // Other dates (validity ends, publicity ends) may lie ahead and are not checked here.
    const decision = decisionField === undefined ? null : values[decisionField];
    if (typeof decision === 'string' && decision > ctx.today && decisionField !== undefined) {
      errors.push({
        row,
        field: decisionField,
        code: 'future_date',
        message: `${labelOf(decisionField)} ${decision} 晚于报送当日（${ctx.today}）：决定不可能在报送之后作出，请核对日期`,
      });
    }

    for (const [field, context] of [
      [fineField, FINE_CONTEXT],
      [confiscationField, CONFISCATION_CONTEXT],
    ] as const) {
      const amount = field === undefined ? null : values[field];
      if (field === undefined || typeof amount !== 'string' || compareDecimal(amount, '0') <= 0) continue;
      if (compareDecimal(amount, maxAmount) > 0) {
        errors.push({
          row,
          field,
          code: 'amount_implausible',
          // an amount that is an id or mobile number is not quoted, nor its multiple (the digits of the number)
          message: `${labelOf(field)}${maskIdentifiersInText(amount).masked ? '' : ` ${amount} 万元（即 ${yuanOf(amount)} 元）`}超过可信上限 ${maxAmount} 万元，应是录入错误或单位错误；该字段的单位是万元（2000 元应填 0.2）`,
        });
        continue;
      }
      let strong: { code: string; clause: string } | undefined;
      let weak = false;
      for (const code of textFields) {
        const t = values[code];
        if (typeof t !== 'string') continue;
        for (const clause of yuanMentions(t.replaceAll(',', ''), amount)) {
          if (context.test(clause)) strong ??= { code, clause };
          else weak = true;
        }
      }
      if (strong !== undefined) {
        errors.push({
          row,
          field,
          code: 'amount_unit_wrong',
          message: `${labelOf(field)}填写为 ${amount}，但${labelOf(strong.code)}写的是“${strong.clause}”：该字段的单位是万元，${amount} 元应填 ${wanOf(amount)}（也可填写“${amount}元”，由平台换算为万元）`,
        });
      } else if (field === fineField && (weak || compareDecimal(amount, '10000') >= 0)) {
        warnings.push({
          row,
          field,
          code: 'amount_unit_suspect',
          message: `${labelOf(field)} ${amount} 万元疑似按元填写${weak ? '（其他字段中以元写出了同一数额）' : ''}；该字段的单位是万元（2000 元应填 0.2）`,
        });
      }
    }

    if (authorityField !== undefined && providerUscc !== null && ctx.provider !== undefined) {
      const authority = values[authorityField];
      if (typeof authority === 'string' && authority.toUpperCase() !== providerUscc) {
        const name = authorityNameField === undefined ? null : values[authorityNameField];
        warnings.push({
          row,
          field: authorityField,
          code: 'authority_not_provider',
          message: `${labelOf(authorityField)} ${authority}${typeof name === 'string' ? `（${name}）` : ''}不是信息提供单位 ${ctx.provider.name}（${ctx.provider.code}）的统一社会信用代码 ${providerUscc}：请确认本单位有权代该机关报送（如市级部门代区县部门报送），否则应由该机关自行报送`,
        });
      }
    }

    const fine = fineField === undefined ? null : values[fineField];
    if (typeof fine === 'string' && fineField !== undefined && compareDecimal(fine, '0') > 0) {
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

/** A clause about a fine (罚款, 罚金, 处…元罚款) or about confiscation (没收违法所得、非法财物). */
const FINE_CONTEXT = /罚/;
const CONFISCATION_CONTEXT = /没收|违法所得|非法财物/;
/** Where a clause ends: Chinese and ASCII sentence punctuation, line breaks. */
const CLAUSE_END = /[，；。;！!？?\n]/;
/** Characters of a clause kept on each side of the amount (long unpunctuated texts). */
const CLAUSE_REACH = 20;

/**
 * The clauses of `text` that state the amount `value` in 元 (not 万元), e.g. "罚款2000元" or "处2000.00元罚款" for
 * value "2000": the clause is the text around the amount up to the neighbouring punctuation (at most
 * {@link CLAUSE_REACH} characters each side), so the caller can tell a statement of the fine from a mention of the
 * same number elsewhere (a unit price, an illegal income).
 */
function yuanMentions(text: string, value: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const i = text.indexOf(value, from);
    if (i < 0) return found;
    from = i + 1;
    const before = text.charCodeAt(i - 1);
    const rest = text.slice(i + value.length);
    const unit = /^(?:\.0+)?\s*元/.exec(rest);
    const boundary = i === 0 || !((before >= 48 && before <= 57) || before === 46 || before === 44);
    if (!boundary || unit === null) continue;
    let start = i;
    while (start > 0 && i - start < CLAUSE_REACH && !CLAUSE_END.test(text.charAt(start - 1))) start--;
    const endAt = rest.slice(0, unit[0].length + CLAUSE_REACH).search(CLAUSE_END);
    const end = Math.min(text.length, i + value.length + (endAt < 0 ? unit[0].length + CLAUSE_REACH : endAt));
    found.push(text.slice(start, end).trim());
  }
}

/** An amount in 万元 as 元 (decimal point moved four places right). */
function yuanOf(wan: string): string {
  const [int = '0', frac = ''] = wan.split('.');
  const digits = `${int}${frac.padEnd(4, '0')}`;
  const yuanInt = digits.slice(0, int.length + 4).replace(/^0+(?=\d)/, '');
  const yuanFrac = digits.slice(int.length + 4).replace(/0+$/, '');
  return yuanFrac === '' ? yuanInt : `${yuanInt}.${yuanFrac}`;
}

/** An amount in 元 as 万元 (decimal point moved four places left). */
function wanOf(yuan: string): string {
  const [int = '0', frac = ''] = yuan.split('.');
  const padded = int.padStart(5, '0');
  const wanInt = padded.slice(0, -4).replace(/^0+(?=\d)/, '');
  const wanFrac = `${padded.slice(-4)}${frac}`.replace(/0+$/, '');
  return wanFrac === '' ? wanInt : `${wanInt}.${wanFrac}`;
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
