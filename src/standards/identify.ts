// Guesses which kind of subject identifier a string is and validates it as that kind (`xinyong id check`).

import { shanghaiDate } from './calendar-date.js';
import { type OrgCodeInvalidReason, validateOrgCode } from './org-code.js';
import { type RegNoInvalidReason, validateRegNo } from './reg-no.js';
import { type RicInvalidReason, validateRic } from './ric.js';
import { USCC_AUTHORITIES, type UsccInvalidReason, validateUscc } from './uscc.js';

/** Kinds told apart by {@link classifyIdentifier}. */
export type IdentifierKind = 'uscc' | 'org_code' | 'reg_no' | 'ric' | 'unknown';

/** Every reason a classified identifier can be invalid; `check_failed` is a registration number's check digit. */
export type IdentifierReason =
  | UsccInvalidReason
  | OrgCodeInvalidReason
  | RegNoInvalidReason
  | RicInvalidReason
  | 'check_failed';

/**
 * Result of {@link classifyIdentifier}; `reason` only when invalid, `normalized` only when there is one,
 * `alsoValidAs` only when the value is valid as another kind too (an all-digit 18-character value can pass both
 * the GB 32100 and the GB 11643 checks): the kind it was not given.
 */
export interface IdentifierClassification {
  input: string;
  kind: IdentifierKind;
  status: 'valid' | 'legacy_pilot' | 'masked' | 'invalid';
  reason?: IdentifierReason;
  normalized?: string;
  alsoValidAs?: IdentifierKind;
}

const IGNORABLE = /[\s\u200B-\u200D\u2060\uFEFF]/gu;
const SCIENTIFIC_NOTATION = /^\d+(?:[.,]\d+)?E[+-]?\d+$/;
const RIC_PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

function isUsccPair(code: string): boolean {
  const authority = USCC_AUTHORITIES.find((entry) => entry.code === code.charAt(0));
  return authority?.categories[code.charAt(1)] !== undefined;
}

function result(
  input: string,
  kind: IdentifierKind,
  status: IdentifierClassification['status'],
  reason?: IdentifierReason,
  normalized?: string,
): IdentifierClassification {
  const classification: IdentifierClassification = { input, kind, status };
  if (reason !== undefined) classification.reason = reason;
  if (normalized !== undefined) classification.normalized = normalized;
  return classification;
}

function classifyMasked(input: string, compact: string): IdentifierClassification {
  const length = compact.replace(/[-\u2010-\u2015\u2212]/gu, '').length;
  if (length === 9) return result(input, 'org_code', 'masked', undefined, compact);
  if (length === 18) {
    // An identity number has digits only, except an X in position 18.
    const notRicShaped = /[A-Z]/.test(compact.slice(0, 17)) || /[A-WYZ]/.test(compact.charAt(17));
    const prefix = compact.slice(0, 2);
    if (notRicShaped || (isUsccPair(prefix) && !RIC_PROVINCES.has(prefix))) {
      return result(input, 'uscc', 'masked', undefined, compact);
    }
    if (RIC_PROVINCES.has(prefix)) return result(input, 'ric', 'masked', undefined, compact);
  }
  return result(input, 'unknown', 'masked', undefined, compact);
}

