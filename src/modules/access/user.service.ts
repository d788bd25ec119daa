import { type Actor, actorLabel, type Role } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import { findSubjectRefs } from './binding.repository.js';
import { hashPassword, passwordProblems, verifyPassword } from './password.js';
import { authorize } from './policy.js';
import { type ScopeInput, type ScopeView, scopeColumns, scopeOf, toScopeView } from './principal-scope.js';
import {
  countActiveAdmins,
  findUserById,
  findUserByUsername,
  insertUser,
  listUserRows,
  revokeUserSessions,
  type UserFilter,
  type UserRow,
  updateUserRow,
} from './user.repository.js';

/** A user as the API and CLI show it: never the password hash. */
export interface UserView {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly scope: ScopeView;
  /** The bound subject's name (natural persons masked), in lists only. */
  readonly subjectName?: string;
  readonly status: 'active' | 'disabled';
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
  readonly passwordChangedAt: string;
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    scope: toScopeView(scopeOf(row)),
    status: row.status,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    passwordChangedAt: row.password_changed_at,
  };
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Sign-in names are compared lower-case and trimmed. */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

export interface NewUser extends ScopeInput {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly password: string;
}

/** @throws AppError validation_failed listing every reason the password is too weak. */
export function assertStrongPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0)
    throw new AppError('validation_failed', `密码强度不足：${problems.map((p) => p.message).join('；')}`, {
      details: problems,
    });
}

/**
 * Creates a user (`user.manage`); the password must pass {@link passwordProblems} and is stored as argon2id.
 * Audited as `user.created` (no password material in the payload).
 * @throws AppError forbidden; validation_failed (user name, display name, scope, weak password); conflict when the
 *   user name is taken; not_found for an unknown provider.
 */
export async function createUser(tx: Tx, actor: Actor, input: NewUser, at: Date): Promise<UserView> {
  authorize(actor, 'user.manage');
  const username = normalizeUsername(input.username);
  if (!USERNAME.test(username))
    throw new AppError(
      'validation_failed',
      `用户名 ${username} 不符合要求：须为 3–64 位小写字母、数字或 . _ -，以字母或数字开头`,
      {
        details: [{ field: 'username', code: 'format', message: '用户名须为 3–64 位小写字母、数字或 . _ -' }],
      },
    );
  const displayName = input.displayName.trim();
  if (displayName === '' || displayName.length > 100)
    throw new AppError('validation_failed', '显示名称须为 1–100 个字符', {
      details: [{ field: 'displayName', code: 'format', message: '显示名称须为 1–100 个字符' }],
    });
  assertStrongPassword(input.password, username);
  const scope = await scopeColumns(tx, input.role, input);
  if ((await findUserByUsername(tx, username)) !== undefined)
    throw new AppError('conflict', `用户名 ${username} 已被使用`);
  const iso = at.toISOString();
  const row = await insertUser(tx, {
    username,
    display_name: displayName,
    role: input.role,
    ...scope,
    subject_id: null,
    status: 'active',
    password_hash: await hashPassword(input.password),
    password_changed_at: iso,
    created_at: iso,
    created_by: actorLabel(actor),
    updated_at: iso,
    last_login_at: null,
  });
  const view = toUserView(row);
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        payload: { username, role: row.role, scope: { ...view.scope } },
      },
    ],
    at,
  );
  return view;
}

/** Users, filtered (`user.manage`). */
export async function listUsers(db: Queryable, actor: Actor, filter: UserFilter): Promise<UserView[]> {
  authorize(actor, 'user.manage');
  const views = (await listUserRows(db, filter)).map(toUserView);
  const subjects = await findSubjectRefs(
    db,
    views.flatMap((u) => (u.scope.subjectId === undefined ? [] : [u.scope.subjectId])),
  );
  return views.map((u) => {
    const name = u.scope.subjectId === undefined ? undefined : subjects.get(u.scope.subjectId)?.name;
    return name === undefined ? u : { ...u, subjectName: name };
  });
}

/** @throws AppError forbidden; not_found */
export async function getUser(db: Queryable, actor: Actor, id: number): Promise<UserView> {
  authorize(actor, 'user.manage');
  return toUserView(await userRow(db, id));
}

/** A user by sign-in name (CLI). @throws AppError forbidden; not_found */
export async function getUserByUsername(db: Queryable, actor: Actor, username: string): Promise<UserView> {
  authorize(actor, 'user.manage');
  const row = await findUserByUsername(db, normalizeUsername(username));
  if (row === undefined) throw notFound(`用户 ${username}`);
  return toUserView(row);
}

async function userRow(db: Queryable, id: number): Promise<UserRow> {
  const row = await findUserById(db, id);
  if (row === undefined) throw notFound(`用户 ${id}`);
  return row;
}

export interface UserChange extends ScopeInput {
  readonly displayName?: string;
  readonly role?: Role;
}

/**
 * Changes display name, role or scope (`user.manage`). A role change re-validates the whole scope; changing away
 * from subject_user drops the subject. The last active administrator cannot lose the role. Audited `user.updated`.
 * @throws AppError forbidden; not_found; validation_failed; conflict (last administrator)
 */
