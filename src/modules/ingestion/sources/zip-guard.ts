import fs from 'node:fs';
import { type Readable, pipeline as streamPipeline, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export interface ZipLimits {
  /** Total bytes the archive may inflate to, counted while actually inflating (default 512 MiB). */
  readonly maxUncompressed: number;
  readonly maxEntries: number;
  /** Largest compression ratio accepted for any entry over 1 MiB (default 200). */
  readonly maxRatio: number;
  /**
   * Ceilings for the parts a reader holds in memory whole (shared strings, styles, workbook, relationships),
   * checked against the declared size, which no entry may inflate past: the first matching limit applies. Worksheets are streamed and only
   * count against the total.
   */
  readonly parts?: readonly PartLimit[];
}

/** A ceiling on the inflated size of the ZIP parts whose name matches `name`. */
export interface PartLimit {
  readonly name: RegExp;
  readonly maxBytes: number;
  /** What the part is, in Chinese, for the refusal message. */
  readonly label: string;
  /** What the department can do about it, in Chinese. */
  readonly advice: string;
}

const SPLIT_ADVICE = '请拆分为多个文件分批报送，或另存为“CSV UTF-8”格式报送';

/**
 * Parts of an XLSX that exceljs parses into memory whole, with ceilings far above what a department's export
 * needs (a 200,000-row workbook of unique texts has some 50 MiB of shared strings) and low enough that one ingest
 * stays bounded: 64 MiB of shared-strings XML costs about 130 MiB of heap.
 */
export const XLSX_PART_LIMITS: readonly PartLimit[] = [
  {
    name: /^xl\/sharedStrings\.xml$/i,
    maxBytes: 64 * 1024 * 1024,
    label: '共享字符串表',
    advice: `工作簿中的文字过多或疑似压缩炸弹；${SPLIT_ADVICE}`,
  },
  {
    name: /^xl\/styles\.xml$/i,
    maxBytes: 16 * 1024 * 1024,
    label: '样式表',
    advice: '样式过多或疑似压缩炸弹；请清除格式或另存为“CSV UTF-8”格式报送',
  },
  {
    name: /^(xl\/workbook\.xml|\[Content_Types\]\.xml|(.*\/)?_rels\/.*\.rels)$/i,
    maxBytes: 4 * 1024 * 1024,
    label: '工作簿目录',
    advice: '工作簿结构异常或疑似压缩炸弹；请用 Excel 或 WPS 另存为标准 .xlsx 后报送',
  },
];

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressed: 512 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 200,
  parts: XLSX_PART_LIMITS,
};

function partLimit(limits: ZipLimits, name: string): PartLimit | undefined {
  return limits.parts?.find((p) => p.name.test(name));
}

function partTooLarge(name: string, part: PartLimit): ZipRejectedError {
  return new ZipRejectedError(
    `压缩包中的 ${name}（${part.label}）解压后超过 ${MIB(part.maxBytes)} MiB 的上限，拒绝处理：${part.advice}`,
  );
}

/** Thrown when an archive is not a readable ZIP or exceeds the limits (a zip bomb or simply too big). */
export class ZipRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipRejectedError';
  }
}

/** An entry the guard has checked: where its data starts and how it is stored. */
export interface ZipEntryInfo {
  readonly name: string;
  readonly method: number;
  readonly compressed: number;
  readonly uncompressed: number;
  readonly dataStart: number;
}

export interface CheckedZip {
  readonly entries: number;
  /** Bytes the entries really inflated to. */
  readonly uncompressed: number;
  /** The entries in file order. */
  readonly list: readonly ZipEntryInfo[];
}

/** Receives the inflated bytes of the entries it asks for (e.g. to find merged cells before streaming a sheet). */
export type ZipEntryVisitor = (name: string) => ((chunk: Buffer) => void) | undefined;

