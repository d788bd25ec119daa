import type { Kysely } from 'kysely';
import { checkIn, columnTypes, withId } from './support.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await withId(db, db.schema.createTable('scenario'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('spec', t.json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'retired'])))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('measure'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('spec', t.json, (c) => c.notNull())
    .addColumn('spec_digest', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'retired'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('measure_code_version', ['code', 'version'])
    .execute();

  await withId(db, db.schema.createTable('check_run'))
    .addColumn('check_no', 'text', (c) => c.notNull().unique())
    .addColumn('scenario', 'text', (c) => c.notNull())
    .addColumn('as_of', t.instant, (c) => c.notNull())
    .addColumn('checked_at', t.instant, (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('organization', 'text')
    .addColumn('subject_count', 'integer', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('check_run_requested')
    .on('check_run')
    .columns(['requested_by', 'checked_at'])
    .execute();

  await withId(db, db.schema.createTable('check_result'))
    .addColumn('check_id', t.ref, (c) => c.notNull().references('check_run.id'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('subject_id', t.ref, (c) => c.references('subject.id'))
    .addColumn('verdict', 'text', (c) =>
      c
        .notNull()
        .check(
          checkIn('verdict', [
            'clear',
            'incentive',
            'restricted',
            'barred',
            'ambiguous',
            'not_found',
            'not_authorised',
          ]),
        ),
    )
    .addColumn('measures', t.json, (c) => c.notNull())
    .addUniqueConstraint('check_result_idx', ['check_id', 'idx'])
    .execute();

  await withId(db, db.schema.createTable('check_feedback'))
    .addColumn('check_id', t.ref, (c) => c.notNull().references('check_run.id'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('measure_code', 'text', (c) => c.notNull())
    .addColumn('applied', t.bool, (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('check_feedback_check')
    .on('check_feedback')
    .columns(['check_id', 'idx'])
    .execute();

  await withId(db, db.schema.createTable('watch'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('removed_at', t.instant)
    .execute();
  await db.schema.createIndex('watch_subject').on('watch').columns(['subject_id', 'owner']).execute();
  await db.schema.createIndex('watch_owner').on('watch').columns(['owner', 'subject_id']).execute();

  await withId(db, db.schema.createTable('notification'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('subject_id', t.ref, (c) => c.references('subject.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          checkIn('kind', [
            'record_added',
            'record_changed',
            'record_revoked',
            'record_repaired',
            'list_added',
            'list_removed',
            'publicity_ended',
            'application_updated',
          ]),
        ),
    )
    .addColumn('record_id', t.ref, (c) => c.references('record.id'))
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('read_at', t.instant)
    .execute();
  await db.schema.createIndex('notification_owner').on('notification').columns(['owner', 'id']).execute();

  await withId(db, db.schema.createTable('webhook'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret_cipher', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'disabled'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('disabled_at', t.instant)
    .execute();

  await withId(db, db.schema.createTable('outbox'))
    .addColumn('webhook_id', t.ref, (c) => c.notNull().references('webhook.id'))
    .addColumn('notification_id', t.ref, (c) => c.references('notification.id'))
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', t.instant, (c) => c.notNull())
    .addColumn('delivered_at', t.instant)
    .addColumn('failed_at', t.instant)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['delivered_at', 'failed_at', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'outbox',
    'webhook',
    'notification',
    'watch',
    'check_feedback',
    'check_result',
    'check_run',
    'measure',
    'scenario',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
