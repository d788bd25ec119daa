import type { ParseResult, RawValue } from './raw-value.js';
import { cleanText } from './raw-value.js';

export interface DateOptions {
  /** The field allows "no end": 9999-…, 2099-12-31, 长期 become null with `openEnded`. */
  readonly openEnded?: boolean;
  /** The workbook uses the 1904 date system (Excel for Mac). */
  readonly date1904?: boolean;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const OPEN_WORDS = new Set(['长期', '永久', '长期有效', '无期限', '不限期', '无固定期限', '永久有效']);
const NO_DATE = new Set(['1900-01-01', '1899-12-30', '1899-12-31', '0000-00-00', '0001-01-01', '1970-01-01']);

/** 1900-system serial 1 = 1900-01-01; Excel pretends 1900-02-29 existed (serial 60), so later serials are off by one. */
const EXCEL_1900_EPOCH_DAY = Date.UTC(1899, 11, 30) / 86_400_000;
const EXCEL_1904_EPOCH_DAY = Date.UTC(1904, 0, 1) / 86_400_000;

/**
 * A bare number (an XLSX number cell, a JSON number, or an integer alone in a CSV cell) is read as an Excel serial
 * only when it gives a date in this range (1900 system: serials 18264–73415). Numbers of four digits or fewer are
 * never serials of a plausible date: four digits are a year ("2025" would be 1905-07-17), fewer are a day count or a
 * typo. An earlier date is still accepted when written out (`1936-05-01`). xinyong's choice, not a standard's.
 */
export const SERIAL_DATE_RANGE = { from: '1950-01-01', to: '2100-12-31' } as const;
/** The largest serial of four digits: a date cell holding a number up to this was typed as a year or a day count. */
const TYPED_NUMBER_MAX_SERIAL = 9999;

/**
 * Interprets a date cell as a calendar date `YYYY-MM-DD`.
 * Accepts `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYYMMDD`, `YYYY年M月D日`, a date with a time
 * (`2019-5-22 0:00:00`, ISO with `T`), an ISO instant with `Z`/offset (converted to the Asia/Shanghai date),
 * Excel serial numbers (1900 and 1904 systems) within {@link SERIAL_DATE_RANGE} — from number cells, or as a
 * bare integer of five digits in text — and JS Dates from XLSX readers (read by their UTC fields, since spreadsheet
 * dates carry no zone — no off-by-one at UTC+8 midnight). An eight-digit number is read as `YYYYMMDD`.
 * Incomplete dates are rejected with their reason: a year alone (`2025`, also a year typed into a date-formatted
 * cell, which Excel shows as 1905-07-17), a year and month (`2025-03`, `2025年3月`), a number that is no plausible
 * serial (`1`).
 * "No date" sentinels (1900-01-01, 1970-01-01 …) are empty; far-future sentinels (9999-…, 2099-12-31) and
 * 长期/永久 are empty with `openEnded` where the field allows it, otherwise an error.
 */
export function parseDateValue(
  raw: RawValue,
  options: DateOptions = {},
): ParseResult<string> & { openEnded?: boolean } {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return invalid('单元格中的日期无效');
    const date = fromParts(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
    const serial = serialOf(raw, options);
    if (date !== undefined && !NO_DATE.has(date) && serial >= 2 && serial <= TYPED_NUMBER_MAX_SERIAL) {
      const shown = `单元格显示为 ${date}，实际填写的是 ${serial}`;
      return isYear(serial)
        ? invalid(`${shown}：只有年份，不是完整日期（应为 YYYY-MM-DD）`)
        : invalid(`${shown}，不是日期（应为 YYYY-MM-DD）`);
    }
    return checkRange(date, options);
  }
  if (typeof raw === 'number') return fromNumber(raw, options);
  if (typeof raw === 'boolean') return invalid(`${raw} 不是日期`);
  const text = cleanText(raw.normalize('NFKC'));
  if (text === null) return { ok: true, value: null };
  if (OPEN_WORDS.has(text)) return openEnd(options, text);

  let m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(
      text,
    );
  if (m !== null) return checkRange(fromParts(Number(m[1]), Number(m[2]), Number(m[3])), options, text);

  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m !== null) return checkRange(fromParts(Number(m[1]), Number(m[2]), Number(m[3])), options, text);

  m = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (m !== null) {
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime())) return invalid(`${text} 不是有效的时间`);
    const shanghai = new Date(instant.getTime() + 8 * 3_600_000);
    return checkRange(
      fromParts(shanghai.getUTCFullYear(), shanghai.getUTCMonth() + 1, shanghai.getUTCDate()),
      options,
      text,
    );
  }

  const incomplete = incompleteDate(text);
  if (incomplete !== undefined) return incomplete;
  if (/^\d{5}$/.test(text)) return fromSerial(Number(text), options, text);
  if (/^\d{1,4}$/.test(text)) return notSerial(Number(text), options, text);
  return invalid(`${text} 不是日期（应为 YYYY-MM-DD）`);
}

