import type { RawValue } from '../../catalog/values/raw-value.js';

/** One data row as read: its row number as a spreadsheet user sees it (header = row 1) and cells by column. */
export interface SourceRow {
  readonly row: number;
  readonly cells: readonly RawValue[];
  /** A problem with the row's shape (e.g. more cells than headers), reported as a row error. */
  readonly problem?: { readonly code: string; readonly message: string };
}

/**
 * A warning about the file as a whole (title rows skipped, other worksheets not read, merged cells filled …),
 * stored as a batch issue on `row` (0 = the whole file).
 */
export interface SourceNotice {
  readonly code: string;
  readonly message: string;
  readonly row?: number;
}

/** How well a row of cells works as the header for the item being collected. */
export interface HeaderProbe {
  /** Columns that map to a field of the item. */
  readonly matched: number;
  /** Every required field has a column. */
  readonly complete: boolean;
}

/** Scores candidate header rows (readers look for the header among the first rows and sheets). */
export type HeaderScorer = (cells: readonly string[]) => HeaderProbe;

/** Options a file reader takes from the collection pipeline. */
export interface SourceOptions {
  readonly scoreHeader?: HeaderScorer;
}

/** A file that cannot be read at all; the message (Chinese) is the batch's failure message. */
export class SourceReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceReadError';
  }
}

/** A file or request body opened for reading: headers, then rows. */
export interface TabularSource {
  readonly format: 'csv' | 'xlsx' | 'json' | 'ndjson';
  readonly encoding: string | null;
  readonly headers: readonly string[];
  /** Row number of the header (1 for files; 0 for JSON, which has no header row). */
  readonly headerRow: number;
  readonly date1904: boolean;
  /** File-level warnings; complete once `rows()` has been read to the end. */
  readonly notices: readonly SourceNotice[];
  rows(): AsyncIterable<SourceRow>;
}
