import { createHash } from 'node:crypto';
import fs from 'node:fs';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface FileInspection {
  /** SM3 of the file's bytes (hex). */
  readonly digest: string;
  readonly size: number;
  /** For text files: the encoding decided from the BOM, else strict UTF-8, else GB18030. */
  readonly encoding: TextEncoding;
  readonly bom: boolean;
}

/**
 * One pass over a file: SM3 digest, size, and the text encoding. Order of decision: a BOM (UTF-8, UTF-16LE,
 * UTF-16BE) wins; otherwise the whole file must be valid UTF-8 (strict decoder) to be read as UTF-8; anything
 * else is read as GB18030 (a superset of GBK/GB2312, what Chinese Excel writes for "CSV").
 */
export async function inspectFile(file: string): Promise<FileInspection> {
  const hash = createHash('sm3');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let size = 0;
  let head: Buffer | undefined;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (head === undefined) head = chunk.subarray(0, 4);
    hash.update(chunk);
    size += chunk.length;
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  const digest = hash.digest('hex');
  const b = head ?? Buffer.alloc(0);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { digest, size, encoding: 'utf-8', bom: true };
  if (b[0] === 0xff && b[1] === 0xfe) return { digest, size, encoding: 'utf-16le', bom: true };
  if (b[0] === 0xfe && b[1] === 0xff) return { digest, size, encoding: 'utf-16be', bom: true };
  return { digest, size, encoding: utf8 ? 'utf-8' : 'gb18030', bom: false };
}
