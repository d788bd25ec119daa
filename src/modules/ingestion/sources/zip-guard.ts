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
    if (eocd < 0) throw new ZipRejectedError('not an XLSX file (no ZIP directory found)');
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
      throw new ZipRejectedError('ZIP64 archives are not accepted');
    if (entries > limits.maxEntries)
      throw new ZipRejectedError(`archive has ${entries} entries (limit ${limits.maxEntries})`);
    if (dirOffset + dirSize > size) throw new ZipRejectedError('ZIP directory points outside the file');
    const dir = Buffer.alloc(dirSize);
    await fd.read(dir, 0, dirSize, dirOffset);
    let p = 0;
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50)
        throw new ZipRejectedError('corrupt ZIP directory');
      const compressed = dir.readUInt32LE(p + 20);
      const uncompressed = dir.readUInt32LE(p + 24);
      if (compressed === 0xffffffff || uncompressed === 0xffffffff)
        throw new ZipRejectedError('ZIP64 entries are not accepted');
      total += uncompressed;
      if (total > limits.maxUncompressed) {
        throw new ZipRejectedError(
          `archive expands to more than ${Math.round(limits.maxUncompressed / 1048576)} MiB`,
        );
      }
      if (uncompressed > 1024 * 1024 && uncompressed / Math.max(compressed, 1) > limits.maxRatio) {
        throw new ZipRejectedError(
          `an entry expands ${Math.round(uncompressed / Math.max(compressed, 1))}× (limit ${limits.maxRatio}×): refusing a possible zip bomb`,
        );
      }
      p += 46 + dir.readUInt16LE(p + 28) + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    return { entries, uncompressed: total };
  } finally {
    await fd.close();
  }
}
