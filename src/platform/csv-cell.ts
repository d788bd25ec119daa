/**
 * One CSV cell (RFC 4180 quoting) that is also safe to open in Excel/WPS: a value starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return would be run as a formula (CSV injection, e.g. `=HYPERLINK(…)` in a company name),
 * so it is prefixed with `'`, which spreadsheets show as text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
