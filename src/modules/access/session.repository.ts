import type { Selectable } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { SessionTable, UserTable } from './access.table.js';

export type SessionWithUser = Selectable<SessionTable> & {
  readonly user: Selectable<UserTable>;
};

export async function insertSession(
  tx: Tx,
  row: { user_id: number; token_hash: string; created_at: string; expires_at: string; ip: string | null },
): Promise<number> {
  const inserted = await tx
    .insertInto('user_session')
    .values({ ...row, last_seen_at: row.created_at, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** The session with this token hash and its user, whatever their state (the caller decides validity). */
export async function findSessionByTokenHash(
  db: Queryable,
  tokenHash: string,
): Promise<SessionWithUser | undefined> {
  const session = await db
    .selectFrom('user_session')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (session === undefined) return undefined;
  const user = await db
    .selectFrom('app_user')
    .selectAll()
    .where('id', '=', session.user_id)
    .executeTakeFirst();
  return user === undefined ? undefined : { ...session, user };
}

/** Moves `last_seen_at` forward unless another request already did within the last minute. */
export async function touchSession(db: Queryable, id: number, at: string, ifBefore: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: at })
    .where('id', '=', id)
    .where('last_seen_at', '<', ifBefore)
    .execute();
}

export async function revokeSession(tx: Tx, id: number, at: string): Promise<boolean> {
  const r = await tx
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertLoginFailure(tx: Tx, username: string, ip: string, at: string): Promise<void> {
  await tx.insertInto('login_failure').values({ username, ip, at }).execute();
}

/** Instants of failures since `since`, oldest first, for a user name, an IP address, or both together. */
export async function loginFailuresSince(
  db: Queryable,
  by: { username?: string; ip?: string },
  since: string,
): Promise<string[]> {
  let q = db.selectFrom('login_failure').select('at').where('at', '>=', since);
  if (by.username !== undefined) q = q.where('username', '=', by.username);
  if (by.ip !== undefined) q = q.where('ip', '=', by.ip);
  return (await q.orderBy('at').execute()).map((r) => r.at);
}

export async function clearLoginFailures(tx: Tx, username: string): Promise<void> {
  await tx.deleteFrom('login_failure').where('username', '=', username).execute();
}

export async function purgeLoginFailures(tx: Tx, before: string): Promise<void> {
  await tx.deleteFrom('login_failure').where('at', '<', before).execute();
}
