import fs from 'node:fs';
import readline from 'node:readline';
import type { RawValue } from '../../catalog/values/raw-value.js';
import type { SourceRow, TabularSource } from './tabular-source.js';

function toRaw(v: unknown): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** Headers as the union of keys in first-seen order. */
function unionKeys(rows: Iterable<Readonly<Record<string, unknown>>>): string[] {
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) keys.add(k);
  return [...keys];
}

/**
 * Rows pushed as JSON objects (API): keys are field codes or labels. Row numbers are 1-based positions in the
 * array (there is no header row). A non-object entry is a row error.
 */
export function openJsonRows(rows: readonly unknown[]): TabularSource {
  const objects = rows.map((r) =>
    r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : null,
  );
  const headers = unionKeys(objects.filter((o): o is Record<string, unknown> => o !== null));
  return {
    format: 'json',
    encoding: 'utf-8',
    headers,
    headerRow: 0,
    date1904: false,
    notices: [],
    async *rows(): AsyncIterable<SourceRow> {
      for (const [i, o] of objects.entries()) {
        if (o === null) {
          yield {
            row: i + 1,
            cells: headers.map(() => null),
            problem: { code: 'not_an_object', message: '该行不是 JSON 对象' },
          };
        } else {
          yield { row: i + 1, cells: headers.map((h) => toRaw(o[h])) };
        }
      }
    },
  };
}

/** `该行不是有效的 JSON（第 12 个字符附近）` from a JSON.parse SyntaxError (V8 names the position in English). */
export function invalidJsonMessage(what: string, error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return `${what}不是有效的 JSON${position === undefined ? '' : `（第 ${Number(position) + 1} 个字符附近）`}`;
}

/**
 * A JSON file: either one array of objects, or NDJSON (one object per line). NDJSON is read twice — once for the
 * union of keys, once for the rows — so files larger than memory work.
 */
export async function openJsonFile(file: string): Promise<TabularSource> {
  const fd = await fs.promises.open(file, 'r');
  const probe = Buffer.alloc(256);
  const { bytesRead } = await fd.read(probe, 0, 256, 0);
  await fd.close();
  const first = probe
    .subarray(0, bytesRead)
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .trimStart();
  if (first.startsWith('[')) {
    const parsed = JSON.parse((await fs.promises.readFile(file, 'utf8')).replace(/^\ufeff/, '')) as unknown;
    if (!Array.isArray(parsed)) throw new Error('JSON 文件应为由行对象组成的数组');
    return openJsonRows(parsed);
  }
  const lines = async function* (): AsyncGenerator<{ row: number; value: unknown; error?: string }> {
    const rl = readline.createInterface({
      input: fs.createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let row = 0;
    for await (const line of rl) {
      row++;
      const text = line.replace(/^\ufeff/, '').trim();
      if (text === '') continue;
      try {
        yield { row, value: JSON.parse(text) as unknown };
      } catch (e) {
        yield { row, value: null, error: invalidJsonMessage('该行', e) };
      }
    }
  };
  const keys = new Set<string>();
  for await (const l of lines()) {
    if (l.value !== null && typeof l.value === 'object' && !Array.isArray(l.value))
      for (const k of Object.keys(l.value)) keys.add(k);
  }
  const headers = [...keys];
  return {
    format: 'ndjson',
    encoding: 'utf-8',
    headers,
    headerRow: 0,
    date1904: false,
    notices: [],
    async *rows(): AsyncIterable<SourceRow> {
      for await (const l of lines()) {
        const o =
          l.value !== null && typeof l.value === 'object' && !Array.isArray(l.value)
            ? (l.value as Record<string, unknown>)
            : null;
        if (o === null) {
          yield {
            row: l.row,
            cells: headers.map(() => null),
            problem: {
              code: l.error === undefined ? 'not_an_object' : 'invalid_json',
              message: l.error ?? '该行不是 JSON 对象',
            },
          };
        } else {
          yield { row: l.row, cells: headers.map((h) => toRaw(o[h])) };
        }
      }
    },
  };
}
