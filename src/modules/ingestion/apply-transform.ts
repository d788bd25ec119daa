import { parseDecimalValue } from '../catalog/values/parse-decimal.js';
import type { RawValue } from '../catalog/values/raw-value.js';
import { numberToPlainString, rawToText } from '../catalog/values/raw-value.js';
import type { ColumnTransform } from './mapping-profile.js';

/** Moves the decimal point of an exact decimal string `places` to the left. */
export function shiftDecimalLeft(value: string, places: number): string {
  const negative = value.startsWith('-');
  const [int = '0', frac = ''] = value.replace('-', '').split('.');
  const padded = int.padStart(places + 1, '0');
  const newInt = padded.slice(0, padded.length - places).replace(/^0+(?=\d)/, '');
  const newFrac = (padded.slice(padded.length - places) + frac).replace(/0+$/, '');
  const out = newFrac === '' ? newInt : `${newInt}.${newFrac}`;
  return negative && out !== '0' ? `-${out}` : out;
}

/** Applies a profile transform to a raw cell; values it cannot transform pass through for the parser to judge. */
export function applyTransform(raw: RawValue, transform: ColumnTransform): RawValue {
  switch (transform) {
    case 'yuan_to_wan': {
      const parsed = parseDecimalValue(raw, { scale: 12 });
      return parsed.ok && parsed.value !== null ? shiftDecimalLeft(parsed.value, 4) : raw;
    }
    case 'integer_code': {
      const text = typeof raw === 'number' ? numberToPlainString(raw) : rawToText(raw);
      return text === null ? null : text.replace(/\.0+$/, '');
    }
    case 'first6': {
      const text = typeof raw === 'number' ? numberToPlainString(raw) : rawToText(raw);
      return text === null ? null : text.slice(0, 6);
    }
  }
}
