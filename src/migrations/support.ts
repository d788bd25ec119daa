// Frozen with the migrations that use it: change only by adding new functions, never by editing these.
import { type CreateTableBuilder, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

/** Portable column types, per docs/adr/0003-portable-types.md. */
export interface ColumnTypes {
  /** Reference to another table's id. */
  readonly ref: 'integer' | 'bigint';
  /** UTC instant: ISO-8601 text in SQLite, timestamptz in PostgreSQL. */
  readonly instant: 'text' | 'timestamptz';
  /** Calendar date YYYY-MM-DD (Asia/Shanghai): text in SQLite, date in PostgreSQL. */
  readonly date: 'text' | 'date';
  /** Exact decimal: text in SQLite, numeric(24,6) in PostgreSQL; read as a string on both. */
  readonly decimal: 'text' | 'numeric(24, 6)';
  /** JSON document kept as text on both, so key order (and any digest over it) is preserved. */
  readonly json: 'text';
  /** Boolean as 0/1. */
  readonly bool: 'integer' | 'smallint';
}

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function columnTypes(db: Kysely<unknown>): ColumnTypes {
  const pg = isPostgres(db);
  return {
    ref: pg ? 'bigint' : 'integer',
    instant: pg ? 'timestamptz' : 'text',
    date: pg ? 'date' : 'text',
    decimal: pg ? 'numeric(24, 6)' : 'text',
    json: 'text',
    bool: pg ? 'smallint' : 'integer',
  };
}

/** Adds the surrogate key `id`: SQLite rowid alias, PostgreSQL bigint identity. */
export function withId<T extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey());
}

/** CHECK expression `column IN ('a', 'b', …)` for enum-like text columns. */
export function checkIn(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
