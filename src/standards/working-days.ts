// Statutory working-day calendar (法定工作日, with 调休) for deadlines counted in working days.
// Built-in years come from npm chinese-days; later years are loaded from a JSON document once the State Council
// General Office publishes its notice (usually in November of the previous year, REFERENCE §13).

import chineseDays from 'chinese-days';
import {
  addCalendarDays,
  assertCalendarDate,
  isCalendarDate,
  isoWeekday,
  toDayNumber,
  yearOf,
} from './calendar-date.js';

/** Citation of the notice that fixes a year's holidays and adjusted workdays. */
export interface CalendarSource {
  title: string;
  /** e.g. 国办发明电〔2024〕12号. */
  documentNumber?: string;
  /** Date of the notice, `YYYY-MM-DD`. */
  issuedOn?: string;
  url?: string;
  note?: string;
}

/** Citations for the built-in years that were checked against the notices (REFERENCE §13). */
export const BUILTIN_CALENDAR_SOURCES: Readonly<Record<number, CalendarSource>> = {
  2025: {
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    documentNumber: '国办发明电〔2024〕12号',
    url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
  },
  2026: {
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    issuedOn: '2025-11-04',
    url: 'https://politics.gmw.cn/2025-11/04/content_38391083.htm',
    note: 'chinese-days cites https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
  },
};

/** Format identifier of {@link CalendarYearDocument}. */
export const CALENDAR_DOCUMENT_FORMAT = 'xinyong.statutory-calendar/v1';

/**
 * A year's holiday arrangement as loaded by {@link loadCalendarYear}, e.g.
 * ```json
 * { "format": "xinyong.statutory-calendar/v1", "year": 2027,
 *   "source": { "title": "国务院办公厅关于2027年部分节假日安排的通知", "documentNumber": "国办发明电〔2026〕…号",
 *               "issuedOn": "2026-11-…", "url": "https://www.gov.cn/…" },
 *   "holidays": [ { "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" } ],
 *   "workdays": [ { "date": "2027-02-20", "name": "春节" } ] }
 * ```
 * Rules (all violations are reported at once): no unknown keys; `year` an integer 2000–2999; `source.title`
 * required; every date a real `YYYY-MM-DD` between 1 December of the previous year (the 元旦 arrangement may start
 * then) and 31 December of `year`; holiday ranges `from` ≤ `to`, at most 15 days each, not overlapping, at most
 * 45 holiday dates in total, one of them `year`-01-01; `workdays` are 调休 working Saturdays/Sundays only, unique
 * and outside the holiday ranges.
 */
export interface CalendarYearDocument {
  format: typeof CALENDAR_DOCUMENT_FORMAT;
  year: number;
  source: CalendarSource;
  /** 放假 ranges, inclusive; weekend days inside a range are listed too, as in the notice. */
  holidays: { name: string; from: string; to: string }[];
  /** 调休上班: weekend days that are working days. */
  workdays: { date: string; name: string }[];
  note?: string;
}

/** A special day of the calendar (internal shape of {@link WorkingDayCalendar.days}). */
export interface CalendarDayEntry {
  kind: 'holiday' | 'workday';
  name: string;
  /** The year whose notice (or built-in data) defined this date; may be the next year for late-December dates. */
  documentYear: number;
}

/** How a year entered the calendar. */
export interface CalendarYearInfo {
  year: number;
  origin: 'chinese-days' | 'loaded';
  source: CalendarSource;
}

/**
 * Published years and their special days. Create with {@link createWorkingDayCalendar}, extend with
 * {@link loadCalendarYear}; treat the fields as opaque. Loading mutates the calendar.
 */
export interface WorkingDayCalendar {
  readonly years: Map<number, CalendarYearInfo>;
  readonly days: Map<string, CalendarDayEntry>;
}

/** What one date is, see {@link getDayInfo}. */
export interface DayInfo {
  date: string;
  working: boolean;
  kind: 'holiday' | 'adjusted_workday' | 'weekend' | 'weekday';
  /** Holiday name (e.g. 国庆节) for `holiday` and `adjusted_workday`. */
  name?: string;
}

/** A date falls in (or a computation crosses into) a year whose holiday arrangement is not published/loaded. */
export class CalendarNotPublishedError extends Error {
  override readonly name = 'CalendarNotPublishedError';
  readonly year: number;
  readonly date: string;

