import path from 'node:path';
import { AppError } from '../../platform/errors.js';
import { inspectFile } from './sources/inspect-file.js';
import { openCsv } from './sources/read-csv.js';
import { invalidJsonMessage, openJsonFile } from './sources/read-json.js';
import { openXlsx } from './sources/read-xlsx.js';
import type { TabularSource } from './sources/tabular-source.js';
import { ZipRejectedError } from './sources/zip-guard.js';

export type FileFormat = 'csv' | 'xlsx' | 'json' | 'ndjson';

export function formatFromName(fileName: string): FileFormat | undefined {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return undefined;
}

export interface OpenedFile {
  readonly source: TabularSource;
  readonly digest: string;
  readonly size: number;
}

/**
 * Opens a submitted file: one pass for its SM3 digest and text encoding, then the reader for its format.
 * @throws AppError unsupported_media_type for unknown formats (.xls is named explicitly), bad_request for
 *   archives the zip guard refuses.
 */
export async function openSubmittedFile(
  file: string,
  fileName: string,
  format?: FileFormat,
): Promise<OpenedFile> {
  const fmt = format ?? formatFromName(fileName);
  if (fmt === undefined) {
    const hint =
      path.extname(fileName).toLowerCase() === '.xls'
        ? '（.xls 是 2007 版之前的格式，请将工作簿另存为 .xlsx）'
        : '';
    throw new AppError(
      'unsupported_media_type',
      `无法读取 ${fileName}：请使用 CSV、XLSX、JSON 或 NDJSON 格式${hint}`,
    );
  }
  const inspection = await inspectFile(file);
  try {
    let source: TabularSource;
    if (fmt === 'csv') source = await openCsv(file, inspection.encoding);
    else if (fmt === 'xlsx') source = await openXlsx(file);
    else source = await openJsonFile(file);
    return { source, digest: inspection.digest, size: inspection.size };
  } catch (e) {
    if (e instanceof ZipRejectedError) throw new AppError('bad_request', `${fileName}：${e.message}`);
    if (e instanceof SyntaxError) throw new AppError('bad_request', invalidJsonMessage(`${fileName} `, e));
    throw e;
  }
}