/**
 * Classifies and validates one identifier. Returns `{input, kind, status, reason?, normalized?}` (keys omitted when
 * undefined). Heuristics, after NFKC, removing whitespace/zero-width characters and upper-casing:
 * - empty -> `unknown`/`invalid`/`empty`; scientific notation (`9.13502E+17`) -> `unknown`/`invalid`/
 *   `scientific_notation` (Excel mangles USCCs and identity numbers alike, so the kind cannot be told).
 * - contains `*` -> `masked`; kind by shape: 9 chars -> `org_code`; 18 chars -> `uscc` when a visible letter rules
 *   out an identity number (a letter in positions 1-17, or one other than X in 18 — `113300******82154n`) or
 *   positions 1-2 are a known authority/category pair that is not a province prefix (`913302******531452`), `ric`
 *   when positions 1-2 are a province prefix (`610102********1234`); otherwise `unknown`.
 * - 18 chars: a number that validates as a resident identity number is `ric` — unless it also fully validates as a
 *   USCC and positions 1-2 are a known USCC authority/category pair; a valid USCC is `uscc`; a `legacy_pilot` USCC
 *   is `uscc`. When neither validates: `ric` (with the RIC reason) if it is 17 digits + digit/X with a real birth
 *   date, else `uscc` (with the USCC reason). E.g. `362322198709086409` passes the USCC mod-31 check by chance but
 *   fails the embedded org-code check, and is a valid identity number: `ric`/`valid`. A value that passes both
 *   (`110101196003250019`: a 机构编制 code and a Beijing identity number) says so in `alsoValidAs`; which one it
 *   is can only be told by looking it up, so callers that can (the check CLI) do.
 * - 9 chars, or 8 + hyphen + 1 (`MA2EL626-6`) -> `org_code`.
 * - 15 digits -> `reg_no` when its MOD 11,10 check digit holds; otherwise a legacy 15-digit identity number
 *   (`ric`) when digits 7-12 are a real YYMMDD date and digits 1-2 a province prefix; otherwise `reg_no` with
 *   status `invalid` and reason `check_failed` (in the reg-no module this is a separate `check_failed` status;
 *   here the status set is fixed). 15-digit values are far more often registration numbers in credit data, and a
 *   registration number with a bad check digit whose middle looks like a date will be taken for an identity number.
 * - 15 characters that are not all digits -> `unknown`/`invalid`/`format`; any other length ->
 *   `unknown`/`invalid`/`length`.
 *
 * `options.today` (`YYYY-MM-DD`) bounds identity-number birth dates; default: today in Asia/Shanghai.
 */
export function classifyIdentifier(
  input: string,
  options: { today?: string } = {},
): IdentifierClassification {
  const today = options.today ?? shanghaiDate(new Date());
  const compact = input.normalize('NFKC').replace(IGNORABLE, '').toUpperCase();
  if (compact === '') return result(input, 'unknown', 'invalid', 'empty');
  if (compact.includes('*')) return classifyMasked(input, compact);
  if (SCIENTIFIC_NOTATION.test(compact)) {
    return result(input, 'unknown', 'invalid', 'scientific_notation', compact);
  }

  const code = compact.replace(/[-\u2010-\u2015\u2212]/gu, '');
  if (code.length === 9) {
    const org = validateOrgCode(compact);
    return org.status === 'invalid'
      ? result(input, 'org_code', 'invalid', org.reason, org.normalized)
      : result(input, 'org_code', org.status, undefined, org.normalized);
  }

  if (code.length === 15) {
    if (!/^\d{15}$/.test(code)) return result(input, 'unknown', 'invalid', 'format', code);
    const regNo = validateRegNo(code);
    if (regNo.status === 'valid') return result(input, 'reg_no', 'valid', undefined, regNo.normalized);
    const ric = validateRic(code, { today });
    if (ric.status === 'valid' && RIC_PROVINCES.has(code.slice(0, 2))) {
      return result(input, 'ric', 'valid', undefined, ric.normalized);
    }
    return result(input, 'reg_no', 'invalid', 'check_failed', code);
  }

  if (code.length === 18) {
    const uscc = validateUscc(code);
    const ric = /^\d{17}[\dX]$/.test(code) ? validateRic(code, { today }) : undefined;
    if (uscc.status === 'valid' && (ric?.status !== 'valid' || isUsccPair(code))) {
      const classification = result(input, 'uscc', 'valid', undefined, uscc.normalized);
      if (ric?.status === 'valid') classification.alsoValidAs = 'ric';
      return classification;
    }
    if (ric?.status === 'valid') {
      const classification = result(input, 'ric', 'valid', undefined, ric.normalized);
      if (uscc.status === 'valid') classification.alsoValidAs = 'uscc';
      return classification;
    }
    if (uscc.status === 'legacy_pilot') {
      return result(input, 'uscc', 'legacy_pilot', undefined, uscc.normalized);
    }
    // A digit string with a real birth date is an identity number whose check (or date bound) failed.
    if (ric?.status === 'invalid' && (ric.reason === 'check_digit' || ric.reason === 'future_birth_date')) {
      return result(input, 'ric', 'invalid', ric.reason, ric.normalized);
    }
    return result(input, 'uscc', 'invalid', uscc.status === 'invalid' ? uscc.reason : 'format', code);
  }

  return result(input, 'unknown', 'invalid', 'length', code);
}
