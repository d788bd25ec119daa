import type { Kysely } from 'kysely';
import { columnTypes } from './support.js';

/**
 * `batch.queued_at`: when a file batch began waiting for an ingest slot (per-instance and per-provider limits),
 * null once it runs. A waiting batch keeps status `applying` — so a crash while it waits marks it `interrupted`
 * like any other — and is shown as `queued` (排队中) while `queued_at` is set.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('batch').addColumn('queued_at', columnTypes(db).instant).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('batch').dropColumn('queued_at').execute();
}
