import type { Kysely } from 'kysely';
import { checkIn, columnTypes, withId } from './support.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('app_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('job_run'))
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('started_at', t.instant, (c) => c.notNull())
    .addColumn('finished_at', t.instant)
    .addColumn('status', 'text', (c) =>
      c.notNull().check(checkIn('status', ['running', 'succeeded', 'failed'])),
    )
    .addColumn('summary', t.json)
    .execute();
  await db.schema.createIndex('job_run_job_started').on('job_run').columns(['job', 'started_at']).execute();

  await db.schema
    .createTable('job_lease')
    .addColumn('job', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('expires_at', t.instant)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_lease').execute();
  await db.schema.dropTable('job_run').execute();
  await db.schema.dropTable('app_meta').execute();
}
