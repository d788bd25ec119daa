import { type DialectAdapter, PostgresAdapter, SqliteAdapter } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** Which SQL engine a Kysely handle talks to; for the few places that must emit dialect-specific SQL. */
export function engineOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): Engine {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(`unsupported SQL adapter ${adapter.constructor.name}`);
}
