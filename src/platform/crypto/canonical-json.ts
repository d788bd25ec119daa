/**
 * Serialises a JSON value with object keys sorted (recursively) and no whitespace, so the same data always gives
 * the same bytes. Digests and signatures (audit chain, check receipts, reports) are computed over this form.
 * @throws TypeError for values JSON cannot represent faithfully (undefined inside arrays, functions, NaN, bigint).
 */
export function canonicalJson(value: unknown): string {
  return write(value);
}

function write(value: unknown): string {
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
      // loops and string concatenation rather than entries/map/join: receipts of 1,000 subjects are canonicalised
      // on every bulk check
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (v === undefined) throw new TypeError('cannot canonicalise undefined in an array');
          out += i === 0 ? write(v) : `,${write(v)}`;
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      // the default sort orders by UTF-16 code units, as comparing the strings with < does
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${write(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`cannot canonicalise a ${typeof value}`);
  }
}
