import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';

/** The repository root. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * A test-vector file (codes, holidays, divisions) kept in `test/vectors/`: byte-for-byte copies of the project's
 * shared vectors, so a clone anywhere runs the same tests (test/vectors/vectors.test.ts checks the copies against
 * ../shared when it is there).
 */
export function vectorFile(name: string): string {
  return path.join(REPO_ROOT, 'test', 'vectors', name);
}

/** The real Ningbo registration extract, as shipped in sample-data/ for `npm start`. */
export const NINGBO_SAMPLE = path.join(REPO_ROOT, 'sample-data', 'market-subjects-ningbo-sample.csv');

/** Writes `text` to `dir/name` in the given encoding (optionally with a BOM) and returns the path. */
export function writeEncoded(
  dir: string,
  name: string,
  text: string,
  encoding: 'utf-8' | 'gb18030' | 'utf-16le',
  bom = false,
): string {
  const body = iconv.encode(text, encoding);
  const prefix = !bom
    ? Buffer.alloc(0)
    : encoding === 'utf-16le'
      ? Buffer.from([0xff, 0xfe])
      : encoding === 'utf-8'
        ? Buffer.from([0xef, 0xbb, 0xbf])
        : Buffer.alloc(0);
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.concat([prefix, body]));
  return file;
}

/** Rows as CSV text with a header (values quoted when needed). */
export function toCsv(rows: readonly Record<string, string>[], headers?: readonly string[]): string {
  const cols = headers ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${[cols.map(cell).join(','), ...rows.map((r) => cols.map((c) => cell(r[c] ?? '')).join(','))].join('\r\n')}\r\n`;
}
