/** A cell as it arrives: CSV gives strings, XLSX numbers/dates/booleans too, JSON numbers and booleans. */
export type RawValue = string | number | boolean | Date | null | undefined;

/** Outcome of interpreting one value: a normalised value (null = empty) with warnings, or an error. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T | null; readonly warnings?: readonly ValueIssue[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface ValueIssue {
  readonly code: string;
  readonly message: string;
}

// Whitespace a spreadsheet or a web form leaves behind: ASCII, NBSP, ideographic space, zero-width characters, BOM.
const EDGE_SPACE = /^[\s\u00a0\u3000\u200b-\u200d\ufeff]+|[\s\u00a0\u3000\u200b-\u200d\ufeff]+$/g;
const INNER_INVISIBLE = /[\u200b-\u200d\ufeff]/g;

/** Words departments write for "no value" (REFERENCE: dirty real files). Compared after trimming. */
export const NULL_WORDS: ReadonlySet<string> = new Set([
  '',
  '暂无',
  '无',
  '空',
  '/',
  '\\',
  '-',
  '--',
  '—',
  '——',
  '－',
  'NULL',
  'null',
  'Null',
  'N/A',
  'n/a',
  'NA',
  'None',
  'none',
  'nil',
  'undefined',
  '（空）',
  '(空)',
]);

/** Trims edge whitespace (incl. NBSP, ideographic and zero-width spaces) and maps null words to null. */
export function cleanText(raw: string): string | null {
  // Fast path: most cells have no edge whitespace and no invisible characters.
  const s = needsCleaning(raw) ? raw.replace(EDGE_SPACE, '').replace(INNER_INVISIBLE, '') : raw;
  return NULL_WORDS.has(s) ? null : s;
}

function isSpaceLike(code: number): boolean {
  return (
    code <= 0x20 || code === 0xa0 || code === 0x3000 || (code >= 0x200b && code <= 0x200d) || code === 0xfeff
  );
}

function needsCleaning(s: string): boolean {
  if (s.length === 0) return false;
  if (isSpaceLike(s.charCodeAt(0)) || isSpaceLike(s.charCodeAt(s.length - 1))) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x200b && c <= 0x200d) || c === 0xfeff) return true;
  }
  return false;
}

/** A raw value as text for text-like fields; numbers keep their exact decimal form. */
export function rawToText(raw: RawValue): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return cleanText(raw);
  if (typeof raw === 'number') return Number.isFinite(raw) ? numberToPlainString(raw) : null;
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
}

/** A JS number as a plain decimal string without exponent (1e21 → "1000000000000000000000"). */
export function numberToPlainString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return expandExponent(s);
}

/** Expands scientific notation in a decimal string exactly, by moving the point (no float arithmetic). */
export function expandExponent(s: string): string {
  const m = /^([+-]?)(\d+)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(s);
  if (m === null) return s;
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  const exp = Number(m[4]);
  const digits = intPart + frac;
  const point = intPart.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  if (out.includes('.')) out = out.replace(/\.?0+$/, '');
  return sign + out;
}
