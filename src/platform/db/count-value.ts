/**
 * A count or sum read from SQL as a number: PostgreSQL returns `bigint` and `numeric` aggregates as strings, and
 * `sum` over no rows is null (0 here).
 */
export function countValue(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}
