import fs from 'node:fs';

export interface ZipLimits {
  /** Sum of declared uncompressed sizes, bytes (default 512 MiB). */
  readonly maxUncompressed: number;
  readonly maxEntries: number;
  /** Largest compression ratio accepted for any entry over 1 MiB (default 200). */
  readonly maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressed: 512 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 200,
};

/** Thrown when an archive is not a readable ZIP or exceeds the limits (a zip bomb or simply too big). */
export class ZipRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipRejectedError';
  }
}

/**
 * Reads a ZIP's central directory (XLSX files are ZIPs) without decompressing anything and rejects archives
 * whose declared sizes, entry count or compression ratio exceed the limits. ZIP64 archives are rejected: an
 * upload of a credit data file never needs them.
 */
export async function checkZip(
  file: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<{ entries: number; uncompressed: number }> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const { size } = await fd.stat();
    const tailSize = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailSize);
    await fd.read(tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipRejectedError('不是 XLSX 文件（找不到 ZIP 目录）');
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
      throw new ZipRejectedError('不接受 ZIP64 格式的压缩包');
    if (entries > limits.maxEntries)
      throw new ZipRejectedError(`压缩包含 ${entries} 个文件，超过上限 ${limits.maxEntries} 个`);
    if (dirOffset + dirSize > size) throw new ZipRejectedError('ZIP 目录指向文件之外，文件已损坏');
    const dir = Buffer.alloc(dirSize);
    await fd.read(dir, 0, dirSize, dirOffset);
    let p = 0;
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50)
        throw new ZipRejectedError('ZIP 目录已损坏');
      const compressed = dir.readUInt32LE(p + 20);
      const uncompressed = dir.readUInt32LE(p + 24);
      if (compressed === 0xffffffff || uncompressed === 0xffffffff)
        throw new ZipRejectedError('不接受 ZIP64 格式的文件条目');
      total += uncompressed;
      if (total > limits.maxUncompressed) {
        throw new ZipRejectedError(`压缩包解压后超过 ${Math.round(limits.maxUncompressed / 1048576)} MiB`);
      }
      if (uncompressed > 1024 * 1024 && uncompressed / Math.max(compressed, 1) > limits.maxRatio) {
        throw new ZipRejectedError(
          `有文件解压后膨胀 ${Math.round(uncompressed / Math.max(compressed, 1))} 倍（上限 ${limits.maxRatio} 倍），疑似压缩炸弹，拒绝处理`,
        );
      }
      p += 46 + dir.readUInt16LE(p + 28) + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    return { entries, uncompressed: total };
  } finally {
    await fd.close();
  }
}