export async function updateUser(
  tx: Tx,
  actor: Actor,
  id: number,
  change: UserChange,
  at: Date,
): Promise<UserView> {
  authorize(actor, 'user.manage');
  const row = await userRow(tx, id);
  const role = change.role ?? row.role;
  const scopeChanged =
    change.role !== undefined ||
    change.providerId !== undefined ||
    change.organization !== undefined ||
    change.scenarios !== undefined;
  const current = scopeOf(row);
  const scope = scopeChanged
    ? await scopeColumns(tx, role, {
        providerId: change.providerId !== undefined ? change.providerId : (current.providerId ?? null),
        organization:
          change.organization !== undefined ? change.organization : (current.organization ?? null),
        scenarios: change.scenarios !== undefined ? change.scenarios : (current.scenarios ?? null),
      })
    : undefined;
  if (row.role === 'platform_admin' && role !== 'platform_admin' && row.status === 'active')
    await assertNotLastAdmin(tx);
  const displayName = change.displayName?.trim();
  if (displayName !== undefined && (displayName === '' || displayName.length > 100))
    throw new AppError('validation_failed', '显示名称须为 1–100 个字符', {
      details: [{ field: 'displayName', code: 'format', message: '显示名称须为 1–100 个字符' }],
    });
  const updated = await updateUserRow(tx, id, {
    ...(displayName === undefined ? {} : { display_name: displayName }),
    ...(scope === undefined ? {} : { ...scope, role }),
    ...(role !== 'subject_user' ? { subject_id: null } : {}),
    updated_at: at.toISOString(),
  });
  const view = toUserView(updated);
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        payload: {
          ...(displayName === undefined ? {} : { displayName }),
          ...(scope === undefined ? {} : { role, scope: { ...view.scope } }),
        },
      },
    ],
    at,
  );
  return view;
}

async function assertNotLastAdmin(tx: Tx): Promise<void> {
  if ((await countActiveAdmins(tx)) <= 1)
    throw new AppError('conflict', '不能停用最后一个有效的信用中心管理员，也不能变更其角色');
}

/**
 * Disables or re-enables a user (`user.manage`). Disabling ends every session at once; an administrator cannot
 * disable itself or the last active administrator. Audited `user.disabled` / `user.enabled`.
 * @throws AppError forbidden; not_found; conflict
 */
export async function setUserStatus(
  tx: Tx,
  actor: Actor,
  id: number,
  status: 'active' | 'disabled',
  at: Date,
): Promise<UserView> {
  authorize(actor, 'user.manage');
  const row = await userRow(tx, id);
  if (row.status === status) return toUserView(row);
  const iso = at.toISOString();
  let sessionsEnded = 0;
  if (status === 'disabled') {
    if (actor.kind === 'user' && actor.id === id) throw new AppError('conflict', '不能停用自己的账号');
    if (row.role === 'platform_admin') await assertNotLastAdmin(tx);
    sessionsEnded = await revokeUserSessions(tx, id, iso);
  }
  const updated = await updateUserRow(tx, id, { status, updated_at: iso });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
        entityType: 'user',
        entityId: id,
        payload: { username: row.username, sessionsEnded },
      },
    ],
    at,
  );
  return toUserView(updated);
}

/**
 * Sets a user's password as an administrator (`user.manage`) — e.g. after a lost password — and ends its sessions.
 * Audited `user.password_set`.
 * @throws AppError forbidden; not_found; validation_failed (weak password)
 */
export async function setUserPassword(
  tx: Tx,
  actor: Actor,
  id: number,
  password: string,
  at: Date,
): Promise<void> {
  authorize(actor, 'user.manage');
  const row = await userRow(tx, id);
  assertStrongPassword(password, row.username);
  const iso = at.toISOString();
  await updateUserRow(tx, id, {
    password_hash: await hashPassword(password),
    password_changed_at: iso,
    updated_at: iso,
  });
  const sessionsEnded = await revokeUserSessions(tx, id, iso);
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'user.password_set',
        entityType: 'user',
        entityId: id,
        payload: { sessionsEnded },
      },
    ],
    at,
  );
}

/**
 * A signed-in user changes its own password: the current one must match; every other session of the user ends.
 * Audited `user.password_changed`.
 * @throws AppError unauthenticated (anonymous); forbidden (not a user, e.g. an API client); validation_failed (wrong
 *   current password, weak new password)
 */
export async function changeOwnPassword(
  tx: Tx,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; sessionId?: number },
  at: Date,
): Promise<void> {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', '请先登录再修改密码');
  if (actor.kind !== 'user') throw new AppError('forbidden', '只有用户账号才有密码');
  const row = await userRow(tx, actor.id);
  if (!(await verifyPassword(row.password_hash, input.currentPassword)))
    throw new AppError('validation_failed', '当前密码不正确', {
      details: [{ field: 'currentPassword', code: 'wrong', message: '当前密码不正确' }],
    });
  assertStrongPassword(input.newPassword, row.username);
  if (input.newPassword === input.currentPassword)
    throw new AppError('validation_failed', '新密码不能与当前密码相同', {
      details: [{ field: 'newPassword', code: 'unchanged', message: '新密码不能与当前密码相同' }],
    });
  const iso = at.toISOString();
  await updateUserRow(tx, actor.id, {
    password_hash: await hashPassword(input.newPassword),
    password_changed_at: iso,
    updated_at: iso,
  });
  const sessionsEnded = await revokeUserSessions(tx, actor.id, iso, input.sessionId);
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'user.password_changed',
        entityType: 'user',
        entityId: actor.id,
        payload: { sessionsEnded },
      },
    ],
    at,
  );
}
