import { type Kysely, sql } from 'kysely';

/**
 * One active watch per owner and subject. Without the index, parallel "watch" requests on PostgreSQL each found no
 * active watch and each inserted one, so every event was notified (and delivered) several times. Duplicates an
 * earlier version may have left are ended first (kept, with `removed_at`; nothing is deleted), the oldest stays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update watch set removed_at = created_at
    where removed_at is null
      and id not in (select min(id) from watch where removed_at is null group by owner, subject_id)
  `.execute(db);
  await db.schema
    .createIndex('watch_one_active')
    .on('watch')
    .columns(['owner', 'subject_id'])
    .unique()
    .where(sql<boolean>`removed_at is null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('watch_one_active').execute();
}
