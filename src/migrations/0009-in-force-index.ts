import { type Kysely, sql } from 'kysely';

/**
 * Checks (信用核查) read the records in force of up to 1,000 subjects at once. This partial index holds exactly the
 * current, active, shareable versions with the columns a verdict is decided on, so a check reads the index alone
 * and touches the table only for the records that trigger a measure (docs/adr/0018-in-force-index.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('record_in_force')
    .on('record')
    .columns(['subject_id', 'item_code', 'publicity_end', 'publicity_start', 'severity', 'decision_date'])
    .where(sql<boolean>`is_current = 1 and status = 'active' and disclosure <> 'government'`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('record_in_force').execute();
}
