/**
 * Exact arithmetic for evaluation points. Every score, contribution and cap is an integer number of hundredths of
 * a point (`1000.00` points = 100000); percentages are integers 0–100. No floating point touches a score.
 */

const POINTS = /^([+-])?(\d{1,9})(?:\.(\d{1,2}))?$/;

/** Whether `text` is a decimal with at most 2 places, e.g. `-20`, `1000`, `2.5`. */
export function isPoints(text: string): boolean {
  return POINTS.test(text);
}

/**
 * `"-20.5"` → -2050 (hundredths).
 * @throws RangeError for anything but a decimal with at most 2 places.
 */
export function parsePoints(text: string): number {
  const m = POINTS.exec(text);
  if (m === null)
    throw new RangeError(`${JSON.stringify(text)} is not a number of points with at most 2 decimals`);
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const n = whole * 100 + frac;
  return m[1] === '-' ? -n : n;
}

/** -2050 → `"-20.50"`; always two decimals. */
export function formatPoints(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths))
    throw new RangeError(`${hundredths} is not an integer of hundredths`);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `n / d` for integers, rounded half away from zero (d > 0). */
export function divRound(n: number, d: number): number {
  const q = Math.trunc(n / d);
  const r = n - q * d;
  const out = Math.abs(r) * 2 >= d ? q + (n < 0 ? -1 : 1) : q;
  return out === 0 ? 0 : out; // never -0
}

/** A record's points after recency decay: `points × percent / 100`, rounded half away from zero to 0.01 point. */
export function weighted(hundredths: number, percent: number): number {
  return divRound(hundredths * percent, 100);
}
