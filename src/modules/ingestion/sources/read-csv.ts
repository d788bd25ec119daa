import fs from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { HEADER_SEARCH_ROWS, isBlankRow, pickHeaderRow, titleRowsNotice } from './header-row.js';
import type { TextEncoding } from './inspect-file.js';
import {
  type SourceNotice,
  type SourceOptions,
  SourceReadError,
  type SourceRow,
  type TabularSource,
} from './tabular-source.js';

const DELIMITERS = [',', '\t', ';', '|'] as const;

/**
 * Picks the delimiter that splits the header line into the most columns (quotes respected). The first line with
 * any delimiter decides, so a title line above the header ("2025年行政处罚信息") does not.
 */
export function sniffDelimiter(sample: string): string {
  for (const line of firstRecordTexts(sample, HEADER_SEARCH_ROWS)) {
    let best: string = ',';
    let bestCount = 0;
    for (const d of DELIMITERS) {
      let count = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === d && !quoted) count++;
      }
      if (count > bestCount) {
        best = d;
        bestCount = count;
      }
    }
    if (bestCount > 0) return best;
  }
  return ',';
}

function firstRecordTexts(sample: string, max: number): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < sample.length && out.length < max; i++) {
    const ch = sample[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) {
      if (i > start) out.push(sample.slice(start, i));
      start = i + 1;
    }
  }
  if (out.length < max && start < sample.length) out.push(sample.slice(start));
  return out;
}

function decodedStream(file: string, encoding: TextEncoding): NodeJS.ReadableStream {
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  return raw.pipe(iconv.decodeStream(encoding, { stripBOM: true }));
}

async function readSample(file: string, encoding: TextEncoding): Promise<string> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    return iconv.decode(buf.subarray(0, bytesRead), encoding, { stripBOM: true });
  } finally {
    await fd.close();
  }
}

/**
 * Opens a delimited text file in the given encoding: delimiter sniffed from the first lines (`,` tab `;` `|`),
 * quotes tolerated where departments get them wrong, CRLF/LF/CR line ends, blank lines skipped but counted so row
 * numbers match what the department sees in Excel. The header is looked for among the first non-empty rows
 * ({@link pickHeaderRow}); title rows above it are skipped with a notice.
 * @throws SourceReadError for a file with NUL bytes (binary, or UTF-16 that could not be recognised).
 */
export async function openCsv(
  file: string,
  encoding: TextEncoding,
  options: SourceOptions & { binary?: boolean } = {},
): Promise<TabularSource> {
  if (options.binary === true) throw new SourceReadError(BINARY_MESSAGE);
  const delimiter = sniffDelimiter(await readSample(file, encoding));
  const parser = decodedStream(file, encoding).pipe(
    parse({ delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: false, bom: true }),
  );
  const iterator = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  let recordNo = 0;
  const nextRecord = async (): Promise<{ row: number; cells: string[] } | undefined> => {
    const next = await iterator.next();
    if (next.done === true) return undefined;
    recordNo++;
    return { row: recordNo, cells: next.value };
  };
  const candidates: { row: number; cells: string[] }[] = [];
  while (candidates.length < HEADER_SEARCH_ROWS) {
    const r = await nextRecord();
    if (r === undefined) break;
    if (isBlankRow(r.cells)) continue;
    candidates.push(r);
  }
  const picked = pickHeaderRow(candidates, options.scoreHeader);
  const header = candidates[picked.index];
  const headers = (header?.cells ?? []).map((h) => h.replace(/^\ufeff/, ''));
  if (headers.some((h) => h.includes('\u0000'))) throw new SourceReadError(BINARY_MESSAGE);
  const notices: SourceNotice[] = titleRowsNotice(
    candidates.slice(0, Math.max(0, picked.index)),
    header?.row ?? 1,
  );
  const buffered = candidates.slice(picked.index + 1);
  return {
    format: 'csv',
    encoding,
    headers,
    headerRow: header?.row ?? 1,
    date1904: false,
    notices,
    async *rows(): AsyncIterable<SourceRow> {
      for (;;) {
        const next = buffered.shift() ?? (await nextRecord());
        if (next === undefined) return;
        const { row, cells } = next;
        if (isBlankRow(cells)) continue;
        if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== '')) {
          yield {
            row,
            cells: cells.slice(0, headers.length),
            problem: {
              code: 'column_count',
              message: `该行有 ${cells.length} 个单元格，但表头只有 ${headers.length} 列（是否有多余的分隔符或引号？）`,
            },
          };
          continue;
        }
        yield { row, cells: cells.length >= headers.length ? cells.slice(0, headers.length) : cells };
      }
    },
  };
}

const BINARY_MESSAGE =
  '文件含有空字符（NUL），不是可识别的文本文件（可能是未标明字节顺序的 UTF-16 文件，或改了扩展名的其他文件）：请另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重新报送';
