import { createHash } from 'node:crypto';

/**
 * A deterministic random stream from SM3 (GB/T 32905-2016) in counter mode: block i is
 * `SM3(seed ‖ uint64_be(i))` for i = 0, 1, 2, …, read as eight big-endian 32-bit words in order. Anyone with the
 * 32-byte seed reproduces the stream with any SM3 implementation.
 */
export interface Sm3Random {
  /** The next 32-bit word, 0 ≤ w < 2^32. */
  nextWord(): number;
  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, by rejection sampling (no modulo bias). */
  below(n: number): number;
  /** Uniform integer in [0, n) for 1 ≤ n < 2^64 (two words per try, high word first), by rejection sampling. */
  belowBig(n: bigint): bigint;
  /** Words consumed so far. */
  readonly used: number;
}

const TWO_32 = 2 ** 32;
const TWO_64 = 1n << 64n;

/** @throws RangeError unless `seedHex` is 64 hex digits. */
export function createSm3Random(seedHex: string): Sm3Random {
  if (!/^[0-9a-f]{64}$/.test(seedHex))
    throw new RangeError('seed must be 64 lower-case hex digits (an SM3 digest)');
  const seed = Buffer.from(seedHex, 'hex');
  let counter = 0n;
  let block: Buffer = Buffer.alloc(0);
  let offset = 32;
  let used = 0;
  const nextWord = (): number => {
    if (offset >= 32) {
      const c = Buffer.alloc(8);
      c.writeBigUInt64BE(counter);
      block = createHash('sm3').update(seed).update(c).digest();
      counter += 1n;
      offset = 0;
    }
    const w = block.readUInt32BE(offset);
    offset += 4;
    used += 1;
    return w;
  };
  return {
    nextWord,
    below(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`below(${n}): 1 ≤ n ≤ 2^32`);
      const limit = TWO_32 - (TWO_32 % n);
      for (;;) {
        const w = nextWord();
        if (w < limit) return w % n;
      }
    },
    belowBig(n: bigint): bigint {
      if (n < 1n || n >= TWO_64) throw new RangeError('belowBig(n): 1 ≤ n < 2^64');
      const limit = TWO_64 - (TWO_64 % n);
      for (;;) {
        const w = (BigInt(nextWord()) << 32n) | BigInt(nextWord());
        if (w < limit) return w % n;
      }
    },
    get used() {
      return used;
    },
  };
}
