import type { ParseResult, RawValue, ValueIssue } from './raw-value.js';
import { cleanText, numberToPlainString } from './raw-value.js';

export interface DecimalOptions {
  /** Unit the field is stored in, e.g. 万元. Values written with 元 are converted to 万元 with a warning. */
  readonly unit?: string;
  /** Maximum decimal places kept (default 6). */
  readonly scale?: number;
  /** Allow negative values (default false: amounts are never negative). */
  readonly allowNegative?: boolean;
}

/**
 * Interprets an amount as an exact decimal string (never a float): strips thousands separators (`,` `，` spaces),
 * full-width digits, a trailing unit that matches the field's, and drops trailing zeros. Number cells are expanded
 * exactly; text in scientific notation (`1.5e3`, `1.23457E+11`) is rejected (`scientific_notation`). An amount
 * written in 元 for a 万元 field is divided by 10,000 by moving the decimal point.
 */
export function parseDecimalValue(raw: RawValue, options: DecimalOptions = {}): ParseResult<string> {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  let text: string | null;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return invalid(`${raw} 不是数字`);
    text = numberToPlainString(raw);
  } else if (typeof raw === 'string') {
    text = cleanText(raw.normalize('NFKC'));
  } else {
    return invalid(`${String(raw)} 不是数字`);
  }
  if (text === null) return { ok: true, value: null };

  const warnings: ValueIssue[] = [];
  let s = text
    .replace(/[,，\s\u00a0]/g, '')
    .replace(/^人民币/, '')
    .replace(/^[¥￥]/, '');
  let shift = 0;
  if (options.unit === '万元') {
    if (s.endsWith('万元')) s = s.slice(0, -2);
    else if (s.endsWith('万')) s = s.slice(0, -1);
    else if (s.endsWith('元')) {
      s = s.slice(0, -1);
      shift = -4;
      warnings.push({ code: 'unit_converted', message: `${text} 以元为单位，已换算为万元保存` });
    }
  } else if (options.unit !== undefined && s.endsWith(options.unit)) {
    s = s.slice(0, -options.unit.length);
  }
  // Scientific notation in a file is what a spreadsheet shows for a column not formatted as text: the digits shown
  // may already be rounded (1.23457E+11), so the amount cannot be trusted — rejected like codes (GB 32100 checks).
  // Number cells (XLSX, JSON) carry the exact value and never get here as text.
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(s)) {
    return {
      ok: false,
      code: 'scientific_notation',
      message: `“${text}” 是科学计数法形式的数字：表格软件未把该列设为文本格式，显示的数字可能已被舍入。请将该列设为文本格式，填写完整金额后重新报送`,
    };
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return invalid(`${text} 不是数字`);
  const negative = m[1] === '-';
  if (negative && options.allowNegative !== true) return invalid(`${text} 为负数，不允许`);
  let intPart = m[2] === '' ? '0' : (m[2] ?? '0');
  let frac = m[3] ?? '';
  if (shift < 0) {
    const padded = intPart.padStart(-shift + 1, '0');
    frac = padded.slice(shift) + frac;
    intPart = padded.slice(0, shift);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const scale = options.scale ?? 6;
  if (frac.length > scale) return invalid(`${text} 的小数超过 ${scale} 位`);
  const value = `${negative && (intPart !== '0' || frac !== '') ? '-' : ''}${intPart}${frac === '' ? '' : `.${frac}`}`;
  return warnings.length > 0 ? { ok: true, value, warnings } : { ok: true, value };
}

/** Compares two decimal strings produced by {@link parseDecimalValue}: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const na = a.startsWith('-');
  const nb = b.startsWith('-');
  if (na !== nb) return na ? -1 : 1;
  const sign = na ? -1 : 1;
  const [ai = '0', af = ''] = a.replace('-', '').split('.');
  const [bi = '0', bf = ''] = b.replace('-', '').split('.');
  if (ai.length !== bi.length) return sign * (ai.length < bi.length ? -1 : 1);
  if (ai !== bi) return sign * (ai < bi ? -1 : 1);
  const len = Math.max(af.length, bf.length);
  const fa = af.padEnd(len, '0');
  const fb = bf.padEnd(len, '0');
  if (fa === fb) return 0;
  return sign * (fa < fb ? -1 : 1);
}

function invalid(message: string): { ok: false; code: string; message: string } {
  return { ok: false, code: 'invalid_decimal', message };
}
