import { sql } from 'kysely';
import type { Tx } from './database.js';
import { engineOf } from './engine.js';

/**
 * Makes the rest of `tx` run alone among transactions that serialise on the same `key`: a check-then-write
 * (count then insert, "is a run live?" then start one) holds across processes. On PostgreSQL a transaction-scoped
 * advisory lock on the key's 64-bit hash, released at commit or rollback; on SQLite nothing to do, since every
 * write transaction begins IMMEDIATE and writers run one at a time (docs/adr/0002-database.md).
 */
export async function serializeOn(tx: Tx, key: string): Promise<void> {
  if (engineOf(tx) === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}
