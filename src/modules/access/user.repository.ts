import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { UserTable } from './access.table.js';

export type UserRow = Selectable<UserTable>;

export async function insertUser(tx: Tx, row: Insertable<UserTable>): Promise<UserRow> {
  return tx.insertInto('app_user').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findUserById(db: Queryable, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export interface UserFilter {
  readonly role?: Role;
  readonly status?: 'active' | 'disabled';
  readonly providerId?: number;
  readonly limit: number;
  readonly offset: number;
}

export function listUserRows(db: Queryable, f: UserFilter): Promise<UserRow[]> {
  let q = db.selectFrom('app_user').selectAll();
  if (f.role !== undefined) q = q.where('role', '=', f.role);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.providerId !== undefined) q = q.where('provider_id', '=', f.providerId);
  return q.orderBy('id').limit(f.limit).offset(f.offset).execute();
}

export async function updateUserRow(tx: Tx, id: number, change: Updateable<UserTable>): Promise<UserRow> {
  return tx.updateTable('app_user').set(change).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'platform_admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends every open session of a user (disable, password change, role change). */
export async function revokeUserSessions(
  tx: Tx,
  userId: number,
  at: string,
  exceptId?: number,
): Promise<number> {
  let q = tx
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
