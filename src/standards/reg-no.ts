// Legacy 15-digit business registration number (工商注册号), GS 15-2006 《工商行政管理市场主体注册号编制规则》:
// 6-digit first registration authority code (GB/T 2260 region code; 100000 = national) + 8-digit sequence + 1 check
// digit computed with ISO 7064 MOD 11,10 (GB/T 17710). Replaced by the USCC from 2015-10; still found in old data.

import { lookupRegion } from './regions.js';

const IGNORABLE = /[\s\u200B-\u200D\u2060\uFEFF\-\u2010-\u2015\u2212]/gu;
const SCIENTIFIC_NOTATION = /^\d+(?:[.,]\d+)?E\+?\d+$/;

/** Why a value is not a registration number at all. */
export type RegNoInvalidReason = 'empty' | 'scientific_notation' | 'length' | 'format';

/**
 * Result of {@link validateRegNo}. A failing check digit is its own status, `check_failed`, not `invalid`: numbers
 * issued before GS 15-2006 and hand-typed legacy data often do not satisfy MOD 11,10, yet they identify real
 * subjects. Keep such records, flag them for review, and match them on the full 15 digits.
 */
export type RegNoValidation =
  | {
      status: 'valid';
      normalized: string;
      regionCode: string;
      regionName: string | undefined;
      sequence: string;
    }
  | {
      status: 'check_failed';
      normalized: string;
      regionCode: string;
      regionName: string | undefined;
      sequence: string;
      expectedCheck: string;
      message: string;
    }
  | { status: 'masked'; normalized: string }
  | { status: 'invalid'; reason: RegNoInvalidReason; message: string; normalized?: string };

/** NFKC (full-width -> half-width), whitespace, zero-width characters and hyphens removed. */
export function normalizeRegNo(raw: string): string {
  return raw.normalize('NFKC').replace(IGNORABLE, '');
}

/**
 * ISO 7064 MOD 11,10 check digit for the first 14 digits (GB/T 17710, hybrid system): start with P = 10; for each
 * digit S = (P mod 11) + d, P = ((S mod 10) or 10) × 2; the check digit is (11 − P mod 11) mod 10.
 * Example: `computeRegNoCheck('11010800000001')` -> `'6'`. Throws `RangeError` unless `first14` is 14 digits.
 */
export function computeRegNoCheck(first14: string): string {
  if (!/^\d{14}$/.test(first14)) throw new RangeError(`expected 14 digits, got ${JSON.stringify(first14)}`);
  let product = 10;
  for (const char of first14) {
    const sum = (product % 11) + Number(char);
    product = (sum % 10 || 10) * 2;
  }
  return String((11 - (product % 11)) % 10);
}

/**
 * Recognises a 15-digit business registration number and checks its MOD 11,10 digit.
 * Order: `empty` -> `masked` (contains `*`) -> `scientific_notation` -> `length` (15) -> `format` (digits only) ->
 * check digit (`valid` or `check_failed`, see {@link RegNoValidation}). The region name is advisory (any date).
 * Never throws. Source: GS 15-2006; GB/T 17710-2008 (ISO 7064).
 */
export function validateRegNo(raw: string): RegNoValidation {
  const normalized = normalizeRegNo(raw);
  if (normalized === '') return { status: 'invalid', reason: 'empty', message: '工商注册号为空' };
  if (normalized.includes('*')) return { status: 'masked', normalized };
  if (SCIENTIFIC_NOTATION.test(normalized.toUpperCase())) {
    return {
      status: 'invalid',
      reason: 'scientific_notation',
      message:
        `${JSON.stringify(raw.trim())} 是科学计数法形式的数字：表格软件把注册号存成了数字。` +
        '请将该列设为文本格式，并从源系统重新导出。',
      normalized,
    };
  }
  if (normalized.length !== 15) {
    return {
      status: 'invalid',
      reason: 'length',
      message: `工商注册号应为 15 位数字，实际为 ${normalized.length} 个字符`,
      normalized,
    };
  }
  if (!/^\d{15}$/.test(normalized)) {
    return {
      status: 'invalid',
      reason: 'format',
      message: '工商注册号只能由数字组成',
      normalized,
    };
  }
  const regionCode = normalized.slice(0, 6);
  const regionName = regionCode === '100000' ? '全国' : lookupRegion(regionCode)?.fullName;
  const sequence = normalized.slice(6, 14);
  const expectedCheck = computeRegNoCheck(normalized.slice(0, 14));
  if (expectedCheck !== normalized.charAt(14)) {
    return {
      status: 'check_failed',
      normalized,
      regionCode,
      regionName,
      sequence,
      expectedCheck,
      message: `校验位为 ${normalized.charAt(14)}，按 ISO 7064 MOD 11,10 应为 ${expectedCheck}；早期注册号常有此情况，请复核，不要删除`,
    };
  }
  return { status: 'valid', normalized, regionCode, regionName, sequence };
}