interface CentralEntry {
  readonly name: string;
  readonly nameBytes: Buffer;
  readonly flags: number;
  readonly method: number;
  readonly compressed: number;
  readonly uncompressed: number;
  readonly offset: number;
}

const RATIO_FLOOR = 1024 * 1024;
const DESCRIPTOR_SIGNATURE = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const MIB = (n: number) => Math.round(n / 1048576);

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buf, 0, length, position);
  if (bytesRead < length) throw new ZipRejectedError('ZIP 文件被截断，文件已损坏');
  return buf;
}

/**
 * Checks a ZIP (XLSX files are ZIPs) before anything else reads it, trusting none of its declared sizes:
 * 1. the central directory: entry count, no ZIP64, no encryption, only stored/deflated entries, declared sizes
 *    and ratios within the limits (a cheap first refusal of honest bombs);
 * 2. the local entries exactly as a streaming reader (exceljs → unzipper) walks them: contiguous from the first
 *    byte to the central directory, each local header agreeing with its directory entry — so no entry can hide
 *    from this check and be inflated later;
 * 3. every entry actually inflated (streamed, never held in memory) against the total budget, the ratio limit and
 *    its declared size: an archive whose directory lies about sizes is refused as soon as an entry inflates past
 *    what it declared (one inflate chunk, 16 KiB, at most).
 * `visit` sees the inflated bytes of the entries it asks for.
 */
export async function checkZip(
  file: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  visit?: ZipEntryVisitor,
): Promise<CheckedZip> {
  const fd = await fs.promises.open(file, 'r');
  let list: CentralEntry[];
  let dirOffset: number;
  try {
    const { size } = await fd.stat();
    if (size < 22) throw new ZipRejectedError('不是 XLSX 文件（找不到 ZIP 目录）');
    const tailSize = Math.min(size, 22 + 65_535);
    const tail = await readAt(fd, size - tailSize, tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipRejectedError('不是 XLSX 文件（找不到 ZIP 目录）');
    if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0)
      throw new ZipRejectedError('不接受分卷压缩包');
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    dirOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
      throw new ZipRejectedError('不接受 ZIP64 格式的压缩包');
    if (entries > limits.maxEntries)
      throw new ZipRejectedError(`压缩包含 ${entries} 个文件，超过上限 ${limits.maxEntries} 个`);
    if (dirOffset + dirSize > size) throw new ZipRejectedError('ZIP 目录指向文件之外，文件已损坏');
    const dir = await readAt(fd, dirOffset, dirSize);
    list = [];
    let p = 0;
    let declared = 0;
    const names = new Set<string>();
    for (let n = 0; n < entries; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50)
        throw new ZipRejectedError('ZIP 目录已损坏');
      const flags = dir.readUInt16LE(p + 8);
      const method = dir.readUInt16LE(p + 10);
      const compressed = dir.readUInt32LE(p + 20);
      const uncompressed = dir.readUInt32LE(p + 24);
      const nameLength = dir.readUInt16LE(p + 28);
      const offset = dir.readUInt32LE(p + 42);
      if (compressed === 0xffffffff || uncompressed === 0xffffffff || offset === 0xffffffff)
        throw new ZipRejectedError('不接受 ZIP64 格式的文件条目');
      if (p + 46 + nameLength > dir.length) throw new ZipRejectedError('ZIP 目录已损坏');
      const nameBytes = dir.subarray(p + 46, p + 46 + nameLength);
      const name = nameBytes.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1');
      if ((flags & 0x1) !== 0)
        throw new ZipRejectedError('工作簿已加密（设置了打开密码），请取消密码后再报送');
      if (method !== 0 && method !== 8)
        throw new ZipRejectedError(`压缩包中的 ${name} 使用了不支持的压缩方式（${method}）`);
      if (names.has(name)) throw new ZipRejectedError(`压缩包中有重名的条目 ${name}，文件已损坏或被改动`);
      names.add(name);
      // an entry never inflates past its declared size (inflateEntry), so this bounds what it really holds
      const part = partLimit(limits, name);
      if (part !== undefined && uncompressed > part.maxBytes) throw partTooLarge(name, part);
      declared += uncompressed;
      if (declared > limits.maxUncompressed)
        throw new ZipRejectedError(`压缩包解压后超过 ${MIB(limits.maxUncompressed)} MiB`);
      if (uncompressed > RATIO_FLOOR && uncompressed / Math.max(compressed, 1) > limits.maxRatio) {
        throw new ZipRejectedError(
          `有文件解压后膨胀 ${Math.round(uncompressed / Math.max(compressed, 1))} 倍（上限 ${limits.maxRatio} 倍），疑似压缩炸弹，拒绝处理`,
        );
      }
      list.push({ name, nameBytes, flags, method, compressed, uncompressed, offset });
      p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
  } finally {
    await fd.close();
  }

  list.sort((a, b) => a.offset - b.offset);
  let expected = 0;
  let total = 0;
  const checked: ZipEntryInfo[] = [];
  for (const entry of list) {
    if (entry.offset !== expected)
      throw new ZipRejectedError('ZIP 结构异常（条目之间有目录未登记的数据），文件已损坏或被改动');
    const { dataStart, descriptor } = await checkLocalHeader(file, entry);
    const seen = await inflateEntry(file, entry, dataStart, descriptor, limits, total, visit?.(entry.name));
    total += seen;
    expected = dataStart + entry.compressed + (descriptor ? 16 : 0);
    checked.push({
      name: entry.name,
      method: entry.method,
      compressed: entry.compressed,
      uncompressed: entry.uncompressed,
      dataStart,
    });
  }
  if (expected !== dirOffset)
    throw new ZipRejectedError('ZIP 结构异常（条目之后有目录未登记的数据），文件已损坏或被改动');
  return { entries: list.length, uncompressed: total, list: checked };
}

