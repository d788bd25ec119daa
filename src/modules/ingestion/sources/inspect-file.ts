import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface FileInspection {
  /** SM3 of the file's bytes (hex). */
  readonly digest: string;
  readonly size: number;
  /** For text files: the encoding decided from the BOM, a UTF-16 NUL pattern, else UTF-8 or GB18030 by lines. */
  readonly encoding: TextEncoding;
  readonly bom: boolean;
  /**
   * Lines that are not valid UTF-8 in a file read as UTF-8 (a stray byte, a row pasted from a GBK file): their
   * undecodable bytes arrive as U+FFFD and the rows carrying them are rejected.
   */
  readonly invalidLines: number;
  /**
   * Lines with non-ASCII characters that are valid UTF-8, where the encoding was decided by lines (0 when a BOM or
   * a UTF-16 pattern decided it): in a file read as GB18030 they are the lines written in UTF-8 instead.
   */
  readonly utf8Lines: number;
  /** NUL bytes that no UTF-16 pattern explains: not a text file. */
  readonly binary: boolean;
}

/** Bytes at the start of a file used to recognise UTF-16 without a BOM. */
const HEAD_BYTES = 64 * 1024;
/** A line longer than this is classified in pieces (bounds memory on files without line breaks). */
const MAX_LINE = 4 * 1024 * 1024;

/**
 * UTF-16 without a BOM, recognised by its NUL bytes: ASCII characters (delimiters, digits, line ends) have a zero
 * high byte, at odd offsets in little-endian text and at even offsets in big-endian text.
 */
function sniffNulPattern(head: Buffer): { encoding?: 'utf-16le' | 'utf-16be'; binary: boolean } {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  if (even + odd === 0) return { binary: false };
  const pairs = Math.max(1, Math.floor(head.length / 2));
  if (odd >= pairs * 0.05 && odd > even * 4) return { encoding: 'utf-16le', binary: false };
  if (even >= pairs * 0.05 && even > odd * 4) return { encoding: 'utf-16be', binary: false };
  // a stray NUL or two is left to the row checks; many NULs without a pattern mean a binary file
  return { binary: even + odd >= Math.max(2, head.length / 100) };
}

/**
 * One pass over a file: SM3 digest, size, and (for text files) the encoding. Order of decision:
 * 1. a BOM (UTF-8, UTF-16LE, UTF-16BE) wins;
 * 2. the NUL-byte pattern of UTF-16LE / UTF-16BE without a BOM; NULs without a pattern mark a binary file;
 * 3. lines: a file whose non-ASCII lines are all valid UTF-8 is UTF-8; a file where valid UTF-8 lines are at
 *    least as many as invalid ones is UTF-8 too (a stray byte or a pasted row must not turn every other row into
 *    mojibake; the invalid lines are counted and their rows rejected); otherwise GB18030 (a superset of
 *    GBK/GB2312, what Chinese Excel writes for "CSV"). GBK text is practically never valid UTF-8 over a line.
 */
export async function inspectFile(file: string, options: { text?: boolean } = {}): Promise<FileInspection> {
  const text = options.text !== false;
  const hash = createHash('sm3');
  let size = 0;
  let head: Buffer | undefined;
  let utf16: 'utf-16le' | 'utf-16be' | undefined;
  let bom: 'utf-8' | 'utf-16le' | 'utf-16be' | undefined;
  let binary = false;
  let validLines = 0;
  let invalidLines = 0;
  let carry: Buffer | undefined;
  const classify = (line: Buffer) => {
    if (isAscii(line)) return;
    if (isUtf8(line)) validLines++;
    else invalidLines++;
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    if (!text) continue;
    if (head === undefined) {
      head = chunk.subarray(0, HEAD_BYTES);
      if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) bom = 'utf-8';
      else if (head[0] === 0xff && head[1] === 0xfe) bom = 'utf-16le';
      else if (head[0] === 0xfe && head[1] === 0xff) bom = 'utf-16be';
      if (bom === undefined) {
        const nul = sniffNulPattern(head);
        utf16 = nul.encoding;
        binary = nul.binary;
      }
    }
    if (utf16 !== undefined || binary || bom === 'utf-16le' || bom === 'utf-16be') continue;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      classify(carry === undefined ? piece : Buffer.concat([carry, piece]));
      carry = undefined;
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      carry = carry === undefined ? Buffer.from(rest) : Buffer.concat([carry, rest]);
      if (carry.length > MAX_LINE) {
        classify(carry);
        carry = undefined;
      }
    }
  }
  if (carry !== undefined) classify(carry);
  const digest = hash.digest('hex');
  const base = { digest, size, invalidLines: 0, utf8Lines: 0, binary: false };
  if (bom !== undefined) {
    return bom === 'utf-8'
      ? { ...base, encoding: bom, bom: true, invalidLines }
      : { ...base, encoding: bom, bom: true };
  }
  if (utf16 !== undefined) return { ...base, encoding: utf16, bom: false };
  if (binary) return { ...base, encoding: 'utf-8', bom: false, binary: true };
  const lines = { ...base, bom: false, utf8Lines: validLines };
  if (invalidLines === 0) return { ...lines, encoding: 'utf-8' };
  if (validLines > 0 && validLines >= invalidLines) return { ...lines, encoding: 'utf-8', invalidLines };
  return { ...lines, encoding: 'gb18030' };
}
