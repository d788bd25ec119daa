import { type Kysely, sql } from 'kysely';
import { columnTypes, isPostgres } from './support.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  // Bigram index of normalised subject names (docs/adr/0008-name-search.md).
  let gram = db.schema
    .createTable('subject_name_gram')
    .addColumn('gram', 'text', (c) => c.notNull())
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addPrimaryKeyConstraint('subject_name_gram_pk', ['gram', 'subject_id']);
  if (!isPostgres(db)) gram = gram.modifyEnd(sql`without rowid`);
  await gram.execute();
  await db.schema
    .createIndex('subject_name_gram_subject')
    .on('subject_name_gram')
    .column('subject_id')
    .execute();
  if (isPostgres(db)) {
    // Prefix ranges on names compare code points, whatever the database's default collation.
    await sql`create index subject_name_norm_c on subject (name_norm collate "C")`.execute(db);
  }
  // Record reads by subject across versions (point-in-time views) and current publicity lists.
  await db.schema
    .createIndex('record_subject_recorded')
    .on('record')
    .columns(['subject_id', 'recorded_at'])
    .execute();
  await db.schema
    .createIndex('record_item_start')
    .on('record')
    .columns(['item_code', 'publicity_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('record_item_start').execute();
  await db.schema.dropIndex('record_subject_recorded').execute();
  if (isPostgres(db)) await sql`drop index subject_name_norm_c`.execute(db);
  await db.schema.dropTable('subject_name_gram').execute();
}