  constructor(year: number, date: string) {
    super(
      `the statutory holiday arrangement for ${year} is not published in this calendar (needed for ${date}); ` +
        `load the State Council notice for ${year} (xinyong calendar load FILE)`,
    );
    this.year = year;
    this.date = date;
  }
}

/** A calendar document failed validation; `issues` lists every problem with its JSON path. */
export class CalendarDocumentError extends Error {
  override readonly name = 'CalendarDocumentError';
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`invalid calendar document: ${issues.join('; ')}`);
    this.issues = issues;
  }
}

/** Loading a year that the calendar already has, without `{ replace: true }`. */
export class CalendarYearExistsError extends Error {
  override readonly name = 'CalendarYearExistsError';
  readonly year: number;

  constructor(year: number, existing: CalendarYearInfo) {
    super(
      `the calendar already has ${year} (${existing.origin}: ${existing.source.title}); ` +
        'replace it deliberately (xinyong calendar load --replace, or { replace: true })',
    );
    this.year = year;
  }
}

interface BuiltinData {
  years: Map<number, CalendarYearInfo>;
  days: Map<string, CalendarDayEntry>;
}

let builtinCache: BuiltinData | undefined;

// chinese-days names special days "English,中文,days" and ordinary days by weekday ("Friday"); published years are
// those whose 1 January (always the 元旦 holiday) carries such a special-day name.
function builtinData(): BuiltinData {
  if (builtinCache) return builtinCache;
  const years = new Map<number, CalendarYearInfo>();
  const days = new Map<string, CalendarDayEntry>();
  for (let year = 1990; year <= 2100; year += 1) {
    if (!chineseDays.getDayDetail(`${year}-01-01`).name.includes(',')) continue;
    years.set(year, {
      year,
      origin: 'chinese-days',
      source: BUILTIN_CALENDAR_SOURCES[year] ?? {
        title: `国务院办公厅关于${year}年部分节假日安排的通知`,
        note: 'as encoded in npm chinese-days; not re-verified against the notice here',
      },
    });
    const last = toDayNumber(`${year}-12-31`);
    for (let day = toDayNumber(`${year}-01-01`), date = `${year}-01-01`; day <= last; day += 1) {
      const detail = chineseDays.getDayDetail(date);
      if (detail.name.includes(',')) {
        days.set(date, {
          kind: detail.work ? 'workday' : 'holiday',
          name: detail.name.split(',')[1] ?? detail.name,
          documentYear: year,
        });
      }
      date = addCalendarDays(date, 1);
    }
  }
  builtinCache = { years, days };
  return builtinCache;
}

/**
 * A new calendar holding the years published in npm chinese-days (2004–2026 in v1.5.7; detected from its data,
 * not hard-coded) plus `options.years` (documents as for {@link loadCalendarYear}).
 * `options.lastBuiltinYear` ignores library years after it, to pin the calendar to verified years (2025/2026 were
 * checked against the notices). Throws what {@link loadCalendarYear} throws.
 */
export function createWorkingDayCalendar(
  options: { lastBuiltinYear?: number; years?: readonly unknown[] } = {},
): WorkingDayCalendar {
  const builtin = builtinData();
  const limit = options.lastBuiltinYear ?? Number.POSITIVE_INFINITY;
  const calendar: WorkingDayCalendar = { years: new Map(), days: new Map() };
  for (const [year, info] of builtin.years) if (year <= limit) calendar.years.set(year, info);
  for (const [date, entry] of builtin.days) if (entry.documentYear <= limit) calendar.days.set(date, entry);
  for (const document of options.years ?? []) loadCalendarYear(calendar, document);
  return calendar;
}

/** Years the calendar can answer for, ascending. */
export function publishedYears(calendar: WorkingDayCalendar): number[] {
  return [...calendar.years.keys()].sort((a, b) => a - b);
}

/** How each year entered the calendar, ascending by year. */
export function listCalendarYears(calendar: WorkingDayCalendar): CalendarYearInfo[] {
  return publishedYears(calendar).flatMap((year) => {
    const info = calendar.years.get(year);
    return info ? [info] : [];
  });
}

function requirePublished(calendar: WorkingDayCalendar, date: string): void {
  const year = yearOf(date);
  if (!calendar.years.has(year)) throw new CalendarNotPublishedError(year, date);
}

