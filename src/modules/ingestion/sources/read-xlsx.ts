import path from 'node:path';
import ExcelJS from 'exceljs';
import type { RawValue } from '../../catalog/values/raw-value.js';
import {
  type CandidateRow,
  cellText,
  HEADER_SEARCH_ROWS,
  isBlankRow,
  pickHeaderRow,
  titleRowsNotice,
} from './header-row.js';
import {
  type SourceNotice,
  type SourceOptions,
  SourceReadError,
  type SourceRow,
  type TabularSource,
} from './tabular-source.js';
import {
  type CheckedZip,
  checkZip,
  DEFAULT_ZIP_LIMITS,
  openZipEntry,
  type ZipEntryInfo,
  type ZipEntryVisitor,
  type ZipLimits,
  ZipRejectedError,
} from './zip-guard.js';

/** Sheets that explain a template or feed its drop-down lists: never data, never reported as "not read". */
const INSTRUCTION_SHEETS = /^(填写说明|填报说明|说明|代码表|代码说明|字典|instructions?)$/i;

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

/** A merged range as read from `<mergeCell ref="L3:L5"/>` (1-based rows and columns). */
export interface MergeRange {
  readonly ref: string;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** Merged ranges per worksheet entry beyond which a workbook is refused rather than held in memory. */
const MAX_MERGES = 200_000;

/**
 * Longest text or tag in a worksheet's XML, in characters, beyond which a workbook is refused: the XML parser holds
 * one whole text node or tag in memory. An Excel cell holds at most 32,767 characters (some 200,000 once escaped),
 * so no workbook Excel or WPS writes comes near it.
 */
export const MAX_XML_RUN = 1_000_000;

/**
 * Shared strings (distinct texts of the workbook) beyond which a workbook is refused: each is held in memory while
 * the sheet is read. Far more than the rows a file may carry would need.
 */
export const MAX_SHARED_STRINGS = 2_000_000;

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

function parseRange(ref: string): MergeRange | undefined {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/i.exec(ref);
  if (m === null) return undefined;
  const [a, b] = [
    { col: columnNumber(m[1] ?? ''), row: Number(m[2]) },
    { col: columnNumber(m[3] ?? ''), row: Number(m[4]) },
  ];
  return {
    ref: ref.toUpperCase(),
    top: Math.min(a.row, b.row),
    bottom: Math.max(a.row, b.row),
    left: Math.min(a.col, b.col),
    right: Math.max(a.col, b.col),
  };
}

const MERGE_TAG = Buffer.from('<mergeCell ');

/**
 * Collects `<mergeCell ref="…"/>` of every worksheet while the zip guard inflates it: they come after the rows in
 * the XML, so a streaming reader would see them too late to fill the cells.
 */
function mergeCollector(into: Map<string, MergeRange[]>): ZipEntryVisitor {
  return (name) => {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) return undefined;
    const ranges: MergeRange[] = [];
    into.set(name, ranges);
    let pending = Buffer.alloc(0);
    return (chunk) => {
      const buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let from = 0;
      for (;;) {
        const at = buf.indexOf(MERGE_TAG, from);
        if (at < 0) {
          pending = Buffer.from(buf.subarray(Math.max(from, buf.length - MERGE_TAG.length)));
          return;
        }
        const end = buf.indexOf(0x3e, at); // '>'
        if (end < 0) {
          if (buf.length - at > MAX_XML_RUN)
            throw new ZipRejectedError('工作表中的合并单元格标记没有结束（XML 格式错误）');
          pending = Buffer.from(buf.subarray(at));
          return;
        }
        const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(buf.toString('latin1', at, end))?.[1];
        const range = ref === undefined ? undefined : parseRange(ref);
        if (range !== undefined && range.bottom > range.top) {
          if (ranges.length >= MAX_MERGES)
            throw new ZipRejectedError(`工作表中的合并单元格超过 ${MAX_MERGES} 处`);
          ranges.push(range);
        }
        from = end + 1;
      }
    };
  };
}

type SheetChunks = AsyncIterable<Buffer | string>;

