import type { IssueDetail } from '../../platform/errors.js';
import { maskAddress, maskIdentifiersInText, maskName } from '../../standards/mask.js';
import {
  addWorkingDays,
  CalendarNotPublishedError,
  type WorkingDayCalendar,
} from '../../standards/working-days.js';
import type { CatalogItemSpec, FieldRole, FieldSpec } from '../catalog/catalog.types.js';
import type { FieldValue } from '../catalog/values/parse-field.js';
import type { ValidatedRow } from '../catalog/values/validate-row.js';
import { computePublicity } from '../publicity/compute-publicity.js';
import type { PublicityConfig } from '../publicity/publicity.config.js';
import type { Severity } from '../publicity/publicity.types.js';
import type { RecordDraft } from '../records/apply-records.service.js';

/** The fields of an item sorted by code (see {@link DraftContext.sortedFields}). */
export function sortFields(spec: CatalogItemSpec): FieldSpec[] {
  return [...spec.fields].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export interface DraftContext {
  readonly spec: CatalogItemSpec;
  readonly sector: string;
  /** Shanghai calendar date the batch was received. */
  readonly receivedDate: string;
  readonly calendar: WorkingDayCalendar;
  readonly publicityConfig: PublicityConfig;
  /** The item's fields sorted by code: stored field objects are built in this order, so their JSON is canonical. */
  readonly sortedFields: readonly FieldSpec[];
}

/** Field codes by role, computed once per item version. */
export function roleIndex(spec: CatalogItemSpec): ReadonlyMap<FieldRole, string> {
  const m = new Map<FieldRole, string>();
  for (const f of spec.fields) if (f.role !== undefined) m.set(f.role, f.code);
  return m;
}

/** The 7-working-day (or item-specific) collection deadline; memoised per decision date. */
export function deadlineFinder(
  calendar: WorkingDayCalendar,
  days: number,
): (decision: string) => string | null {
  const memo = new Map<string, string | null>();
  return (decision) => {
    let d = memo.get(decision);
    if (d === undefined) {
      try {
        d = addWorkingDays(calendar, decision, days);
      } catch (e) {
        if (!(e instanceof CalendarNotPublishedError)) throw e;
        d = null;
      }
      memo.set(decision, d);
    }
    return d;
  };
}

const text = (v: FieldValue | null | undefined): string | null => (typeof v === 'string' ? v : null);

/** A value as business keys hold it: NFKC, without whitespace (so 甬环罚〔2025〕1号 and its full-width twin match). */
export function businessKeyPart(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * Turns a validated row about a resolved subject into a record draft: business key, sensitive fields split off
 * and encrypted (id numbers, phones, natural persons' names, addresses of individuals — names and addresses kept
 * masked among the plain fields), the publicity window
 * (publicity.window in the main flow) and timeliness against the item's working-day deadline.
 */
export function buildDraft(
  row: number,
  v: ValidatedRow,
  subjectId: number,
  ctx: DraftContext,
  roles: ReadonlyMap<FieldRole, string>,
  deadline: ((decision: string) => string | null) | null,
): { draft: RecordDraft; warnings: IssueDetail[] } {
  const warnings: IssueDetail[] = [];
  const fields: Record<string, FieldValue | readonly string[] | null> = {};
  const sensitive: Record<string, FieldValue | null> = {};
  const nameField = roles.get('subject_name');
  // Empty fields are not stored; the item definition lists every field.
  for (const f of ctx.sortedFields) {
    const value = v.values[f.code] ?? null;
    if (value === null) continue;
    if (f.personal === 'id_number' || f.personal === 'phone') {
      sensitive[f.code] = value;
    } else if (
      typeof value === 'string' &&
      (f.personal === 'name' || (f.code === nameField && v.kind === 'natural_person'))
    ) {
      // Names of natural persons (the subject itself, legal representatives, responsible persons): encrypted in
      // full, masked among the plain fields.
      sensitive[f.code] = value;
      fields[f.code] = maskName(value);
    } else if (typeof value === 'string' && f.personal === 'address' && v.kind !== 'legal_entity') {
      sensitive[f.code] = value;
      fields[f.code] = maskAddress(value);
    } else if (typeof value === 'string' && f.type === 'text') {
      // id numbers and mobile numbers typed into free text are never stored in plaintext
      const m = maskIdentifiersInText(value);
      fields[f.code] = m.text;
      if (m.masked)
        warnings.push({
          row,
          field: f.code,
          code: 'personal_data_in_text',
          message: `${f.label}中含身份证号码或手机号码，已脱敏后保存；请勿在此字段填写个人信息`,
        });
    } else {
      fields[f.code] = value;
    }
  }

  // Dates given as "no end" (长期, 9999-12-31) are null with their codes listed under the reserved key `_open`.
  if (v.openEnded.length > 0) fields._open = [...v.openEnded];

  const key = ctx.spec.businessKey
    .map((part) => (part === '@subject' ? `s${subjectId}` : businessKeyPart(text(v.values[part]) ?? '')))
    .join('|');

  const get = (role: FieldRole) => {
    const code = roles.get(role);
    return code === undefined ? null : text(v.values[code]);
  };
  const decisionDate = get('decision_date');
  const effectiveFrom = get('effective_from');
  const effectiveTo = get('effective_to');
  const quality = new Set<string>();

  let severity: Severity | null = null;
  let published = ctx.spec.disclosure === 'public';
  let publicityStart: string | null = null;
  let publicityEnd: string | null = null;
  let earliestRepair: string | null = null;
  let publicityRule: string | null = null;
  if (ctx.spec.publicity === 'rules' && decisionDate !== null) {
    const typesRaw = get('penalty_types');
    const procedure = roles.get('procedure');
    const supplied = get('severity');
    const w = computePublicity(
      {
        decisionDate,
        sector: ctx.sector,
        penaltyTypes: typesRaw === null ? [] : typesRaw.split(';'),
        fineWan: get('fine_amount'),
        simpleProcedure: procedure !== undefined && v.values[procedure] === true,
        suppliedSeverity:
          supplied === 'minor' || supplied === 'general' || supplied === 'serious' ? supplied : null,
      },
      ctx.publicityConfig,
      undefined,
      { explain: false },
    );
    severity = w.severity;
    published = published && w.published;
    publicityStart = w.start;
    publicityEnd = w.end;
    earliestRepair = w.earliestRepair;
    publicityRule = w.ruleSetId;
  } else if (ctx.spec.publicity === 'effective_period') {
    publicityStart = effectiveFrom ?? decisionDate;
    publicityEnd = effectiveTo === null ? null : nextDay(effectiveTo);
    publicityRule = 'effective-period';
    if (ctx.spec.list === 'serious') severity = 'serious';
  } else {
    publicityStart = decisionDate;
    publicityRule = 'while-current';
  }

  let late = false;
  if (deadline !== null && decisionDate !== null && ctx.spec.timelinessWorkingDays !== null) {
    if (ctx.receivedDate > addCalendarDaysLoose(decisionDate, ctx.spec.timelinessWorkingDays)) {
      const due = deadline(decisionDate);
      if (due === null) quality.add('timeliness_unknown');
      else if (ctx.receivedDate > due) {
        late = true;
        quality.add('late');
        warnings.push({
          row,
          field: roles.get('decision_date'),
          code: 'late_submission',
          message: `报送日期 ${ctx.receivedDate} 晚于时限 ${due}（${decisionLabel(ctx.spec, roles)} ${decisionDate} 后 ${ctx.spec.timelinessWorkingDays} 个工作日）`,
        });
      }
    }
  }
  for (const w of v.warnings) quality.add(w.code);

  return {
    draft: {
      row,
      subjectId,
      businessKey: key,
      fields,
      sensitive: Object.keys(sensitive).length === 0 ? null : sensitive,
      decisionDate,
      effectiveFrom,
      effectiveTo,
      severity,
      published,
      publicityStart,
      publicityEnd,
      earliestRepair,
      publicityRule,
      late,
      quality: [...quality].sort(),
    },
    warnings,
  };
}

function decisionLabel(spec: CatalogItemSpec, roles: ReadonlyMap<FieldRole, string>): string {
  const code = roles.get('decision_date');
  return spec.fields.find((f) => f.code === code)?.label ?? '决定日期';
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A lower bound of the deadline: N working days are at least N calendar days, so earlier receipts are on time. */
function addCalendarDaysLoose(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