function isYear(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_YEAR && n <= MAX_YEAR;
}

/** A year alone (`2025`, `2025年`) or a year and month (`2025-03`, `2025/3`, `2025年3月`, `202503`). */
function incompleteDate(text: string): ReturnType<typeof parseDateValue> | undefined {
  if (/^\d{4}年?$/.test(text) && isYear(Number(text.slice(0, 4))))
    return invalid(`“${text}” 只有年份，不是完整日期（应为 YYYY-MM-DD）`);
  const m = /^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$/.exec(text);
  const month = Number(m?.[2] ?? m?.[3]);
  if (m !== null && isYear(Number(m[1])) && month >= 1 && month <= 12)
    return invalid(`“${text}” 只有年月，没有日，不是完整日期（应为 YYYY-MM-DD）`);
  return undefined;
}

/** A number cell: a year alone, `YYYYMMDD` typed as a number, or an Excel serial. */
function fromNumber(n: number, options: DateOptions): ReturnType<typeof parseDateValue> {
  if (!Number.isFinite(n)) return invalid(`${n} 不是日期`);
  const text = String(n);
  if (isYear(n)) return invalid(`“${text}” 只有年份，不是完整日期（应为 YYYY-MM-DD）`);
  if (Number.isInteger(n) && n >= 10_000_000 && n <= 99_999_999) {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    if (m !== null) return checkRange(fromParts(Number(m[1]), Number(m[2]), Number(m[3])), options, text);
  }
  return fromSerial(n, options, text);
}

/** The serial a Date cell was stored as, in the workbook's date system. */
function serialOf(d: Date, options: DateOptions): number {
  const day = Math.floor(d.getTime() / 86_400_000);
  if (options.date1904 === true) return day - EXCEL_1904_EPOCH_DAY;
  const serial = day - EXCEL_1900_EPOCH_DAY;
  return serial < 61 ? serial - 1 : serial;
}

/** The date of an Excel serial (the fraction is the time of day, dropped), or undefined beyond 9999-12-31. */
function serialDate(serial: number, options: DateOptions): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return undefined;
  const whole = Math.floor(serial);
  let day: number;
  if (options.date1904 === true) day = EXCEL_1904_EPOCH_DAY + whole;
  else day = whole < 61 ? EXCEL_1900_EPOCH_DAY + whole + 1 : EXCEL_1900_EPOCH_DAY + whole;
  const d = new Date(day * 86_400_000);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * An Excel serial within {@link SERIAL_DATE_RANGE}; the far-future "no end" serial (9999-12-31) stays open-ended
 * where the field allows it. Anything else is no plausible date, whatever Excel would show for it.
 */
function fromSerial(serial: number, options: DateOptions, text: string): ReturnType<typeof parseDateValue> {
  const date = serialDate(serial, options);
  if (date !== undefined && Number(date.slice(0, 4)) >= 9999) return checkRange(date, options, text);
  if (date !== undefined && date >= SERIAL_DATE_RANGE.from && date <= SERIAL_DATE_RANGE.to)
    return checkRange(date, options, text);
  return notSerial(serial, options, text);
}

function notSerial(serial: number, options: DateOptions, text: string): ReturnType<typeof parseDateValue> {
  const date = serialDate(serial, options);
  const asSerial = date === undefined ? '' : `按 Excel 日期序号解读为 ${date}，`;
  return invalid(
    `“${text}” 不是日期：${asSerial}不在 ${SERIAL_DATE_RANGE.from} 至 ${SERIAL_DATE_RANGE.to} 的可信范围内（应为 YYYY-MM-DD）`,
  );
}

function fromParts(y: number, mo: number, d: number): string | undefined {
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > dim) return undefined;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function checkRange(
  date: string | undefined,
  options: DateOptions,
  text?: string,
): ReturnType<typeof parseDateValue> {
  if (date === undefined) return invalid(`${text ?? '该值'} 不是有效日期`);
  if (NO_DATE.has(date)) return { ok: true, value: null };
  const year = Number(date.slice(0, 4));
  if (year >= 9999 || date === '2099-12-31' || date === '2999-12-31') return openEnd(options, date);
  if (year < MIN_YEAR || year > MAX_YEAR) return invalid(`${date} 超出 ${MIN_YEAR}–${MAX_YEAR} 年的范围`);
  return { ok: true, value: date };
}

function openEnd(options: DateOptions, text: string): ReturnType<typeof parseDateValue> {
  if (options.openEnded === true) return { ok: true, value: null, openEnded: true };
  return {
    ok: false,
    code: 'invalid_date',
    message: `${text} 表示长期有效（无截止日期），该字段不允许`,
  };
}

function invalid(message: string): { ok: false; code: string; message: string } {
  return { ok: false, code: 'invalid_date', message };
}
