import type { RawValue } from '../../catalog/values/raw-value.js';

/** One data row as read: its row number as a spreadsheet user sees it (header = row 1) and cells by column. */
export interface SourceRow {
  readonly row: number;
  readonly cells: readonly RawValue[];
  /** A problem with the row's shape (e.g. more cells than headers), reported as a row error. */
  readonly problem?: { readonly code: string; readonly message: string };
}

/** A file or request body opened for reading: headers, then rows. */
export interface TabularSource {
  readonly format: 'csv' | 'xlsx' | 'json' | 'ndjson';
  readonly encoding: string | null;
  readonly headers: readonly string[];
  /** Row number of the header (1 for files; 0 for JSON, which has no header row). */
  readonly headerRow: number;
  readonly date1904: boolean;
  rows(): AsyncIterable<SourceRow>;
}
