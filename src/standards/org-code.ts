// GB 11714-1997 organisation code (组织机构代码): 8-character body + 1 check character, printed as XXXXXXXX-X.

const BODY_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const IGNORABLE = /[\s\u200B-\u200D\u2060\uFEFF]/gu;
const PRINT_HYPHEN = /^(.{8})[-\u2010-\u2015\u2212](.)$/u;

/** Why an organisation code is invalid. */
export type OrgCodeInvalidReason = 'empty' | 'length' | 'charset' | 'check_character';

/** Result of {@link validateOrgCode}. */
export type OrgCodeValidation =
  | { status: 'valid'; normalized: string; formatted: string }
  | { status: 'masked'; normalized: string }
  | { status: 'invalid'; reason: OrgCodeInvalidReason; message: string; normalized?: string };

/**
 * Canonical 9-character form of an organisation code: NFKC (full-width to half-width), whitespace and zero-width
 * characters removed, upper-cased, and the print hyphen before the check character removed
 * (`'MA2EL626-6'` -> `'MA2EL6266'`). Other hyphens are kept, so they fail validation as a charset error.
 */
export function normalizeOrgCode(raw: string): string {
  const compact = raw.normalize('NFKC').replace(IGNORABLE, '').toUpperCase();
  return compact.replace(PRINT_HYPHEN, '$1$2');
}

/**
 * GB 11714 check character for an 8-character body (digits and A–Z, A=10 … Z=35):
 * C = 11 − (Σ value·weight mod 11) with weights 3,7,9,10,5,8,4,2; 10 -> 'X', 11 -> '0'.
 * Throws `RangeError` for a body that is not 8 characters of 0-9/A-Z. Source: GB 11714-1997 (REFERENCE §1.3).
 */
export function computeOrgCodeCheck(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) {
    throw new RangeError(`organisation code body must be 8 characters 0-9/A-Z, got ${JSON.stringify(body)}`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += BODY_CHARS.indexOf(body.charAt(i)) * (WEIGHTS[i] ?? 0);
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

/** `'MA2EL6266'` -> `'MA2EL626-6'` (the GB 11714 print form). Input must already be a normalized 9-char code. */
export function formatOrgCode(code: string): string {
  return `${code.slice(0, 8)}-${code.slice(8)}`;
}

/**
 * Validates a GB 11714 organisation code, with or without the print hyphen (`MA2EL626-6` or `MA2EL6266`).
 *
 * Checks in order, so the reason is the most specific one: empty -> masked (contains `*`) -> length (9 after
 * normalization) -> charset (body 0-9/A-Z, check character 0-9/X) -> check_character.
 * Note: the mod-11 check cannot see a substitution whose value difference is a multiple of 11 (e.g. '1' <-> 'C');
 * inside a USCC the mod-31 check catches those. Source: GB 11714-1997 (REFERENCE §1.3).
 */
export function validateOrgCode(raw: string): OrgCodeValidation {
  const normalized = normalizeOrgCode(raw);
  if (normalized === '') {
    return { status: 'invalid', reason: 'empty', message: '组织机构代码为空' };
  }
  if (normalized.includes('*')) return { status: 'masked', normalized };
  if (normalized.length !== 9) {
    return {
      status: 'invalid',
      reason: 'length',
      message: `组织机构代码应为 9 位（8 位本体代码加 1 位校验码），实际为 ${normalized.length} 位`,
      normalized,
    };
  }
  const body = normalized.slice(0, 8);
  const checkCharacter = normalized.charAt(8);
  const badBody = [...body].findIndex((char) => !BODY_CHARS.includes(char));
  if (badBody !== -1) {
    return {
      status: 'invalid',
      reason: 'charset',
      message: `第 ${badBody + 1} 位的字符 ${JSON.stringify(body.charAt(badBody))} 不允许（只能是 0–9、A–Z）`,
      normalized,
    };
  }
  if (!/^[0-9X]$/.test(checkCharacter)) {
    return {
      status: 'invalid',
      reason: 'charset',
      message: `第 9 位校验码 ${JSON.stringify(checkCharacter)} 不允许（只能是 0–9 或 X）`,
      normalized,
    };
  }
  const expected = computeOrgCodeCheck(body);
  if (expected !== checkCharacter) {
    return {
      status: 'invalid',
      reason: 'check_character',
      message: `校验码为 ${JSON.stringify(checkCharacter)}，按 GB 11714 应为 ${JSON.stringify(expected)}`,
      normalized,
    };
  }
  return { status: 'valid', normalized, formatted: formatOrgCode(normalized) };
}
