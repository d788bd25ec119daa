import { CompiledQuery } from 'kysely';
import type { Queryable } from './database.js';
import { engineOf } from './engine.js';

const SQL_CACHE = new Map<string, string>();
/** SQLite allows 32766 bound parameters per statement; PostgreSQL 65535. Stay well below both. */
const MAX_PARAMS = 16_000;

function insertSql(
  engine: 'sqlite' | 'postgres',
  table: string,
  columns: readonly string[],
  rows: number,
  returning: readonly string[],
  onConflictDoNothing: boolean,
): string {
  const key = `${engine}|${table}|${columns.join(',')}|${rows}|${returning.join(',')}|${onConflictDoNothing}`;
  let text = SQL_CACHE.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    let p = 0;
    for (let r = 0; r < rows; r++) {
      const cells = columns.map(() => (engine === 'postgres' ? `$${++p}` : '?'));
      tuples.push(`(${cells.join(',')})`);
    }
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}`;
    if (onConflictDoNothing) text += ' on conflict do nothing';
    if (returning.length > 0) text += ` returning ${returning.map((c) => `"${c}"`).join(',')}`;
    if (SQL_CACHE.size > 256) SQL_CACHE.clear();
    SQL_CACHE.set(key, text);
  }
  return text;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** More rows per statement save little, and a prepared statement's program grows with its parameters. */
const MAX_ROWS = 256;

/**
 * Rows per statement for `n` rows: powers of two, largest first. Every distinct row count is a distinct statement
 * that the connection prepares and keeps (create-database.ts), so sizes come from a small set: at most nine shapes
 * per table and column list, instead of one per chunk remainder (which kept hundreds of large statements alive
 * and let an ingest's memory grow with the number of rows).
 */
export function statementSizes(n: number, perStatement: number): number[] {
  let largest = 1;
  while (largest * 2 <= Math.min(perStatement, MAX_ROWS)) largest *= 2;
  const sizes: number[] = [];
  let left = n;
  let size = largest;
  while (left > 0) {
    while (size > left) size /= 2;
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Inserts many rows with multi-row `INSERT … VALUES` statements built once per shape and cached, bypassing the
 * query builder on hot paths (ingestion writes hundreds of thousands of rows). Values are always bound
 * parameters; table and column names must be plain identifiers. With `returning`, the inserted rows' columns come
 * back (in no promised order: match them by a unique column). With `onConflictDoNothing`, a row that would break a
 * unique constraint is skipped (and not returned), on both engines. Runs on the handle it is given, so inside a
 * transaction it is part of that transaction. Works identically on SQLite and PostgreSQL.
 */
export async function bulkInsert<R extends object, Out = never>(
  db: Queryable,
  table: string,
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
  returning: readonly string[] = [],
  options: { readonly onConflictDoNothing?: boolean } = {},
): Promise<Out[]> {
  if (rows.length === 0) return [];
  if (!IDENT.test(table) || ![...columns, ...returning].every((c) => IDENT.test(c))) {
    throw new Error(`bulkInsert: unsafe identifier in ${table}`);
  }
  const engine = engineOf(db);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const out: Out[] = [];
  let i = 0;
  for (const size of statementSizes(rows.length, perStatement)) {
    const slice = rows.slice(i, i + size);
    i += size;
    const params: unknown[] = new Array(slice.length * columns.length);
    let k = 0;
    for (const row of slice)
      for (const c of columns) params[k++] = (row as Record<string, unknown>)[c] ?? null;
    const result = await db.executeQuery<Out>(
      CompiledQuery.raw(
        insertSql(engine, table, columns, slice.length, returning, options.onConflictDoNothing === true),
        params,
      ),
    );
    if (returning.length > 0) out.push(...result.rows);
  }
  return out;
}
