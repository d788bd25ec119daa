import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../sample/random.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The first implementation, kept as the reference: digests already stored (audit chain, receipts, reports) were
 * computed with it, so the canonical form must never change, however it is produced.
 */
function reference(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot canonicalise ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((v) => {
            if (v === undefined) throw new TypeError('cannot canonicalise undefined in an array');
            return reference(v);
          })
          .join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot canonicalise a ${typeof value}`);
  }
}

const KEYS = ['a', 'b', 'Z', '10', '9', '01', 'é', '中', '𠀀', 'ｚ', 'a b', '"q"', '', 'verdict', 'checkNo'];

function randomValue(rng: ReturnType<typeof createRng>, depth: number): unknown {
  const pick = Math.floor(rng.next() * (depth > 3 ? 5 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return [0, -1, 1.5, 1e21, -0.000001, 123456789012][Math.floor(rng.next() * 6)];
    case 3:
      return ['', '陕西', 'line\nbreak', '\u2028', 'quote"back\\slash', '\u0001'][Math.floor(rng.next() * 6)];
    case 4:
      return KEYS[Math.floor(rng.next() * KEYS.length)];
    case 5:
      return Array.from({ length: Math.floor(rng.next() * 4) }, () => randomValue(rng, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rng.next() * 6); i > 0; i--) {
        const k = KEYS[Math.floor(rng.next() * KEYS.length)] ?? 'k';
        o[k] = rng.next() < 0.15 ? undefined : randomValue(rng, depth + 1);
      }
      return o;
    }
  }
}

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every level, numeric-looking keys included, without whitespace', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [{ z: null, y: '中' }], 10: true, 9: false, gone: undefined }),
      '{"10":true,"9":false,"a":[{"y":"中","z":null}],"b":1}',
    );
  });

  it('writes exactly what the reference implementation wrote, for 2,000 random values', () => {
    const rng = createRng(2026);
    for (let i = 0; i < 2000; i++) {
      const v = randomValue(rng, 0);
      const out = canonicalJson(v);
      assert.equal(out, reference(v), `value ${i}`);
      assert.deepEqual(JSON.parse(out), JSON.parse(JSON.stringify(v)));
    }
  });

  it('refuses what JSON cannot represent faithfully', () => {
    assert.throws(() => canonicalJson([1, undefined]), TypeError);
    assert.throws(() => canonicalJson({ a: Number.NaN }), TypeError);
    assert.throws(() => canonicalJson({ a: Number.POSITIVE_INFINITY }), TypeError);
    assert.throws(() => canonicalJson({ f: () => 1 }), TypeError);
    assert.throws(() => canonicalJson(1n), TypeError);
  });
});
