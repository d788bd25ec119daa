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
): string {
  const key = `${engine}|${table}|${columns.join(',')}|${rows}|${returning.join(',')}`;
  let text = SQL_CACHE.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    let p = 0;
    for (let r = 0; r < rows; r++) {
      const cells = columns.map(() => (engine === 'postgres' ? `$${++p}` : '?'));
      tuples.push(`(${cells.join(',')})`);
    }
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}`;
    if (returning.length > 0) text += ` returning ${returning.map((c) => `"${c}"`).join(',')}`;
    if (SQL_CACHE.size > 256) SQL_CACHE.clear();
    SQL_CACHE.set(key, text);
  }
  return text;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Inserts many rows with multi-row `INSERT … VALUES` statements built once per shape and cached, bypassing the
 * query builder on hot paths (ingestion writes hundreds of thousands of rows). Values are always bound
 * parameters; table and column names must be plain identifiers. With `returning`, the inserted rows' columns come
 * back (in no promised order: match them by a unique column). Runs on the handle it is given, so inside a
 * transaction it is part of that transaction. Works identically on SQLite and PostgreSQL.
 */
export async function bulkInsert<R extends object, Out = never>(
  db: Queryable,
  table: string,
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
  returning: readonly string[] = [],
): Promise<Out[]> {
  if (rows.length === 0) return [];
  if (!IDENT.test(table) || ![...columns, ...returning].every((c) => IDENT.test(c))) {
    throw new Error(`bulkInsert: unsafe identifier in ${table}`);
  }
  const engine = engineOf(db);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const out: Out[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const slice = rows.slice(i, i + perStatement);
    const params: unknown[] = new Array(slice.length * columns.length);
    let k = 0;
    for (const row of slice)
      for (const c of columns) params[k++] = (row as Record<string, unknown>)[c] ?? null;
    const result = await db.executeQuery<Out>(
      CompiledQuery.raw(insertSql(engine, table, columns, slice.length, returning), params),
    );
    if (returning.length > 0) out.push(...result.rows);
  }
  return out;
}
