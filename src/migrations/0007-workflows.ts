import type { Kysely } from 'kysely';
import { checkIn, columnTypes, isPostgres, withId } from './support.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('evidence_file')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('content', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('application'))
    .addColumn('no', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(checkIn('kind', ['objection', 'repair'])))
    .addColumn('subtype', 'text', (c) => c.notNull())
    .addColumn('record_id', t.ref, (c) => c.notNull().references('record.id'))
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('provider_id', t.ref, (c) => c.notNull().references('provider.id'))
    .addColumn('applicant', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('contact_cipher', 'text')
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(checkIn('status', ['submitted', 'returned', 'accepted', 'extended', 'decided', 'refused'])),
    )
    .addColumn('outcome', 'text')
    .addColumn('outcome_reason', 'text')
    .addColumn('result_record_id', t.ref, (c) => c.references('record.id'))
    .addColumn('missing', t.json)
    .addColumn('eligibility', t.json)
    .addColumn('filed_on', t.date, (c) => c.notNull())
    .addColumn('due_on', t.date)
    .addColumn('deadline_rule', 'text')
    .addColumn('extension_reason', 'text')
    .addColumn('decided_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('application_provider_status')
    .on('application')
    .columns(['provider_id', 'status'])
    .execute();
  await db.schema
    .createIndex('application_record')
    .on('application')
    .columns(['record_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('application_applicant')
    .on('application')
    .columns(['applicant', 'created_at'])
    .execute();

  await withId(db, db.schema.createTable('application_event'))
    .addColumn('application_id', t.ref, (c) => c.notNull().references('application.id'))
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('application_event_app')
    .on('application_event')
    .columns(['application_id', 'at'])
    .execute();

  await db.schema
    .createTable('application_evidence')
    .addColumn('application_id', t.ref, (c) => c.notNull().references('application.id'))
    .addColumn('digest', 'text', (c) => c.notNull().references('evidence_file.digest'))
    .addColumn('evidence_type', 'text', (c) => c.notNull())
    .addColumn('added_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('application_evidence_pk', ['application_id', 'digest'])
    .execute();

  // who has uploaded each file: the bytes are stored once, but only those who uploaded them may attach them
  await db.schema
    .createTable('evidence_holder')
    .addColumn('digest', 'text', (c) => c.notNull().references('evidence_file.digest'))
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('added_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_holder_pk', ['digest', 'holder'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'evidence_holder',
    'application_evidence',
    'application_event',
    'application',
    'evidence_file',
  ])
    await db.schema.dropTable(table).execute();
}