type ReaderEvent = { eventType: string; value: unknown };

/** The parts of exceljs' WorkbookReader (lib/stream/xlsx/workbook-reader.js) that are not in its typings. */
interface ReaderInternals {
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  /** With `options.sharedStrings: 'emit'`, yields each string (plain or rich text) instead of caching it. */
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncIterable<{ index: number; text: unknown }>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(iterator: SheetChunks, sheetNo: string): Iterable<ReaderEvent>;
  workbookRels?: readonly { Id: string; Target: string }[];
  options: { sharedStrings: string };
  sharedStrings?: unknown[];
  model?: { sheets?: readonly { name: string; rId: string; state?: string }[] };
}

/** Decodes UTF-8 across chunk boundaries (exceljs decodes each 16 KiB chunk alone and breaks 汉字 at the seams). */
async function* utf8Chunks(chunks: SheetChunks): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const c of chunks) yield typeof c === 'string' ? c : decoder.decode(c, { stream: true });
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

const ROW_OR_CELL = /<(row|c)(?=[\s>/])([^>]*)>/g;
const REF_ATTR = /\sr\s*=\s*["']([A-Za-z]*)(\d*)["']/;
const ROW_TAG = /<row[\s>/]/g;
/** A `<row>` or `<c>` tag without an `r` attribute. */
const MISSING_REF = /<(?:row|c)(?=[\s>/])(?![^>]*\sr\s*=)/;

/** Position of the last `<name` tag (not a longer name such as `<rowBreaks`) at or after `floor`, or -1. */
function lastTag(text: string, name: string, floor: number): number {
  for (let from = text.length; from >= floor; ) {
    const at = text.lastIndexOf(`<${name}`, from);
    if (at < floor) return -1;
    if (/[\s>/]/.test(text[at + name.length + 1] ?? '')) return at;
    if (at === 0) return -1;
    from = at - 1;
  }
  return -1;
}

/**
 * Adds the `r` references the XLSX standard allows writers to leave out (`<row>` → the next row, `<c>` → the next
 * column), which exceljs' streaming reader needs (it crashes without them). Counts the `<row>` tags in `seen`: exceljs
 * stops silently where its XML parser gives up (an unescaped `&`), and the count is how that is noticed. Chunks whose tags all carry references
 * (the usual case) pass through unchanged after a look at their last row and cell.
 */
export async function* withCellReferences(
  chunks: AsyncIterable<string>,
  seen: { rows: number } = { rows: 0 },
): AsyncGenerator<string> {
  let row = 0;
  let col = 0;
  const fix = (text: string) =>
    text.replace(ROW_OR_CELL, (tag: string, name: string, attrs: string) => {
      const ref = REF_ATTR.exec(attrs);
      if (name === 'row') {
        col = 0;
        const r = ref === null ? Number.NaN : Number(ref[2]);
        if (Number.isInteger(r) && r > 0) {
          row = r;
          return tag;
        }
        row++;
        return `<row r="${row}"${ref === null ? attrs : attrs.replace(REF_ATTR, '')}>`;
      }
      if (ref !== null && ref[1] !== undefined && ref[1] !== '') {
        col = columnNumber(ref[1]);
        return tag;
      }
      col++;
      return `<c r="${columnLetters(col)}${row}"${ref === null ? attrs : attrs.replace(REF_ATTR, '')}>`;
    });
  const process = (text: string): string => {
    seen.rows += text.match(ROW_TAG)?.length ?? 0;
    if (MISSING_REF.test(text)) return fix(text);
    const rowAt = lastTag(text, 'row', 0);
    if (rowAt >= 0) {
      row = Number(REF_ATTR.exec(text.slice(rowAt, text.indexOf('>', rowAt) + 1))?.[2] ?? row);
      col = 0;
    }
    const cellAt = lastTag(text, 'c', Math.max(rowAt, 0));
    if (cellAt >= 0) {
      const letters = REF_ATTR.exec(text.slice(cellAt, text.indexOf('>', cellAt) + 1))?.[1];
      if (letters !== undefined && letters !== '') col = columnNumber(letters);
    }
    return text;
  };
  let carry = '';
  // characters since the last '<' or '>', across chunks: one text node or tag the XML parser would hold whole
  let run = 0;
  const measure = (text: string) => {
    const first = firstDelimiter(text);
    if (first < 0) run += text.length;
    else {
      if (run + first > MAX_XML_RUN) throw runTooLong(seen.rows);
      run = text.length - 1 - Math.max(text.lastIndexOf('<'), text.lastIndexOf('>'));
    }
    if (run > MAX_XML_RUN) throw runTooLong(seen.rows);
  };
  for await (const chunk of chunks) {
    measure(chunk);
    const text = carry + chunk;
    const cut = text.lastIndexOf('<');
    if (cut >= 0 && text.indexOf('>', cut) < 0) {
      carry = text.slice(cut);
      yield process(text.slice(0, cut));
    } else {
      carry = '';
      yield process(text);
    }
  }
  if (carry !== '') yield process(carry);
}

function firstDelimiter(text: string): number {
  const lt = text.indexOf('<');
  const gt = text.indexOf('>');
  return lt < 0 ? gt : gt < 0 ? lt : Math.min(lt, gt);
}

function runTooLong(rows: number): ZipRejectedError {
  return new ZipRejectedError(
    `工作表第 ${rows} 行附近有一段内容超过 ${MAX_XML_RUN.toLocaleString('en')} 个字符（Excel 单元格最多 32767 个字符），疑似构造的文件，拒绝处理`,
  );
}

const base = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * exceljs' streaming reader fed by the zip guard instead of unzipper: exceljs walks the archive with unzipper,
 * which drops worksheets when sheets come before the shared strings (exceljs#2790) and decodes each 16 KiB chunk
 * on its own, breaking 汉字 at the seams (exceljs#2063). Here each checked entry is inflated again under its
 * declared size and handed to exceljs' own part parsers in the order they need — relationships, workbook, shared
 * strings, styles, then the worksheets in tab order — decoded as UTF-8 across chunks, with missing cell references
 * supplied.
 */
class SafeWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(
    private readonly file: string,
    private readonly entries: readonly ZipEntryInfo[],
    private readonly maxSharedStrings: number,
  ) {
    super(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore' });
  }

  private text(name: string): NodeJS.ReadableStream | undefined {
    const entry = this.entries.find((e) => e.name === name);
    if (entry === undefined) return undefined;
    const stream = openZipEntry(this.file, entry);
    stream.setEncoding('utf8');
    return stream;
  }

  /**
   * The shared strings as plain texts (rich text joined, as {@link cellValue} would), at most
   * `maxSharedStrings` ({@link MAX_SHARED_STRINGS}); the zip guard has already bounded the part's inflated size.
   */
  private async sharedStrings(entry: NodeJS.ReadableStream): Promise<(string | null)[]> {
    const self = this as unknown as ReaderInternals;
    const strings: (string | null)[] = [];
    self.options.sharedStrings = 'emit';
    try {
      for await (const { text } of base._parseSharedStrings.call(this, entry)) {
        if (strings.length >= this.maxSharedStrings)
          throw new ZipRejectedError(
            `共享字符串表中的文字超过 ${this.maxSharedStrings.toLocaleString('en')} 条，拒绝处理：请拆分为多个文件分批报送，或另存为“CSV UTF-8”格式报送`,
          );
        const value = cellValue(text);
        strings.push(value === null ? null : String(value));
      }
    } finally {
      self.options.sharedStrings = 'cache';
    }
    return strings;
  }

  override async *parse(): AsyncGenerator<ReaderEvent> {
    const self = this as unknown as ReaderInternals;
    const rels = this.text('xl/_rels/workbook.xml.rels');
    if (rels !== undefined) await base._parseRels.call(this, rels);
    const workbook = this.text('xl/workbook.xml');
    if (workbook !== undefined) await base._parseWorkbook.call(this, workbook);
    const shared = this.text('xl/sharedStrings.xml');
    if (shared !== undefined) self.sharedStrings = await this.sharedStrings(shared);
    const styles = this.text('xl/styles.xml');
    if (styles !== undefined) await base._parseStyles.call(this, styles);

    // relationship targets are relative to xl/ ("worksheets/sheet1.xml") or absolute ("/xl/worksheets/sheet1.xml")
    const targets = new Map(
      (self.workbookRels ?? []).map((r) => [
        r.Target.startsWith('/') ? r.Target.slice(1) : path.posix.join('xl', r.Target),
        r.Id,
      ]),
    );
    const tabs = self.model?.sheets ?? [];
    const tabOf = (name: string) => {
      const rId = targets.get(name);
      const index = tabs.findIndex((t) => t.rId === rId);
      return index < 0 ? undefined : { index, sheet: tabs[index] };
    };
    const sheets = this.entries
      .filter((e) => WORKSHEET.test(e.name))
      .map((e) => ({ entry: e, tab: tabOf(e.name), no: WORKSHEET.exec(e.name)?.[1] ?? '' }))
      .map((x) => ({ ...x, order: x.tab?.index ?? 1e9 + Number(x.no) }))
      .sort((a, b) => a.order - b.order);
    for (const { entry, tab, no } of sheets) {
      const rowTags = { rows: 0 };
      const chunks = withCellReferences(utf8Chunks(openZipEntry(this.file, entry)), rowTags);
      for (const event of base._parseWorksheet.call(this, chunks, no)) {
        if (event.eventType === 'worksheet') {
          const ws = event.value as { entry?: string; name?: string; state?: string; rowTags?: object };
          ws.entry = entry.name;
          ws.rowTags = rowTags;
          if (tab?.sheet !== undefined) {
            ws.name = tab.sheet.name;
            ws.state = tab.sheet.state ?? 'visible';
          }
        }
        yield event;
      }
    }
  }
}

interface SheetHandle {
  readonly name: string;
  readonly entry: string;
  readonly rows: AsyncIterator<ExcelJS.Row>;
  /** `<row>` tags in the sheet's XML, against rows exceljs delivered. */
  readonly rowTags: { rows: number };
  /** Hidden sheets (often the source of a template's drop-down lists) are never read. */
  readonly auxiliary: boolean;
  delivered: number;
  /** Row number of the last row delivered. */
  lastRow: number;
}

interface ReadRow {
  readonly row: number;
  readonly cells: RawValue[];
}

const READ_FAILED = '请用 Excel 或 WPS 打开后另存为标准 .xlsx（或“CSV UTF-8”）再报送';

/** Any failure of the workbook reader as a file-level failure in Chinese. */
export function xlsxReadError(e: unknown): SourceReadError {
  if (e instanceof SourceReadError) return e;
  if (e instanceof ZipRejectedError)
    return new SourceReadError(
      `无法读取该 Excel 文件：${e.message}${e.message.includes('报送') ? '' : `。${READ_FAILED}`}`,
      { cause: e },
    );
  return new SourceReadError(`无法读取该 Excel 文件（文件结构不符合 XLSX 标准）：${READ_FAILED}`, {
    cause: e,
  });
}

function toReadRow(r: ExcelJS.Row): ReadRow {
  const values = r.values as unknown[];
  const cells: RawValue[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
  return { row: r.number, cells };
}

/**
 * Fills each merged range's first column in the rows below its top-left cell with that cell's value (the layout
 * "same authority for these five rows"). Only ranges below the header; the other columns of a range spanning
 * several columns stay empty — a value belongs to one field.
 */
function mergeFiller(ranges: readonly MergeRange[], headerRow: number) {
  const pending = ranges.filter((r) => r.top > headerRow).sort((a, b) => a.top - b.top);
  const masters = new Map<MergeRange, RawValue>();
  let next = 0;
  let active: MergeRange[] = [];
  const used = new Set<string>();
  let first = 0;
  let last = 0;
  return {
    fill(row: number, cells: RawValue[]): void {
      while (next < pending.length && (pending[next]?.top ?? Number.POSITIVE_INFINITY) <= row) {
        active.push(pending[next] as MergeRange);
        next++;
      }
      if (active.length === 0) return;
      active = active.filter((r) => r.bottom >= row);
      for (const r of active) {
        if (r.top === row) {
          masters.set(r, cells[r.left - 1] ?? null);
          continue;
        }
        const v = masters.get(r);
        if (v === undefined || cellText(v) === '' || cellText(cells[r.left - 1] ?? null) !== '') continue;
        while (cells.length < r.left) cells.push(null);
        cells[r.left - 1] = v;
        used.add(r.ref);
        if (first === 0) first = row;
        last = row;
      }
    },
    notice(): SourceNotice[] {
      if (used.size === 0) return [];
      const refs = [...used];
      return [
        {
          code: 'merged_cells_filled',
          message: `第 ${first}–${last} 行有合并单元格（${refs.slice(0, 5).join('、')}${refs.length > 5 ? ` 等 ${refs.length} 处` : ''}）：已将每个合并区域左上角单元格的值填入其下各行的同一列后导入，请核对这些行`,
        },
      ];
    },
  };
}

/**
 * Opens an XLSX workbook for streaming:
 * - the zip guard inflates every entry first (actual sizes, not declared ones) and collects merged ranges;
 * - the worksheet to read is the first whose header (searched among its first non-empty rows, {@link
 *   pickHeaderRow}) gives every required column, else the one matching most fields; instruction sheets (填写说明)
 *   are never read. Other non-empty sheets are not read and are named in a notice — one file, one table: their
 *   rows could not be told apart in the report, which numbers rows as the department sees them in one sheet;
 * - merged cells below the header are filled from their top-left cell (notice once per file).
 * Date cells arrive as dates (1900 or 1904 system as the workbook says), numbers as numbers — code columns must be
 * formatted as text, which the field parsers enforce.
 * @throws SourceReadError with a Chinese message for anything the reader cannot read (never a raw TypeError).
 */
export async function openXlsx(
  file: string,
  options: { zipLimits?: ZipLimits; maxRows?: number; maxSharedStrings?: number } & SourceOptions = {},
): Promise<TabularSource> {
  const merges = new Map<string, MergeRange[]>();
  let checked: CheckedZip;
  try {
    checked = await checkZip(file, options.zipLimits ?? DEFAULT_ZIP_LIMITS, mergeCollector(merges));
  } catch (e) {
    throw xlsxReadError(e);
  }
  const maxRows = options.maxRows ?? 2_000_000;
  const reader = new SafeWorkbookReader(file, checked.list, options.maxSharedStrings ?? MAX_SHARED_STRINGS);
  const sheets = (reader as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const nextSheet = async (): Promise<SheetHandle | undefined> => {
    const next = await sheets.next();
    if (next.done === true) return undefined;
    const ws = next.value as AsyncIterable<ExcelJS.Row> & {
      name?: string;
      entry?: string;
      rowTags?: { rows: number };
      state?: string;
    };
    return {
      name: ws.name ?? '',
      entry: ws.entry ?? '',
      rows: ws[Symbol.asyncIterator](),
      rowTags: ws.rowTags ?? { rows: 0 },
      auxiliary: (ws.state !== undefined && ws.state !== 'visible') || INSTRUCTION_SHEETS.test(ws.name ?? ''),
      delivered: 0,
      lastRow: 0,
    };
  };
  const nextRow = async (sheet: SheetHandle): Promise<ReadRow | undefined> => {
    const next = await sheet.rows.next();
    if (next.done !== true) {
      sheet.delivered++;
      sheet.lastRow = next.value.number;
      return toReadRow(next.value);
    }
    if (sheet.delivered !== sheet.rowTags.rows)
      throw new SourceReadError(
        `无法读取该 Excel 文件：工作表“${sheet.name}”的内容在第 ${sheet.lastRow} 行之后无法解析（XML 格式错误，例如未转义的 & 符号），后面的 ${sheet.rowTags.rows - sheet.delivered} 行无法读取。${READ_FAILED}`,
      );
    return undefined;
  };
  /** Reads the rest of a sheet, returning how many non-empty rows it had. */
  const drain = async (sheet: SheetHandle): Promise<number> => {
    let n = 0;
    for (let r = await nextRow(sheet); r !== undefined; r = await nextRow(sheet))
      if (!isBlankRow(r.cells)) n++;
    return n;
  };

  const notRead: { name: string; rows: number }[] = [];
  let chosen:
    | { sheet: SheetHandle; header: CandidateRow; buffered: CandidateRow[]; titles: CandidateRow[] }
    | undefined;
  let best: { name: string; header: CandidateRow; titles: CandidateRow[]; matched: number } | undefined;
  try {
    for (let sheet = await nextSheet(); sheet !== undefined; sheet = await nextSheet()) {
      if (sheet.auxiliary) {
        await drain(sheet);
        continue;
      }
      const candidates: ReadRow[] = [];
      while (candidates.length < HEADER_SEARCH_ROWS) {
        const r = await nextRow(sheet);
        if (r === undefined) break;
        if (!isBlankRow(r.cells)) candidates.push(r);
      }
      if (candidates.length === 0) continue;
      const picked = pickHeaderRow(candidates, options.scoreHeader);
      const header = candidates[picked.index] as ReadRow;
      const titles = candidates.slice(0, picked.index);
      if (picked.probe.complete) {
        chosen = { sheet, header, buffered: candidates.slice(picked.index + 1), titles };
        break;
      }
      const count = candidates.length + (await drain(sheet));
      notRead.push({ name: sheet.name, rows: count });
      if (best === undefined || picked.probe.matched > best.matched)
        best = { name: sheet.name, header, titles, matched: picked.probe.matched };
    }
  } catch (e) {
    throw xlsxReadError(e);
  }

  const notices: SourceNotice[] = [];
  const headerSource = chosen ?? best;
  const headers = (headerSource?.header.cells ?? []).map((c) => cellText(c ?? null));
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  const headerRow = headerSource?.header.row ?? 1;
  notices.push(...titleRowsNotice(headerSource?.titles ?? [], headerRow));
  if (chosen === undefined && best !== undefined && notRead.length > 1) {
    notices.push({
      code: 'sheet_chosen',
      message: `工作簿中没有一个工作表的表头包含全部必填列；以下按与本信息项最匹配的工作表“${best.name}”（表头在第 ${headerRow} 行）报告`,
    });
  }
  const date1904 =
    (reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904 ===
    true;
  const readSheet = chosen;
  return {
    format: 'xlsx',
    encoding: null,
    headers,
    headerRow,
    date1904,
    notices,
    async *rows(): AsyncIterable<SourceRow> {
      if (readSheet === undefined) return;
      const filler = mergeFiller(merges.get(readSheet.sheet.entry) ?? [], headerRow);
      let count = 0;
      try {
        const buffered = [...readSheet.buffered];
        for (;;) {
          const next = buffered.shift() ?? (await nextRow(readSheet.sheet));
          if (next === undefined) break;
          const { row } = next;
          if (isBlankRow(next.cells)) continue;
          const cells = [...next.cells];
          filler.fill(row, cells);
          if (++count > maxRows)
            throw new SourceReadError(`工作簿的数据行超过 ${maxRows} 行，请拆分后分批报送`);
          const aligned = headers.map((_, i) => cells[i] ?? null);
          const extra = cells.slice(headers.length).some((c) => cellText(c ?? null) !== '');
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
        for (let sheet = await nextSheet(); sheet !== undefined; sheet = await nextSheet()) {
          const rows = await drain(sheet);
          if (rows > 0 && !sheet.auxiliary) notRead.push({ name: sheet.name, rows });
        }
      } catch (e) {
        throw xlsxReadError(e);
      }
      notices.push(...filler.notice());
      if (notRead.length > 0) {
        notices.push({
          code: 'other_sheets_not_read',
          message: `工作簿中的其他工作表未读取：${notRead.map((s) => `“${s.name}”（${s.rows} 行）`).join('、')}。每个文件只读取表头与本信息项最匹配的一个工作表（已读取“${readSheet.sheet.name}”），其他工作表请另存为单独的文件报送`,
        });
      }
    },
  };
}
