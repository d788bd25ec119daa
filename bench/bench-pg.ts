// The bench database on PostgreSQL: a copy of the cached SQLite bench database (bench-db.ts) into its own schema of
// BENCH_PG_URL, made once and marked done in the SQLite cache directory. Subjects and records keep their ids;
// catalog items and providers are matched by code. Used by benchmarks that run on both engines.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { rebuildPortalTallies } from '../src/modules/dashboard/dashboard.service.js';
import { bulkInsert } from '../src/platform/db/bulk-insert.js';
import { pgConnection } from '../src/platform/db/create-database.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { openRuntime } from '../src/runtime.js';
import { type BenchDb, benchConfig } from './bench-db.js';

/** The PostgreSQL server for benchmarks (unset: PostgreSQL rows are skipped). */
export const BENCH_PG_URL = process.env.BENCH_PG_URL;

/** URL of `schema` on the bench server (search_path set), for a child process's XINYONG_DATABASE_URL. */
export function pgSchemaUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Copies `db` to schema `bench_<subjects>_<records>` of `url` unless done before; returns the schema's URL. */
export async function ensurePgBenchDb(db: BenchDb, url: string): Promise<string> {
  const schema = `bench_${db.subjects}_${db.records}`;
  const done = path.join(db.dir, `pg-${schema}-v1`);
  const target = pgSchemaUrl(url, schema);
  if (fs.existsSync(done)) return target;
  const admin = new pg.Client(pgConnection(url));
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const t0 = performance.now();
  const log = (m: string) =>
    process.stderr.write(`[bench-pg] ${m} (${Math.round((performance.now() - t0) / 1000)}s)\n`);
  const from = await openRuntime(benchConfig(db.dir), { prepare: false });
  const to = await openRuntime(benchConfig(db.dir, target));
  try {
    const codes = async (rt: typeof from, table: 'catalog_item' | 'provider') =>
      new Map((await rt.db.selectFrom(table).select(['id', 'code']).execute()).map((r) => [r.id, r.code]));
    const byCode = async (rt: typeof from, table: 'catalog_item' | 'provider') =>
      new Map((await rt.db.selectFrom(table).select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    const itemCode = await codes(from, 'catalog_item');
    const providerCode = await codes(from, 'provider');
    const itemId = await byCode(to, 'catalog_item');
    const providerId = await byCode(to, 'provider');
    const chunk = 5000;
    for (const table of ['subject', 'record'] as const) {
      for (let after = 0; ; ) {
        const rows = await from.db
          .selectFrom(table)
          .selectAll()
          .where('id', '>', after)
          .orderBy('id')
          .limit(chunk)
          .execute();
        if (rows.length === 0) break;
        after = rows[rows.length - 1]?.id ?? after;
        const copy =
          table === 'subject'
            ? rows
            : (rows as { item_id: number; provider_id: number }[]).map((r) => ({
                ...r,
                item_id: itemId.get(itemCode.get(r.item_id) ?? '') ?? 0,
                provider_id: providerId.get(providerCode.get(r.provider_id) ?? '') ?? 0,
              }));
        await inTransaction(to.db, (tx) =>
          bulkInsert(tx, table, Object.keys(copy[0] ?? {}) as (keyof (typeof copy)[number] & string)[], copy),
        );
        if (after % 200_000 < chunk) log(`${table} ${after}`);
      }
    }
    await sql`select setval(pg_get_serial_sequence('subject', 'id'), (select max(id) from subject))`.execute(
      to.db,
    );
    await sql`select setval(pg_get_serial_sequence('record', 'id'), (select max(id) from record))`.execute(
      to.db,
    );
    log('analyze');
    await sql`analyze`.execute(to.db);
    await rebuildPortalTallies(to.db);
    log('done');
  } finally {
    await from.close();
    await to.close();
  }
  fs.writeFileSync(done, new Date().toISOString());
  return target;
}
