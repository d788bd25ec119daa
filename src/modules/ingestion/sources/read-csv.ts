import fs from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { TextEncoding } from './inspect-file.js';
import type { SourceRow, TabularSource } from './tabular-source.js';

const DELIMITERS = [',', '\t', ';', '|'] as const;

/** Picks the delimiter that splits the header line into the most columns (quotes respected). */
export function sniffDelimiter(sample: string): string {
  const firstLine = firstRecordText(sample);
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function firstRecordText(sample: string): string {
  let quoted = false;
  for (let i = 0; i < sample.length; i++) {
    const ch = sample[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) return sample.slice(0, i);
  }
  return sample;
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
 * Opens a delimited text file in the given encoding: delimiter sniffed from the header line (`,` tab `;` `|`),
 * quotes tolerated where departments get them wrong, CRLF/LF/CR line ends, blank lines skipped but counted so row
 * numbers match what the department sees in Excel.
 */
export async function openCsv(file: string, encoding: TextEncoding): Promise<TabularSource> {
  const delimiter = sniffDelimiter(await readSample(file, encoding));
  const parser = decodedStream(file, encoding).pipe(
    parse({ delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: false, bom: true }),
  );
  const iterator = (parser as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  const headers = first.done === true ? [] : first.value.map((h) => h.replace(/^\ufeff/, ''));
  return {
    format: 'csv',
    encoding,
    headers,
    headerRow: 1,
    date1904: false,
    async *rows(): AsyncIterable<SourceRow> {
      let row = 1;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        row++;
        const cells = next.value;
        if (cells.every((c) => c.trim() === '')) continue;
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