/**
 * Reads one checked entry as a stream of inflated bytes, again refusing more bytes than it declared (the file is
 * read a second time; whatever happened in between, no reader gets more than the guard counted).
 */
export function openZipEntry(file: string, entry: ZipEntryInfo): Readable {
  let produced = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      produced += chunk.length;
      if (produced > entry.uncompressed)
        done(new ZipRejectedError(`ZIP 条目 ${entry.name} 解压后超过目录登记的大小，文件已被改动`));
      else done(null, chunk);
    },
  });
  if (entry.compressed === 0) {
    limit.end();
    return limit;
  }
  const source = fs.createReadStream(file, {
    start: entry.dataStart,
    end: entry.dataStart + entry.compressed - 1,
    highWaterMark: 1 << 16,
  });
  const fail = (e: Error | null) => {
    if (e !== null && !limit.destroyed) limit.destroy(e);
  };
  if (entry.method === 8) streamPipeline(source, zlib.createInflateRaw(), limit, fail);
  else streamPipeline(source, limit, fail);
  return limit;
}

/**
 * The local header of an entry, read as unzipper reads it: sizes from the local header unless bit 3 is set and
 * they are zero, in which case the data runs to the first data-descriptor signature (checked in inflateEntry).
 */
async function checkLocalHeader(
  file: string,
  entry: CentralEntry,
): Promise<{ dataStart: number; descriptor: boolean }> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const h = await readAt(fd, entry.offset, 30);
    if (h.readUInt32LE(0) !== 0x04034b50) throw new ZipRejectedError(`ZIP 条目 ${entry.name} 已损坏`);
    const flags = h.readUInt16LE(6);
    const method = h.readUInt16LE(8);
    const compressed = h.readUInt32LE(18);
    const uncompressed = h.readUInt32LE(22);
    const nameLength = h.readUInt16LE(26);
    const extraLength = h.readUInt16LE(28);
    const name = await readAt(fd, entry.offset + 30, nameLength);
    const descriptor = (flags & 0x8) !== 0 && compressed === 0;
    const agrees =
      name.equals(entry.nameBytes) &&
      method === entry.method &&
      (flags & 0x1) === 0 &&
      (descriptor || (compressed === entry.compressed && uncompressed === entry.uncompressed));
    if (!agrees)
      throw new ZipRejectedError(`ZIP 条目 ${entry.name} 的本地信息与目录不一致，文件已损坏或被改动`);
    return { dataStart: entry.offset + 30 + nameLength + extraLength, descriptor };
  } finally {
    await fd.close();
  }
}

