import type { Kysely } from 'kysely';
import { checkIn, columnTypes, withId } from './support.js';

// Frozen copy of the role list at the time of this migration (migrations never import application code).
const ROLES = [
  'platform_admin',
  'provider_operator',
  'provider_reviewer',
  'credit_user',
  'regulator',
  'subject_user',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withId(db, db.schema.createTable('app_user'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(checkIn('role', ROLES)))
    .addColumn('provider_id', t.ref, (c) => c.references('provider.id'))
    .addColumn('organization', 'text')
    .addColumn('scenarios', t.json)
    .addColumn('subject_id', t.ref, (c) => c.references('subject.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'disabled'])))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', t.instant, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('last_login_at', t.instant)
    .execute();

  await withId(db, db.schema.createTable('user_session'))
    .addColumn('user_id', t.ref, (c) => c.notNull().references('app_user.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('revoked_at', t.instant)
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('user_session_user').on('user_session').column('user_id').execute();

  await withId(db, db.schema.createTable('login_failure'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_failure_username')
    .on('login_failure')
    .columns(['username', 'at'])
    .execute();
  await db.schema.createIndex('login_failure_ip').on('login_failure').columns(['ip', 'at']).execute();

  await withId(db, db.schema.createTable('api_client'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('previous_secret_hash', 'text')
    .addColumn('previous_valid_until', t.instant)
    .addColumn('role', 'text', (c) => c.notNull().check(checkIn('role', ROLES)))
    .addColumn('provider_id', t.ref, (c) => c.references('provider.id'))
    .addColumn('organization', 'text')
    .addColumn('scenarios', t.json)
    .addColumn('rate_limit', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'revoked'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('rotated_at', t.instant)
    .addColumn('revoked_at', t.instant)
    .addColumn('last_used_at', t.instant)
    .execute();

  await withId(db, db.schema.createTable('subject_binding'))
    .addColumn('user_id', t.ref, (c) => c.notNull().references('app_user.id'))
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(checkIn('status', ['pending', 'approved', 'rejected', 'revoked'])),
    )
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('requested_at', t.instant, (c) => c.notNull())
    .addColumn('decided_at', t.instant)
    .addColumn('decided_by', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('subject_binding_user').on('subject_binding').column('user_id').execute();
  await db.schema.createIndex('subject_binding_status').on('subject_binding').column('status').execute();

  await withId(db, db.schema.createTable('authorisation'))
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('grantee_organization', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('valid_from', t.date, (c) => c.notNull())
    .addColumn('valid_to', t.date, (c) => c.notNull())
    .addColumn('evidence_ref', 'text', (c) => c.notNull())
    .addColumn('registered_at', t.instant, (c) => c.notNull())
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', t.instant)
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema
    .createIndex('authorisation_subject_grantee')
    .on('authorisation')
    .columns(['subject_id', 'grantee_organization'])
    .execute();

  await withId(db, db.schema.createTable('access_log'))
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('organization', 'text')
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('authorisation_id', t.ref, (c) => c.references('authorisation.id'))
    .execute();
  await db.schema
    .createIndex('access_log_subject_at')
    .on('access_log')
    .columns(['subject_id', 'at'])
    .execute();
  await db.schema.createIndex('access_log_at').on('access_log').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'access_log',
    'authorisation',
    'subject_binding',
    'api_client',
    'login_failure',
    'user_session',
    'app_user',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
