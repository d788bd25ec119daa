/**
 * `date` plus `months` calendar months (YYYY-MM-DD). When the target month has no such day (31 → 30-day month,
 * 29 February in a common year), the result is the 1st of the following month, so a half-open window
 * [date, result) still spans the whole last month.
 */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const dim = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (d <= dim)
    return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const ny = tm === 12 ? ty + 1 : ty;
  const nm = tm === 12 ? 1 : tm + 1;
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-01`;
}
