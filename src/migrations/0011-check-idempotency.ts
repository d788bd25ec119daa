import { type Kysely, sql } from 'kysely';

/**
 * Idempotent checks: a caller that retries `POST /checks` with the same `Idempotency-Key` gets the check it already
 * ran instead of a second one (a second check number, counted twice in the statistics). The key is unique per
 * requester; the digest of the request tells a retry from a different request reusing the key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('check_run').addColumn('idempotency_key', 'text').execute();
  await db.schema.alterTable('check_run').addColumn('request_digest', 'text').execute();
  await db.schema
    .createIndex('check_run_idempotency')
    .on('check_run')
    .columns(['requested_by', 'idempotency_key'])
    .unique()
    .where(sql<boolean>`idempotency_key is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('check_run_idempotency').execute();
  await db.schema.alterTable('check_run').dropColumn('request_digest').execute();
  await db.schema.alterTable('check_run').dropColumn('idempotency_key').execute();
}
