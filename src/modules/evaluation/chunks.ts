/** Chunked `IN` lookups keep every statement under SQLite's parameter limit. */
const IN_CHUNK = 500;

/** `items` in consecutive slices of at most `size` (default 500), in order. */
export function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
