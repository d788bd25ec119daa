import ExcelJS from 'exceljs';
import type { RawValue } from '../../catalog/values/raw-value.js';
import type { SourceRow, TabularSource } from './tabular-source.js';
import { checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-guard.js';

const INSTRUCTION_SHEETS = /^(填写说明|说明|instructions?)$/i;

/** Converts an exceljs cell value (rich text, formula results, hyperlinks …) to a plain value. */
export function cellValue(v: unknown): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: unknown;
      formula?: unknown;
      sharedFormula?: unknown;
    };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.error !== undefined) return String(o.error);
  }
  return String(v);
}

/**
 * Opens an XLSX workbook for streaming: the ZIP directory is checked first (zip-bomb guard), then the first
 * worksheet that is not an instructions sheet (填写说明) is read row by row; its first non-empty row is the header.
 * Date cells arrive as dates (1900 or 1904 system as the workbook says), numbers as numbers — code columns must
 * be formatted as text, which the field parsers enforce.
 */
export async function openXlsx(
  file: string,
  options: { zipLimits?: ZipLimits; maxRows?: number } = {},
): Promise<TabularSource> {
  await checkZip(file, options.zipLimits ?? DEFAULT_ZIP_LIMITS);
  const maxRows = options.maxRows ?? 2_000_000;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const rowsOfSheet = async function* (): AsyncGenerator<{ row: number; cells: RawValue[] }> {
    let picked = false;
    for await (const sheet of reader) {
      const ws = sheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string };
      if (picked || (ws.name !== undefined && INSTRUCTION_SHEETS.test(ws.name))) {
        for await (const _ of ws) {
          // drain other sheets so the reader can move on
        }
        continue;
      }
      picked = true;
      for await (const r of ws) {
        const values = r.values as unknown[];
        const cells: RawValue[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
        yield { row: r.number, cells };
      }
    }
  };
  const iterator = rowsOfSheet();
  let header: { row: number; cells: RawValue[] } | undefined;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    if (next.value.cells.some((c) => c !== null && String(c).trim() !== '')) {
      header = next.value;
      break;
    }
  }
  const headers = (header?.cells ?? []).map((c) => (c === null ? '' : String(c).trim()));
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  const date1904 =
    (reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904 ===
    true;
  return {
    format: 'xlsx',
    encoding: null,
    headers,
    headerRow: header?.row ?? 1,
    date1904,
    async *rows(): AsyncIterable<SourceRow> {
      let count = 0;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        const { row, cells } = next.value;
        if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
        if (++count > maxRows) throw new Error(`工作簿的数据行超过 ${maxRows} 行，请拆分后分批报送`);
        const aligned = headers.map((_, i) => cells[i] ?? null);
        const extra = cells.slice(headers.length).some((c) => c !== null && String(c).trim() !== '');
        yield extra
          ? {
              row,
              cells: aligned,
              problem: {
                code: 'column_count',
                message: `该行在表头的 ${headers.length} 列之外还有内容`,
              },
            }
          : { row, cells: aligned };
      }
    },
  };
}