/** Inflates one entry as a stream, counting what it really produces; returns the inflated size. */
async function inflateEntry(
  file: string,
  entry: CentralEntry,
  dataStart: number,
  descriptor: boolean,
  limits: ZipLimits,
  before: number,
  sink: ((chunk: Buffer) => void) | undefined,
): Promise<number> {
  if (entry.compressed === 0) {
    if (entry.uncompressed !== 0 || entry.method === 8)
      throw new ZipRejectedError(`ZIP 条目 ${entry.name} 已损坏`);
    return 0;
  }
  let produced = 0;
  let raw = 0;
  let last = Buffer.alloc(0);
  let signatureAtEnd = false;
  const source = fs.createReadStream(file, {
    start: dataStart,
    end: dataStart + entry.compressed - 1 + (descriptor ? 4 : 0),
    highWaterMark: 1 << 16,
  });
  // With a data descriptor, unzipper ends the data at the first descriptor signature: it must be where the
  // directory says the data ends, or the two readers would see different entries.
  const scan = async function* (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      const take = Math.min(chunk.length, entry.compressed - raw);
      if (descriptor) {
        const window = Buffer.concat([last, chunk]);
        const at = window.indexOf(DESCRIPTOR_SIGNATURE);
        if (at >= 0) {
          if (raw - last.length + at !== entry.compressed)
            throw new ZipRejectedError(`ZIP 条目 ${entry.name} 的数据长度与目录不一致，文件已损坏或被改动`);
          signatureAtEnd = true;
        }
        last = window.subarray(Math.max(0, window.length - 3));
      }
      raw += chunk.length;
      if (take > 0) yield chunk.subarray(0, take);
    }
    if (descriptor && (raw !== entry.compressed + 4 || !signatureAtEnd))
      throw new ZipRejectedError(`ZIP 条目 ${entry.name} 缺少数据描述符，文件已损坏`);
  };
  const count = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of chunks) {
      produced += chunk.length;
      if (produced > entry.uncompressed)
        throw new ZipRejectedError(
          `ZIP 目录登记 ${entry.name} 解压后为 ${entry.uncompressed} 字节，实际更大：文件已损坏或被改动（疑似压缩炸弹），拒绝处理`,
        );
      if (before + produced > limits.maxUncompressed)
        throw new ZipRejectedError(`压缩包解压后超过 ${MIB(limits.maxUncompressed)} MiB`);
      if (produced > RATIO_FLOOR && produced / entry.compressed > limits.maxRatio)
        throw new ZipRejectedError(`有文件解压后膨胀超过 ${limits.maxRatio} 倍，疑似压缩炸弹，拒绝处理`);
      sink?.(chunk);
    }
  };
  try {
    if (entry.method === 8) await pipeline(source, scan, zlib.createInflateRaw(), count);
    else await pipeline(source, scan, count);
  } catch (e) {
    if (e instanceof ZipRejectedError) throw e;
    throw new ZipRejectedError(`ZIP 条目 ${entry.name} 的压缩数据已损坏`);
  }
  if (produced !== entry.uncompressed)
    throw new ZipRejectedError(
      `ZIP 目录登记 ${entry.name} 解压后为 ${entry.uncompressed} 字节，实际为 ${produced} 字节：文件已损坏或被改动`,
    );
  return produced;
}
