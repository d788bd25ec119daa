import path from 'node:path';
import { AppError } from '../../platform/errors.js';
import { inspectFile } from './sources/inspect-file.js';
import { openCsv } from './sources/read-csv.js';
import { invalidJsonMessage, openJsonFile } from './sources/read-json.js';
import { openXlsx, xlsxReadError } from './sources/read-xlsx.js';
import { type SourceOptions, SourceReadError, type TabularSource } from './sources/tabular-source.js';
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

/** A submitted file, inspected (digest, size, encoding) and ready to open. */
export interface SubmittedFile {
  readonly format: FileFormat;
  /** SM3 of the file's bytes (hex). */
  readonly digest: string;
  readonly size: number;
  /** Text encoding of a CSV (`utf-8`, `gb18030`, `utf-16le`, `utf-16be`); null for XLSX; `utf-8` for JSON. */
  readonly encoding: string | null;
  /** Lines of a CSV read as UTF-8 that carry bytes of another encoding (their rows are rejected). */
  readonly invalidLines: number;
  /**
   * Opens the reader for the file's format.
   * @throws SourceReadError (Chinese message) when the file cannot be read at all — a file-level failure.
   */
  open(options?: SourceOptions): Promise<TabularSource>;
}

/**
 * Inspects a submitted file in one pass (SM3 digest, text encoding) and returns how to open it.
 * @throws AppError unsupported_media_type for unknown formats (.xls is named explicitly).
 */
export async function inspectSubmittedFile(
  file: string,
  fileName: string,
  format?: FileFormat,
): Promise<SubmittedFile> {
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
  const inspection = await inspectFile(file, { text: fmt === 'csv' });
  return {
    format: fmt,
    digest: inspection.digest,
    size: inspection.size,
    encoding: fmt === 'csv' ? inspection.encoding : fmt === 'xlsx' ? null : 'utf-8',
    invalidLines: fmt === 'csv' ? inspection.invalidLines : 0,
    async open(options: SourceOptions = {}) {
      try {
        if (fmt === 'csv')
          return await openCsv(file, inspection.encoding, { ...options, binary: inspection.binary });
        if (fmt === 'xlsx') return await openXlsx(file, options);
        return await openJsonFile(file);
      } catch (e) {
        if (e instanceof SourceReadError) throw e;
        if (e instanceof ZipRejectedError) throw xlsxReadError(e);
        if (e instanceof SyntaxError)
          throw new SourceReadError(invalidJsonMessage(`${fileName} `, e), { cause: e });
        if (fmt === 'json' || fmt === 'ndjson')
          throw new SourceReadError(`无法读取该 JSON 文件：${e instanceof Error ? e.message : String(e)}`, {
            cause: e,
          });
        throw e;
      }
    },
  };
}