/**
 * What `date` is under the statutory calendar: a holiday (放假, including weekend days inside a holiday range), an
 * adjusted workday (调休上班 on a weekend), or an ordinary weekend/weekday.
 * Throws `RangeError` for a malformed date and {@link CalendarNotPublishedError} for an unpublished year.
 */
export function getDayInfo(calendar: WorkingDayCalendar, date: string): DayInfo {
  assertCalendarDate(date);
  requirePublished(calendar, date);
  const entry = calendar.days.get(date);
  if (entry?.kind === 'holiday') return { date, working: false, kind: 'holiday', name: entry.name };
  if (entry?.kind === 'workday') return { date, working: true, kind: 'adjusted_workday', name: entry.name };
  return isoWeekday(date) >= 6
    ? { date, working: false, kind: 'weekend' }
    : { date, working: true, kind: 'weekday' };
}

/**
 * Whether `date` (`YYYY-MM-DD`) is a statutory working day: Monday–Friday unless a holiday, plus 调休 weekend
 * workdays. Throws `RangeError` for a malformed date and {@link CalendarNotPublishedError} when the year is not
 * published — never guesses from weekends. Source: 《全国年节及纪念日放假办法》 + the yearly notice.
 */
export function isWorkingDay(calendar: WorkingDayCalendar, date: string): boolean {
  return getDayInfo(calendar, date).working;
}

/**
 * The `n`-th working day after `date`, not counting `date` itself: `addWorkingDays(cal, '2025-09-30', 1)` is
 * `'2025-10-09'`, and the 7th working day after 2025-09-26 is 2025-10-13 (it counts the 调休 Sundays 09-28 and
 * Saturday 10-11). `n = 0` returns `date` if it is a working day, else the next working day (the first day a
 * deadline could start). `n` must be a non-negative integer (`RangeError` otherwise).
 * Every date the computation touches, including `date`, must be in a published year, otherwise
 * {@link CalendarNotPublishedError} — so a deadline that runs into an unpublished year fails loudly.
 */
export function addWorkingDays(calendar: WorkingDayCalendar, date: string, n: number): string {
  assertCalendarDate(date);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  requirePublished(calendar, date);
  let current = date;
  if (n === 0) {
    while (!isWorkingDay(calendar, current)) current = addCalendarDays(current, 1);
    return current;
  }
  let remaining = n;
  while (remaining > 0) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(calendar, current)) remaining -= 1;
  }
  return current;
}

/**
 * Number of working days in the half-open interval (`from`, `to`]: `from` itself is not counted, `to` is. So
 * `workingDaysBetween(cal, d, addWorkingDays(cal, d, n)) === n` for n ≥ 1, and it answers "how many working days
 * have passed since `from` by the end of `to`". Equal dates give 0; `to` before `from` gives the negative count of
 * (`to`, `from`]. Both endpoints and every date in between must be in published years
 * ({@link CalendarNotPublishedError}); malformed dates throw `RangeError`.
 */
export function workingDaysBetween(calendar: WorkingDayCalendar, from: string, to: string): number {
  assertCalendarDate(from, 'from');
  assertCalendarDate(to, 'to');
  if (to < from) return -workingDaysBetween(calendar, to, from);
  requirePublished(calendar, from);
  requirePublished(calendar, to);
  let count = 0;
  for (let current = addCalendarDays(from, 1); current <= to; current = addCalendarDays(current, 1)) {
    if (isWorkingDay(calendar, current)) count += 1;
  }
  return count;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: JsonObject, allowed: readonly string[], path: string, issues: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) issues.push(`${path}${path ? '.' : ''}${key}: unknown key`);
  }
}

function requireString(value: JsonObject, key: string, path: string, issues: string[]): string | undefined {
  const field = value[key];
  if (typeof field !== 'string' || field.trim() === '') {
    issues.push(`${path}.${key}: required non-empty string`);
    return undefined;
  }
  return field;
}

function optionalString(value: JsonObject, key: string, path: string, issues: string[]): string | undefined {
  const field = value[key];
  if (field === undefined) return undefined;
  if (typeof field !== 'string' || field.trim() === '') {
    issues.push(`${path}.${key}: must be a non-empty string when present`);
    return undefined;
  }
  return field;
}

/**
 * Validates an untrusted calendar document (already parsed JSON, or a JSON string) and returns it typed.
 * Throws {@link CalendarDocumentError} listing every problem. Format and rules: {@link CalendarYearDocument}.
 */
