import fs from 'node:fs';
import zlib from 'node:zlib';

/** One entry of a hand-made ZIP; the options let a test lie the way malicious archives do. */
export interface ZipEntryInput {
  readonly name: string;
  readonly data: Buffer | string;
  /** Deflate (default) or store. */
  readonly method?: 'deflate' | 'store';
  /** Pre-compressed bytes for `data` (e.g. a bomb deflated in a stream), used instead of deflating `data`. */
  readonly compressed?: Buffer;
  /** Uncompressed size written in the local header and the central directory (a lie when it differs). */
  readonly declaredSize?: number;
  /** Sizes and CRC in a data descriptor after the data (bit 3), local header sizes zero — as streaming writers do. */
  readonly descriptor?: boolean;
  /** Written as a local entry but left out of the central directory. */
  readonly hidden?: boolean;
  /** Sets the "encrypted" flag. */
  readonly encrypted?: boolean;
}

/** A ZIP archive built byte by byte (no ZIP64), for tests of the zip guard and the XLSX reader. */
export function buildZip(entries: readonly ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const method = e.method === 'store' ? 0 : 8;
    const body = e.compressed ?? (method === 8 ? zlib.deflateRawSync(data) : data);
    const name = Buffer.from(e.name, 'utf8');
    const crc = e.compressed === undefined ? zlib.crc32(data) : 0;
    const size = e.declaredSize ?? data.length;
    const flags = 0x800 | (e.descriptor === true ? 0x8 : 0) | (e.encrypted === true ? 0x1 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.descriptor === true ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor === true ? 0 : body.length, 18);
    local.writeUInt32LE(e.descriptor === true ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const parts = [local, name, body];
    if (e.descriptor === true) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(body.length, 8);
      d.writeUInt32LE(size, 12);
      parts.push(d);
    }
    const localBytes = Buffer.concat(parts);
    locals.push(localBytes);
    if (e.hidden !== true) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(flags, 8);
      c.writeUInt16LE(method, 10);
      c.writeUInt16LE(0, 12);
      c.writeUInt16LE(0x21, 14);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(body.length, 20);
      c.writeUInt32LE(size, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(offset, 42);
      centrals.push(Buffer.concat([c, name]));
      count++;
    }
    offset += localBytes.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export function writeZip(file: string, entries: readonly ZipEntryInput[]): string {
  fs.writeFileSync(file, buildZip(entries));
  return file;
}

/** Deflates `size` bytes of `fill` without holding them in memory (a compression bomb's payload). */
export async function deflateRepeated(fill: string, size: number, prefix = '', suffix = ''): Promise<Buffer> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const block = Buffer.alloc(1 << 20, fill);
  deflate.write(prefix);
  for (let left = size; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end(suffix);
  await done;
  return Buffer.concat(out);
}

const xmlText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export type SheetCell = string | number | null;

/**
 * Worksheet XML for rows of cells: strings inline (`t="inlineStr"`), numbers as values. `refs: false` leaves out
 * the `r` attributes of rows and cells, which the standard allows.
 */
export function sheetXml(
  rows: readonly (readonly SheetCell[])[],
  options: { refs?: boolean; merges?: readonly string[]; firstRow?: number } = {},
): string {
  const refs = options.refs !== false;
  const letters = (n: number) => {
    let s = '';
    for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
    return s;
  };
  const first = options.firstRow ?? 1;
  const body = rows
    .map((cells, i) => {
      const r = first + i;
      const cs = cells
        .map((v, j) => {
          const ref = refs ? ` r="${letters(j + 1)}${r}"` : '';
          if (v === null) return refs ? '' : `<c${ref}/>`;
          if (typeof v === 'number') return `<c${ref}><v>${v}</v></c>`;
          return `<c${ref} t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`;
        })
        .join('');
      return `<row${refs ? ` r="${r}"` : ''}>${cs}</row>`;
    })
    .join('');
  const merges =
    options.merges === undefined || options.merges.length === 0
      ? ''
      : `<mergeCells count="${options.merges.length}">${options.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData>${merges}</worksheet>`;
}

/** The entries of a minimal XLSX workbook: one worksheet per sheet, optional shared strings. */
export function xlsxEntries(
  sheets: readonly { name: string; xml: string; state?: 'hidden' | 'veryHidden' }[],
  options: { sharedStrings?: string } = {},
): ZipEntryInput[] {
  const ns = 'http://schemas.openxmlformats.org';
  const sheetList = sheets
    .map(
      (s, i) =>
        `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}"${s.state === undefined ? '' : ` state="${s.state}"`} r:id="rId${i + 1}"/>`,
    )
    .join('');
  const rels = sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join('');
  const overrides = sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  return [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets>${sheetList}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships">${rels}</Relationships>`,
    },
    ...(options.sharedStrings === undefined
      ? []
      : [{ name: 'xl/sharedStrings.xml', data: options.sharedStrings } satisfies ZipEntryInput]),
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: s.xml })),
  ];
}
