import type { Insertable, Selectable } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { AccessLogTable, AuthorisationTable } from './access.table.js';

export type AuthorisationRow = Selectable<AuthorisationTable>;
export type AccessLogRow = Selectable<AccessLogTable>;

export function insertAuthorisation(tx: Tx, row: Insertable<AuthorisationTable>): Promise<AuthorisationRow> {
  return tx.insertInto('authorisation').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findAuthorisation(db: Queryable, id: number): Promise<AuthorisationRow | undefined> {
  return db.selectFrom('authorisation').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An unrevoked authorisation identical in subject, grantee, purpose, period and evidence, if any. */
export function findSameAuthorisation(
  db: Queryable,
  a: Pick<
    AuthorisationRow,
    'subject_id' | 'grantee_organization' | 'purpose' | 'valid_from' | 'valid_to' | 'evidence_ref'
  >,
): Promise<AuthorisationRow | undefined> {
  return db
    .selectFrom('authorisation')
    .selectAll()
    .where('subject_id', '=', a.subject_id)
    .where('grantee_organization', '=', a.grantee_organization)
    .where('purpose', '=', a.purpose)
    .where('valid_from', '=', a.valid_from)
    .where('valid_to', '=', a.valid_to)
    .where('evidence_ref', '=', a.evidence_ref)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * Unrevoked authorisations of one subject for one organisation covering calendar date `on`, latest end first,
 * with the subject's name as stored (masked for natural persons).
 */
export function findValidAuthorisations(
  db: Queryable,
  subjectId: number,
  organization: string,
  on: string,
): Promise<(AuthorisationRow & { subject_name: string })[]> {
  return db
    .selectFrom('authorisation')
    .innerJoin('subject', 'subject.id', 'authorisation.subject_id')
    .selectAll('authorisation')
    .select('subject.name as subject_name')
    .where('authorisation.subject_id', '=', subjectId)
    .where('authorisation.grantee_organization', '=', organization)
    .where('authorisation.revoked_at', 'is', null)
    .where('authorisation.valid_from', '<=', on)
    .where('authorisation.valid_to', '>=', on)
    .orderBy('authorisation.valid_to', 'desc')
    .orderBy('authorisation.id', 'desc')
    .execute();
}

export function listAuthorisationRows(
  db: Queryable,
  f: { subjectId?: number; organization?: string; limit: number; offset: number },
): Promise<AuthorisationRow[]> {
  let q = db.selectFrom('authorisation').selectAll();
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  if (f.organization !== undefined) q = q.where('grantee_organization', '=', f.organization);
  return q.orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function markAuthorisationRevoked(
  tx: Tx,
  id: number,
  change: { revoked_at: string; revoked_by: string; revoke_reason: string | null },
): Promise<AuthorisationRow | undefined> {
  return tx
    .updateTable('authorisation')
    .set(change)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export function insertAccessLog(db: Queryable, row: Insertable<AccessLogTable>): Promise<AccessLogRow> {
  return db.insertInto('access_log').values(row).returningAll().executeTakeFirstOrThrow();
}

export interface AccessLogFilter {
  readonly subjectId?: number;
  readonly actor?: string;
  readonly organization?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly offset: number;
}

export function listAccessLogRows(db: Queryable, f: AccessLogFilter): Promise<AccessLogRow[]> {
  let q = db.selectFrom('access_log').selectAll();
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
  if (f.organization !== undefined) q = q.where('organization', '=', f.organization);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function findAuthorisationsByIds(
  db: Queryable,
  ids: readonly number[],
): Promise<Map<number, AuthorisationRow>> {
  const unique = [...new Set(ids)];
  const out = new Map<number, AuthorisationRow>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('authorisation')
      .selectAll()
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
