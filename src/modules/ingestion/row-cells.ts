import type { IssueDetail } from '../../platform/errors.js';
import type { FieldSpec } from '../catalog/catalog.types.js';
import type { RawValue } from '../catalog/values/raw-value.js';
import type { ColumnMapping, HeaderMapping } from './map-headers.js';
import { cellText } from './sources/header-row.js';
import type { SourceRow, TabularSource } from './sources/tabular-source.js';

export interface CellContext {
  readonly mapping: HeaderMapping;
  readonly fieldsByCode: ReadonlyMap<string, FieldSpec>;
  readonly format: TabularSource['format'];
  readonly encoding: string | null;
  /** The raw value as it may appear in the report (clipped, masked for personal fields). */
  readonly mask: (field: FieldSpec | undefined, raw: RawValue) => string | null;
}

export type CellIssue = IssueDetail & { raw?: string | null };

/** U+FFFD is what a decoder makes of bytes it cannot read; NUL never belongs in a cell. */
const unreadable = (text: string) => text.includes('\ufffd') || text.includes('\u0000');
const QUOTE_LIMIT = 50;

function label(f: FieldSpec): string {
  return `${f.label}(${f.code})`;
}

function quote(text: string): string {
  return `“${text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text}”`;
}

function unreadableReason(ctx: CellContext): string {
  if (ctx.format === 'csv') {
    const encoding = ctx.encoding === 'gb18030' ? 'GB18030/GBK' : (ctx.encoding ?? '').toUpperCase();
    return `含有无法识别的字符（该行有不是 ${encoding} 编码的字节，与文件其余部分的编码不一致，可能是从其他文件复制而来）：请核对该行，将文件统一另存为“CSV UTF-8”后重新报送`;
  }
  return '含有无法识别的字符（�，原数据已损坏或编码有误）：请在原始数据中核对并改正';
}

/**
 * The cells of a row as the pipeline uses them, with the row errors that come before field validation:
 * - a mapped cell with undecodable bytes (U+FFFD) or NUL: the row is rejected naming the field — never stored as
 *   mojibake;
 * - a field given by two columns (duplicate headers): when only one of them is filled its value is used; when
 *   both are filled and differ the row is rejected naming both columns.
 */
export function prepareCells(
  r: SourceRow,
  ctx: CellContext,
): { cells: readonly RawValue[]; errors: CellIssue[] } {
  const errors: CellIssue[] = [];
  let cells = r.cells;
  const garbled: ColumnMapping[] = [];
  for (const c of [...ctx.mapping.columns, ...ctx.mapping.extraColumns]) {
    const cell = cells[c.index] ?? null;
    if (typeof cell === 'string' && unreadable(cell) && !garbled.some((g) => g.field === c.field))
      garbled.push(c);
  }
  const [firstGarbled] = garbled;
  if (firstGarbled !== undefined) {
    // one issue per row: a row pasted from a file in another encoding garbles every Chinese field
    const names = garbled.slice(0, 5).map((c) => label(c.field));
    errors.push({
      row: r.row,
      field: firstGarbled.field.code,
      code: 'invalid_character',
      message: `${names.join('、')}${garbled.length > 5 ? ` 等 ${garbled.length} 个数据项` : ''}${unreadableReason(ctx)}`,
      // the report shows where the NUL was (␀): PostgreSQL cannot store NUL itself, and the whole batch would fail
      raw:
        ctx.mask(firstGarbled.field, cells[firstGarbled.index] ?? null)?.replaceAll('\u0000', '\u2400') ??
        null,
    });
  }
  if (errors.length > 0 || ctx.mapping.extraColumns.length === 0) return { cells, errors };
  const primaryOf = new Map<string, ColumnMapping>(ctx.mapping.columns.map((c) => [c.field.code, c]));
  for (const extra of ctx.mapping.extraColumns) {
    const primary = primaryOf.get(extra.field.code);
    if (primary === undefined) continue;
    const first = cellText(cells[primary.index] ?? null);
    const second = cellText(cells[extra.index] ?? null);
    if (second === '' || first === second) continue;
    if (first === '') {
      if (cells === r.cells) cells = [...r.cells];
      (cells as RawValue[])[primary.index] = cells[extra.index] ?? null;
      continue;
    }
    const values =
      extra.field.personal === undefined ? `（${quote(first)}与${quote(second)}）` : '（原始值已脱敏）';
    errors.push({
      row: r.row,
      field: extra.field.code,
      code: 'duplicate_column_conflict',
      message: `列“${primary.header}”（第 ${primary.index + 1} 列）与列“${extra.header}”（第 ${extra.index + 1} 列）都对应数据项 ${label(extra.field)}，但本行两列的值不同${values}：请删除多余的一列，或使两列一致`,
      raw: ctx.mask(extra.field, cells[primary.index] ?? null),
    });
  }
  return { cells, errors };
}
