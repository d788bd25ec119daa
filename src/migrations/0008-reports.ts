import type { Kysely } from 'kysely';
import { checkIn, columnTypes, isPostgres, withId } from './support.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await withId(db, db.schema.createTable('report'))
    .addColumn('report_no', 'text', (c) => c.notNull().unique())
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(checkIn('kind', ['standard', 'special'])))
    .addColumn('view', 'text', (c) => c.notNull().check(checkIn('view', ['public', 'authorised', 'subject'])))
    .addColumn('params', t.json, (c) => c.notNull())
    .addColumn('series_key', 'text', (c) => c.notNull())
    .addColumn('issue_date', t.date, (c) => c.notNull())
    .addColumn('issued_at', t.instant, (c) => c.notNull())
    .addColumn('valid_until', t.date, (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('organization', 'text')
    .addColumn('content', t.json, (c) => c.notNull())
    .addColumn('content_digest', 'text', (c) => c.notNull())
    .addColumn('data_digest', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('verification_code', 'text', (c) => c.notNull())
    .addColumn('pdf', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('pdf_sm3', 'text', (c) => c.notNull())
    .addColumn('pdf_size', 'integer', (c) => c.notNull())
    .addUniqueConstraint('report_series_day', ['series_key', 'issue_date'])
    .execute();
  await db.schema.createIndex('report_subject').on('report').columns(['subject_id', 'issued_at']).execute();
  await db.schema.createIndex('report_series').on('report').columns(['series_key', 'issued_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report').execute();
}
