// GB 11643-1999 citizen identity number (公民身份号码): 6-digit address code + YYYYMMDD birth date + 3-digit
// sequence (odd = male, even = female) + check character (ISO 7064 MOD 11-2, 0-9 or X).
// Legacy 15-digit numbers: address code + YYMMDD + sequence, no check character.

import { assertCalendarDate, isCalendarDate } from './calendar-date.js';
import { lookupRegion } from './regions.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const IGNORABLE = /[\s\u200B-\u200D\u2060\uFEFF]/gu;
const SCIENTIFIC_NOTATION = /^\d+(?:[.,]\d+)?E\+?\d+$/;

/**
 * Earliest birth year accepted as plausible. Identity numbers were first issued in 1984; nobody alive then was
 * born much before 1880, so earlier years are treated as a corrupt date.
 */
export const RIC_MIN_BIRTH_YEAR = 1880;

/** Why a number is not a valid identity number. */
export type RicInvalidReason =
  | 'empty'
  | 'scientific_notation'
  | 'length'
  | 'format'
  | 'birth_date'
  | 'future_birth_date'
  | 'check_digit';

/**
 * Each reason in words that quote nothing of the number (birth dates are personal data), to follow the field's
 * label in reports that may not show the value: 证件号码的校验码不正确.
 */
export const RIC_REASON_TEXT: Readonly<Record<RicInvalidReason, string>> = {
  empty: '为空',
  scientific_notation: '是科学计数法形式的数字，已丢失位数：请将该列设为文本格式后重新导出',
  length: '位数不对（应为 18 位，旧版为 15 位数字）',
  format: '格式不对（应为 17 位数字加 1 位数字或 X）',
  birth_date: '中的出生日期不是有效日期',
  future_birth_date: '中的出生日期晚于今天',
  check_digit: '的校验码不正确',
};

/** Advisory findings on a valid number. */
export interface RicWarning {
  code: 'unknown_region' | 'region_abolished_before_birth' | 'legacy_15_digit';
  message: string;
}

/** Result of {@link validateRic}. */
export type RicValidation =
  | {
      status: 'valid';
      /** The normalized input (15 or 18 characters). */
      normalized: string;
      /** 18-character form; for a 15-digit input, converted with {@link convertRic15To18}. */
      ric18: string;
      length: 15 | 18;
      /** 地址码: GB/T 2260 code of the county where the number was first issued. */
      regionCode: string;
      /** Full region name from the snapshot (any date), undefined when the code is not in it. */
      regionName: string | undefined;
      birthDate: string;
      sex: 'male' | 'female';
      warnings: RicWarning[];
    }
  | { status: 'masked'; normalized: string }
  | { status: 'invalid'; reason: RicInvalidReason; message: string; normalized?: string };

/**
 * NFKC (full-width -> half-width), whitespace and zero-width characters removed, lower-case `x` -> `X`.
 * Example: `'44011320141005001x'` -> `'44011320141005001X'`.
 */
export function normalizeRic(raw: string): string {
  return raw.normalize('NFKC').replace(IGNORABLE, '').toUpperCase();
}

/**
 * Whether `text` has the shape of a resident identity number, valid or mistyped: 17 digits + digit/X whose
 * characters 7–14 are a plausible birth date (a calendar date in 1880–2100), or 15 digits whose characters 7–12 are
 * a plausible yymmdd. No normalization: callers pass what they are about to show. Such a value is personal data
 * wherever it appears, even where a unified social credit code was expected (ADR 0006).
 */
export function looksLikeRic(text: string): boolean {
  const plausible = (yyyymmdd: string): boolean => {
    const year = Number(yyyymmdd.slice(0, 4));
    return year >= RIC_MIN_BIRTH_YEAR && year <= 2100 && isCalendarDate(formatBirthDate(yyyymmdd));
  };
  if (/^\d{17}[\dXx]$/.test(text)) return plausible(text.slice(6, 14));
  if (/^\d{15}$/.test(text)) return plausible(`19${text.slice(6, 12)}`);
  return false;
}

/**
 * ISO 7064 MOD 11-2 check character for 17 digits: weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 (= 2^(18−i) mod 11),
 * check = "10X98765432"[Σ mod 11]. Throws `RangeError` unless `first17` is 17 digits. Source: GB 11643-1999.
 */