export function parseCalendarDocument(input: unknown): CalendarYearDocument {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new CalendarDocumentError([
        `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      ]);
    }
  }
  if (!isObject(value)) throw new CalendarDocumentError(['document must be a JSON object']);
  const issues: string[] = [];
  checkKeys(value, ['format', 'year', 'source', 'holidays', 'workdays', 'note'], '', issues);
  if (value.format !== CALENDAR_DOCUMENT_FORMAT) {
    issues.push(`format: must be ${JSON.stringify(CALENDAR_DOCUMENT_FORMAT)}`);
  }
  const year = value.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= 2000 && year <= 2999;
  if (!yearOk) issues.push('year: must be an integer between 2000 and 2999');
  const windowStart = yearOk ? `${year - 1}-12-01` : '';
  const windowEnd = yearOk ? `${year}-12-31` : '';
  const checkDate = (date: unknown, path: string): date is string => {
    if (typeof date !== 'string' || !isCalendarDate(date)) {
      issues.push(`${path}: must be a calendar date YYYY-MM-DD`);
      return false;
    }
    if (yearOk && (date < windowStart || date > windowEnd)) {
      issues.push(`${path}: ${date} is outside ${windowStart}…${windowEnd}`);
      return false;
    }
    return true;
  };

  const source: CalendarSource = { title: '' };
  if (!isObject(value.source)) {
    issues.push('source: required object with at least a title');
  } else {
    checkKeys(value.source, ['title', 'documentNumber', 'issuedOn', 'url', 'note'], 'source', issues);
    source.title = requireString(value.source, 'title', 'source', issues) ?? '';
    const documentNumber = optionalString(value.source, 'documentNumber', 'source', issues);
    if (documentNumber !== undefined) source.documentNumber = documentNumber;
    const issuedOn = optionalString(value.source, 'issuedOn', 'source', issues);
    if (issuedOn !== undefined) {
      if (isCalendarDate(issuedOn)) source.issuedOn = issuedOn;
      else issues.push('source.issuedOn: must be a calendar date YYYY-MM-DD');
    }
    const url = optionalString(value.source, 'url', 'source', issues);
    if (url !== undefined) {
      if (/^https?:\/\/\S+$/.test(url)) source.url = url;
      else issues.push('source.url: must be an http(s) URL');
    }
    const note = optionalString(value.source, 'note', 'source', issues);
    if (note !== undefined) source.note = note;
  }

  const holidays: CalendarYearDocument['holidays'] = [];
  if (!Array.isArray(value.holidays) || value.holidays.length === 0) {
    issues.push('holidays: required non-empty array of { name, from, to }');
  } else {
    value.holidays.forEach((range: unknown, index) => {
      const path = `holidays[${index}]`;
      if (!isObject(range)) {
        issues.push(`${path}: must be an object { name, from, to }`);
        return;
      }
      checkKeys(range, ['name', 'from', 'to'], path, issues);
      const name = requireString(range, 'name', path, issues);
      const fromOk = checkDate(range.from, `${path}.from`);
      const toOk = checkDate(range.to, `${path}.to`);
      if (!fromOk || !toOk || name === undefined) return;
      const from = range.from as string;
      const to = range.to as string;
      const length = toDayNumber(to) - toDayNumber(from) + 1;
      if (length < 1) issues.push(`${path}: from ${from} is after to ${to}`);
      else if (length > 15)
        issues.push(`${path}: ${length} days is longer than any statutory break (max 15)`);
      else holidays.push({ name, from, to });
    });
  }
  const holidayDates = new Map<string, string>();
  for (const range of holidays) {
    for (let date = range.from; date <= range.to; date = addCalendarDays(date, 1)) {
      const other = holidayDates.get(date);
      if (other !== undefined) issues.push(`holidays: ${date} is in both ${other} and ${range.name}`);
      holidayDates.set(date, range.name);
    }
  }
  if (holidayDates.size > 45)
    issues.push(`holidays: ${holidayDates.size} holiday dates is implausible (max 45)`);
  if (yearOk && holidays.length > 0 && !holidayDates.has(`${year}-01-01`)) {
    issues.push(`holidays: must include ${year}-01-01 (元旦) — is "year" right?`);
  }

  const workdays: CalendarYearDocument['workdays'] = [];
  if (!Array.isArray(value.workdays)) {
    issues.push('workdays: required array of { date, name } (may be empty)');
  } else {
    const seen = new Set<string>();
    value.workdays.forEach((workday: unknown, index) => {
      const path = `workdays[${index}]`;
      if (!isObject(workday)) {
        issues.push(`${path}: must be an object { date, name }`);
        return;
      }
      checkKeys(workday, ['date', 'name'], path, issues);
      const name = requireString(workday, 'name', path, issues);
      if (!checkDate(workday.date, `${path}.date`) || name === undefined) return;
      const date = workday.date as string;
      if (isoWeekday(date) < 6)
        issues.push(`${path}.date: ${date} is not a Saturday or Sunday (调休 workdays are)`);
      else if (holidayDates.has(date)) issues.push(`${path}.date: ${date} is also inside a holiday range`);
      else if (seen.has(date)) issues.push(`${path}.date: ${date} is listed twice`);
      else {
        seen.add(date);
        workdays.push({ date, name });
      }
    });
  }
  const note = optionalString(value, 'note', '', issues);
  if (issues.length > 0) throw new CalendarDocumentError(issues);
  const document: CalendarYearDocument = {
    format: CALENDAR_DOCUMENT_FORMAT,
    year: year as number,
    source,
    holidays,
    workdays,
  };
  if (note !== undefined) document.note = note;
  return document;
}

/**
 * Adds (or, with `{ replace: true }`, replaces) one year from a document (JSON string or parsed value; format:
 * {@link CalendarYearDocument}). Mutates `calendar` and returns the new year's info.
 * Throws {@link CalendarDocumentError} for a bad document or when a late-December date conflicts with what another
 * year already says about it, and {@link CalendarYearExistsError} when the year is already present (built-in or
 * loaded) and `replace` is not set — a published year is never overwritten silently.
 */
export function loadCalendarYear(
  calendar: WorkingDayCalendar,
  input: unknown,
  options: { replace?: boolean } = {},
): CalendarYearInfo {
  const document = parseCalendarDocument(input);
  const existing = calendar.years.get(document.year);
  if (existing && !options.replace) throw new CalendarYearExistsError(document.year, existing);
  const entries = new Map<string, CalendarDayEntry>();
  for (const range of document.holidays) {
    for (let date = range.from; date <= range.to; date = addCalendarDays(date, 1)) {
      entries.set(date, { kind: 'holiday', name: range.name, documentYear: document.year });
    }
  }
  for (const workday of document.workdays) {
    entries.set(workday.date, { kind: 'workday', name: workday.name, documentYear: document.year });
  }
  const conflicts: string[] = [];
  for (const [date, entry] of entries) {
    const other = calendar.days.get(date);
    if (other && other.documentYear !== document.year && other.kind !== entry.kind) {
      conflicts.push(
        `${date}: this document says ${entry.kind}, the ${other.documentYear} calendar says ${other.kind}`,
      );
    }
  }
  if (conflicts.length > 0) throw new CalendarDocumentError(conflicts);
  for (const [date, entry] of calendar.days) {
    if (entry.documentYear === document.year) calendar.days.delete(date);
  }
  for (const [date, entry] of entries) calendar.days.set(date, entry);
  const info: CalendarYearInfo = { year: document.year, origin: 'loaded', source: document.source };
  calendar.years.set(document.year, info);
  return info;
}

/**
 * The special days of `year` as a {@link CalendarYearDocument} (consecutive holiday dates with the same name become
 * one range), e.g. to show the built-in data in the admin UI or as a template for next year.
 * Throws {@link CalendarNotPublishedError} when the calendar does not have the year.
 */
export function exportCalendarYear(calendar: WorkingDayCalendar, year: number): CalendarYearDocument {
  const info = calendar.years.get(year);
  if (!info) throw new CalendarNotPublishedError(year, `${year}-01-01`);
  const dates = [...calendar.days.entries()]
    .filter(([, entry]) => entry.documentYear === year)
    .sort(([a], [b]) => a.localeCompare(b));
  const holidays: CalendarYearDocument['holidays'] = [];
  const workdays: CalendarYearDocument['workdays'] = [];
  for (const [date, entry] of dates) {
    if (entry.kind === 'workday') {
      workdays.push({ date, name: entry.name });
      continue;
    }
    const last = holidays.at(-1);
    if (last && last.name === entry.name && addCalendarDays(last.to, 1) === date) last.to = date;
    else holidays.push({ name: entry.name, from: date, to: date });
  }
  return { format: CALENDAR_DOCUMENT_FORMAT, year, source: info.source, holidays, workdays };
}
