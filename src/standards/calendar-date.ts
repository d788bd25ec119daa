// Calendar dates as `YYYY-MM-DD` strings (Asia/Shanghai calendar days, no time, no zone).
// Arithmetic runs on UTC day numbers so that no local time zone or DST can shift a day.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Whether `value` is a real calendar date written `YYYY-MM-DD` (years 0001–9999).
 * `'2025-02-29'` and `'2025-2-1'` are not.
 */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/**
 * Throws `RangeError` unless `value` is a real `YYYY-MM-DD` date; `label` names the argument in the message.
 */
export function assertCalendarDate(value: string, label = 'date'): void {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new RangeError(`${label} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

/** Number of days in `month` (1–12) of the proleptic Gregorian `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Gregorian leap-year rule. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days since 1970-01-01 for a valid `YYYY-MM-DD` date (no validation; callers validate first). */
export function toDayNumber(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return Math.round(utc.getTime() / MS_PER_DAY);
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(dayNumber: number): string {
  const utc = new Date(dayNumber * MS_PER_DAY);
  const year = String(utc.getUTCFullYear()).padStart(4, '0');
  const month = String(utc.getUTCMonth() + 1).padStart(2, '0');
  const day = String(utc.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

/** `date` moved by `days` calendar days (negative moves back). `date` must be valid. */
export function addCalendarDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** ISO weekday of a valid date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const weekday = new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** Calendar year of a valid `YYYY-MM-DD` date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

const SHANGHAI_DATE_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const FIXED_OFFSET_SINCE = Date.UTC(1991, 11, 31, 16);

/**
 * The Asia/Shanghai calendar date (`YYYY-MM-DD`) of an instant, e.g. `shanghaiDate(new Date())` is "today"
 * for the platform. Pure: the caller supplies the instant.
 */
export function shanghaiDate(instant: Date): string {
  // China has kept UTC+8 without daylight saving since 1992; earlier instants go through the time-zone database.
  if (instant.getTime() >= FIXED_OFFSET_SINCE)
    return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const parts = SHANGHAI_DATE_FORMAT.formatToParts(instant);
  const pick = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${pick('year')}-${pick('month')}-${pick('day')}`;
}