export function computeRicCheck(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`expected 17 digits, got ${JSON.stringify(first17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * Converts a legacy 15-digit number to 18 characters: inserts "19" before the 2-digit year and appends the
 * MOD 11-2 check. 15-digit numbers were replaced by 1999, so every holder was born in the 1900s.
 * Throws `RangeError` unless `ric15` is 15 digits (after normalization).
 */
export function convertRic15To18(ric15: string): string {
  const normalized = normalizeRic(ric15);
  if (!/^\d{15}$/.test(normalized)) throw new RangeError(`expected 15 digits, got ${JSON.stringify(ric15)}`);
  const first17 = `${normalized.slice(0, 6)}19${normalized.slice(6)}`;
  return first17 + computeRicCheck(first17);
}

function formatBirthDate(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Validates a citizen identity number.
 *
 * Accepts 18 characters (17 digits + digit or X) and legacy 15-digit numbers (recognised as `valid` with
 * `length: 15`, a `legacy_15_digit` warning and the converted `ric18`; whether the platform accepts them is a
 * policy decision, REFERENCE §2). Checks in order: `empty` -> `masked` (contains `*`) -> `scientific_notation`
 * (Excel) -> `length` -> `format` -> `birth_date` (a real calendar date, year ≥ {@link RIC_MIN_BIRTH_YEAR}) ->
 * `future_birth_date` (after `options.today`) -> `check_digit` (18-digit only; the message names the expected
 * character).
 *
 * The address code is advisory: our GB/T 2260 snapshot has the current national list but history only for
 * Shaanxi, so a code it does not know gives the warning `unknown_region` (e.g. 990426, 110201), never an error.
 * A code abolished before the birth date gives `region_abolished_before_birth`. A code created *after* the birth
 * date is normal and gives no warning: the address code records where the number was first issued, which happens
 * after birth (python-stdnum rejects such numbers; we do not).
 *
 * `options.today` (`YYYY-MM-DD`, Asia/Shanghai) is required so the function stays pure; throws `RangeError` if it is
 * not a valid date. Source: GB 11643-1999 (REFERENCE §2).
 */
export function validateRic(raw: string, options: { today: string }): RicValidation {
  assertCalendarDate(options.today, 'today');
  const normalized = normalizeRic(raw);
  if (normalized === '') return { status: 'invalid', reason: 'empty', message: '身份证号码为空' };
  if (normalized.includes('*')) return { status: 'masked', normalized };
  if (SCIENTIFIC_NOTATION.test(normalized)) {
    return {
      status: 'invalid',
      reason: 'scientific_notation',
      message:
        '该值是科学计数法形式的数字：表格软件把身份证号码存成了数字并丢失了位数。' +
        '请将该列设为文本格式，并从源系统重新导出。',
      normalized,
    };
  }
  if (normalized.length !== 18 && normalized.length !== 15) {
    return {
      status: 'invalid',
      reason: 'length',
      message: `身份证号码应为 18 位（旧版为 15 位数字），实际为 ${normalized.length} 位`,
      normalized,
    };
  }
  const isLegacy = normalized.length === 15;
  if (isLegacy ? !/^\d{15}$/.test(normalized) : !/^\d{17}[\dX]$/.test(normalized)) {
    return {
      status: 'invalid',
      reason: 'format',
      message: isLegacy ? '15 位身份证号码只能由数字组成' : '身份证号码应为 17 位数字加 1 位数字或 X',
      normalized,
    };
  }
  const birthDigits = isLegacy ? `19${normalized.slice(6, 12)}` : normalized.slice(6, 14);
  const birthDate = formatBirthDate(birthDigits);
  if (!isCalendarDate(birthDate) || Number(birthDigits.slice(0, 4)) < RIC_MIN_BIRTH_YEAR) {
    return {
      status: 'invalid',
      reason: 'birth_date',
      message: `出生日期（第 ${isLegacy ? '7–12' : '7–14'} 位）不是有效日期`,
      normalized,
    };
  }
  if (birthDate > options.today) {
    return {
      status: 'invalid',
      reason: 'future_birth_date',
      message: `出生日期晚于今天（${options.today}）`,
      normalized,
    };
  }
  let ric18 = normalized;
  if (isLegacy) {
    ric18 = convertRic15To18(normalized);
  } else {
    const expected = computeRicCheck(normalized.slice(0, 17));
    if (expected !== normalized.charAt(17)) {
      return {
        status: 'invalid',
        reason: 'check_digit',
        message: `校验码（第 18 位）为 ${JSON.stringify(normalized.charAt(17))}，按 GB 11643 应为 ${JSON.stringify(expected)}`,
        normalized,
      };
    }
  }
  const regionCode = normalized.slice(0, 6);
  const sequenceDigit = Number(ric18.charAt(16));
  const warnings: RicWarning[] = [];
  const region = lookupRegion(regionCode);
  if (!region) {
    warnings.push({
      code: 'unknown_region',
      message: '地址码（第 1–6 位）不在 GB/T 2260 行政区划代码表中（该表仅收录陕西省的历史代码）',
    });
  } else if (region.validTo !== undefined && region.validTo < birthDate) {
    warnings.push({
      code: 'region_abolished_before_birth',
      message: `地址码（${region.fullName}）已于 ${region.validTo} 撤销，早于出生日期`,
    });
  }
  if (isLegacy) {
    warnings.push({
      code: 'legacy_15_digit',
      message: '15 位旧版身份证号码，已按 GB 11643 转换为 18 位',
    });
  }
  return {
    status: 'valid',
    normalized,
    ric18,
    length: isLegacy ? 15 : 18,
    regionCode,
    regionName: region?.fullName,
    birthDate,
    sex: sequenceDigit % 2 === 1 ? 'male' : 'female',
    warnings,
  };
}
