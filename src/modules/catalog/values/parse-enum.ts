import type { EnumOption } from '../catalog.types.js';
import type { ParseResult, RawValue } from './raw-value.js';
import { cleanText, rawToText } from './raw-value.js';

const SEPARATORS = /[；;、,，|/]+/;

/** Normalises an enum spelling for lookup: NFKC (full-width → half-width), no spaces or brackets, lower case. */
function key(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s()（）【】[\]]/g, '')
    .toLowerCase();
}

export interface EnumMatcher {
  /** Parses one value, or several separated by ；;、,，| / when `multiple`. */
  parse(raw: RawValue): ParseResult<string>;
}

/**
 * Builds a matcher accepting each option's value, label and synonyms in any width, case or bracket style. A
 * value starting with 其他/其它 followed by a specification (其他-备案) matches the 其他 option. Multiple values are
 * de-duplicated and returned in option order, joined by `;`.
 */
export function compileEnum(options: readonly EnumOption[], multiple = false): EnumMatcher {
  const lookup = new Map<string, string>();
  const order = new Map<string, number>();
  options.forEach((o, i) => {
    order.set(o.value, i);
    for (const spelling of [o.value, o.label, ...(o.synonyms ?? [])]) {
      const k = key(spelling);
      if (!lookup.has(k)) lookup.set(k, o.value);
    }
  });
  const other = options.find((o) => o.label === '其他' || o.value === '其他' || o.value === 'other');
  const allowed = options.map((o) => o.label).join('、');

  const one = (text: string): string | undefined => {
    const hit = lookup.get(key(text));
    if (hit !== undefined) return hit;
    if (other !== undefined && /^其[他它][-－—:：（(]/.test(text.normalize('NFKC'))) return other.value;
    return undefined;
  };

  return {
    parse(raw) {
      const text = typeof raw === 'number' ? String(raw) : rawToText(raw);
      if (text === null) return { ok: true, value: null };
      const direct = one(text);
      if (!multiple || direct !== undefined) {
        if (direct === undefined)
          return { ok: false, code: 'invalid_enum', message: `“${text}”不是可选值（可选：${allowed}）` };
        return { ok: true, value: direct };
      }
      const parts = text
        .split(SEPARATORS)
        .map((p) => cleanText(p))
        .filter((p): p is string => p !== null);
      const values = new Set<string>();
      for (const p of parts) {
        const v = one(p);
        if (v === undefined)
          return { ok: false, code: 'invalid_enum', message: `“${p}”不是可选值（可选：${allowed}）` };
        values.add(v);
      }
      if (values.size === 0) return { ok: true, value: null };
      return {
        ok: true,
        value: [...values].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)).join(';'),
      };
    },
  };
}

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '有', '√', 't']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', 'f', '×']);

/** Interprets 是/否, Y/N, true/false, 1/0. */
export function parseBooleanValue(raw: RawValue): ParseResult<boolean> {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  const text = typeof raw === 'number' ? String(raw) : rawToText(raw);
  if (text === null) return { ok: true, value: null };
  const k = text.normalize('NFKC').toLowerCase();
  if (TRUE_WORDS.has(k)) return { ok: true, value: true };
  if (FALSE_WORDS.has(k)) return { ok: true, value: false };
  return { ok: false, code: 'invalid_boolean', message: `“${text}”不是“是”或“否”` };
}
