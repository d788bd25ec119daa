import { type Kysely, sql } from 'kysely';

/**
 * `record_in_force` (migration 0009) did not cover the check's read on SQLite: the columns of its predicate
 * (`is_current`, `status`, `disclosure`) are not in the index, and SQLite 3.53 counts them as available from the
 * predicate only in simpler cases (one `<>` term with two `=` terms is not one of them), so every candidate record
 * was read from the table as well, and the planner often preferred `record_subject_recorded`; PostgreSQL, whose
 * index entries do not carry `id` as SQLite's carry the rowid, read the table for every row too. The same index
 * with the predicate's columns and `id` appended covers the read on both engines
 * (docs/adr/0018-in-force-index.md). `is_current` (always 1 here) takes no bytes in a SQLite record; `status`
 * about 7, `id` up to 8.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('record_in_force').execute();
  await db.schema
    .createIndex('record_in_force')
    .on('record')
    .columns([
      'subject_id',
      'item_code',
      'publicity_end',
      'publicity_start',
      'severity',
      'decision_date',
      'disclosure',
      'status',
      'is_current',
      'id',
    ])
    .where(sql<boolean>`is_current = 1 and status = 'active' and disclosure <> 'government'`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('record_in_force').execute();
  await db.schema
    .createIndex('record_in_force')
    .on('record')
    .columns(['subject_id', 'item_code', 'publicity_end', 'publicity_start', 'severity', 'decision_date'])
    .where(sql<boolean>`is_current = 1 and status = 'active' and disclosure <> 'government'`)
    .execute();
}
