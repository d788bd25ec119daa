import { type Kysely, sql } from 'kysely';
import { checkIn, columnTypes, withId } from './support.js';

const GENESIS_HASH = '0'.repeat(64);

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withId(db, db.schema.createTable('catalog_item'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().check(checkIn('origin', ['national', 'local'])))
    .addColumn('spec', t.json, (c) => c.notNull())
    .addColumn('spec_digest', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'retired'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('catalog_item_code_version', ['code', 'version'])
    .execute();

  await withId(db, db.schema.createTable('provider'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('items', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'suspended'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('subject'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(checkIn('kind', ['legal_entity', 'individual_business', 'natural_person'])),
    )
    .addColumn('uscc', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_norm', 'text', (c) => c.notNull())
    .addColumn('name_cipher', 'text')
    .addColumn('org_code', 'text')
    .addColumn('reg_no', 'text')
    .addColumn('ric_digest', 'text')
    .addColumn('ric_cipher', 'text')
    .addColumn('region_code', 'text')
    .addColumn('reg_status', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subject_uscc')
    .unique()
    .on('subject')
    .column('uscc')
    .where(sql.ref('uscc'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('subject_ric_digest')
    .unique()
    .on('subject')
    .column('ric_digest')
    .where(sql.ref('ric_digest'), 'is not', null)
    .execute();
  await db.schema.createIndex('subject_org_code').on('subject').column('org_code').execute();
  await db.schema.createIndex('subject_reg_no').on('subject').column('reg_no').execute();
  await db.schema.createIndex('subject_name_norm').on('subject').column('name_norm').execute();

  await withId(db, db.schema.createTable('mapping_profile'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('provider_code', 'text')
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('mapping', t.json, (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().check(checkIn('origin', ['shipped', 'custom'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('batch'))
    .addColumn('provider_id', t.ref, (c) => c.notNull().references('provider.id'))
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('item_version', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c.notNull().check(checkIn('source', ['file', 'api', 'form', 'sample'])),
    )
    .addColumn('file_name', 'text')
    .addColumn('file_digest', 'text')
    .addColumn('encoding', 'text')
    .addColumn('profile', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().check(checkIn('status', ['applying', 'completed', 'failed', 'interrupted', 'dry_run'])),
    )
    .addColumn('read_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_row', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('timings', t.json)
    .addColumn('message', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('started_at', t.instant, (c) => c.notNull())
    .addColumn('heartbeat_at', t.instant, (c) => c.notNull())
    .addColumn('finished_at', t.instant)
    .execute();
  await db.schema
    .createIndex('batch_provider_started')
    .on('batch')
    .columns(['provider_id', 'started_at'])
    .execute();

  await withId(db, db.schema.createTable('batch_issue'))
    .addColumn('batch_id', t.ref, (c) => c.notNull().references('batch.id'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('severity', 'text', (c) => c.notNull().check(checkIn('severity', ['error', 'warning'])))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raw_value', 'text')
    .execute();
  await db.schema
    .createIndex('batch_issue_batch_row')
    .on('batch_issue')
    .columns(['batch_id', 'row'])
    .execute();

  await withId(db, db.schema.createTable('record'))
    .addColumn('item_id', t.ref, (c) => c.notNull().references('catalog_item.id'))
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('provider_id', t.ref, (c) => c.notNull().references('provider.id'))
    .addColumn('business_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('is_current', t.bool, (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(checkIn('status', ['active', 'revoked', 'repaired', 'removed'])),
    )
    .addColumn('fields', t.json, (c) => c.notNull())
    .addColumn('sensitive', 'text')
    .addColumn('content_hmac', 'text', (c) => c.notNull())
    .addColumn('decision_date', t.date)
    .addColumn('effective_from', t.date)
    .addColumn('effective_to', t.date)
    .addColumn('polarity', 'text', (c) =>
      c.notNull().check(checkIn('polarity', ['positive', 'neutral', 'negative'])),
    )
    .addColumn('disclosure', 'text', (c) =>
      c.notNull().check(checkIn('disclosure', ['public', 'authorised', 'government'])),
    )
    .addColumn('severity', 'text', (c) => c.check(checkIn('severity', ['minor', 'general', 'serious'])))
    .addColumn('published', t.bool, (c) => c.notNull())
    .addColumn('publicity_start', t.date)
    .addColumn('publicity_end', t.date)
    .addColumn('earliest_repair', t.date)
    .addColumn('publicity_rule', 'text')
    .addColumn('publicity_ended_on', t.date)
    .addColumn('objection_state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(checkIn('objection_state', ['none', 'under_objection'])),
    )
    .addColumn('batch_id', t.ref, (c) => c.references('batch.id'))
    .addColumn('batch_row', 'integer')
    .addColumn('received_at', t.instant, (c) => c.notNull())
    .addColumn('late', t.bool, (c) => c.notNull())
    .addColumn('quality', t.json, (c) => c.notNull())
    .addColumn('change_kind', 'text', (c) => c.notNull())
    .addColumn('change_reason', 'text')
    .addColumn('recorded_at', t.instant, (c) => c.notNull())
    .addColumn('superseded_at', t.instant)
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('record_chain_current')
    .unique()
    .on('record')
    .columns(['item_code', 'provider_id', 'business_key'])
    .where(sql.ref('is_current'), '=', 1)
    .execute();
  await db.schema
    .createIndex('record_chain_version')
    .unique()
    .on('record')
    .columns(['item_code', 'provider_id', 'business_key', 'version'])
    .execute();
  await db.schema.createIndex('record_subject').on('record').columns(['subject_id', 'item_code']).execute();
  await db.schema.createIndex('record_batch').on('record').column('batch_id').execute();
  await db.schema
    .createIndex('record_publicity_end')
    .on('record')
    .column('publicity_end')
    .where(sql.ref('is_current'), '=', 1)
    .execute();

  await withId(db, db.schema.createTable('audit_event'))
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_event_entity')
    .on('audit_event')
    .columns(['entity_type', 'entity_id'])
    .execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS_HASH})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_head',
    'audit_event',
    'record',
    'batch_issue',
    'batch',
    'mapping_profile',
    'subject',
    'provider',
    'catalog_item',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
