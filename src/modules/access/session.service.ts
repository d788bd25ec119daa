import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, actorLabel } from '../../platform/actor.js';
import type { SecurityConfig } from '../../platform/config.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import { hmacSm3Hex, sm3Hex } from '../../platform/crypto/sm.js';
import type { Db, Queryable, Tx } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from './password.js';
import { scopeOf } from './principal-scope.js';
import {
  clearLoginFailures,
  findSessionByTokenHash,
  insertLoginFailure,
  insertSession,
  loginFailuresSince,
  purgeLoginFailures,
  revokeSession,
  touchSession,
} from './session.repository.js';
import { findUserByUsername, updateUserRow } from './user.repository.js';
import { normalizeUsername, toUserView, type UserView } from './user.service.js';

/** Failed sign-ins are counted over this window. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** An IP address may fail this many times more often than one user name from it (shared NAT of a department). */
const IP_FAILURE_FACTOR = 4;
/**
 * One user name may fail this many times more often across all addresses before it is locked for everyone: high
 * enough that a stranger cannot lock the credit centre's administrator out with a few guesses from one address,
 * low enough to stop guessing spread over many addresses.
 */
const ACCOUNT_FAILURE_FACTOR = 10;
const TOUCH_EVERY_MS = 60 * 1000;

/**
 * Name of the session cookie. Under https it carries the `__Host-` prefix, so browsers accept it only when Secure,
 * without Domain and for Path=/ (no sub-domain can plant or read it).
 */
export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith('https:') ? '__Host-xinyong_session' : 'xinyong_session';
}

/** SM3 of a session token: what the database keeps instead of the token. */
export function sessionTokenHash(token: string): string {
  return sm3Hex(`session:${token}`);
}

/**
 * The synchronizer (CSRF) token of a session: HMAC-SM3 keyed by the session token, so the server recomputes it from
 * the cookie and stores nothing, while a page on another origin can neither read the cookie nor derive the token.
 */
export function csrfTokenFor(sessionToken: string): string {
  return hmacSm3Hex(Buffer.from(sessionToken, 'utf8'), 'xinyong-csrf-v1');
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface NewSession {
  readonly id: number;
  readonly token: string;
  readonly expiresAt: string;
}

/** Opens a session for a user (no password check: callers have authenticated it). */
export async function createSession(
  tx: Tx,
  userId: number,
  at: Date,
  security: SecurityConfig,
  ip: string | null,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(at.getTime() + security.sessionMaxHours * 3600_000).toISOString();
  const id = await insertSession(tx, {
    user_id: userId,
    token_hash: sessionTokenHash(token),
    created_at: at.toISOString(),
    expires_at: expiresAt,
    ip,
  });
  return { id, token, expiresAt };
}

export interface SignedIn extends NewSession {
  readonly user: UserView;
  readonly actor: Actor;
}

/** The `login_failure.username` of a user name: HMAC-SM3 under the lookup key, separated from other digests. */
export function loginFailureKey(protector: Pick<FieldProtector, 'digest'>, username: string): string {
  return protector.digest(`login-failure:${normalizeUsername(username)}`);
}

/**
 * Signs a user in (POST /api/v1/session). Throttled per user name and IP address (`loginMaxFailures` failures
 * within 15 minutes), per IP address (4× that) and per user name from anywhere (10× that); while throttled the
 * password is not even checked. An unknown, disabled or wrong
 * combination gets the same answer in about the same time. Success clears the user name's failures, rehashes an
 * outdated password hash and appends `session.created` to the audit chain.
 * @throws AppError rate_limited (with `retryAfter` seconds); unauthenticated for a wrong user name or password
 */
export async function signIn(
  db: Db,
  protector: Pick<FieldProtector, 'digest'>,
  input: { username: string; password: string; ip: string },
  security: SecurityConfig,
  at: Date,
): Promise<SignedIn> {
  const username = normalizeUsername(input.username);
  // failures are counted by a keyed digest of the name tried: a mistyped password or a person's name typed into
  // the user-name field is never stored (docs/adr/0006)
  const failureKey = loginFailureKey(protector, username);
  const since = new Date(at.getTime() - LOGIN_WINDOW_MS).toISOString();
  const retryAfter = (failures: readonly string[], max: number): number | null => {
    if (failures.length < max) return null;
    const oldest = failures[failures.length - max];
    if (oldest === undefined) return null;
    return Math.max(1, Math.ceil((Date.parse(oldest) + LOGIN_WINDOW_MS - at.getTime()) / 1000));
  };
  const byUserHere = retryAfter(
    await loginFailuresSince(db, { username: failureKey, ip: input.ip }, since),
    security.loginMaxFailures,
  );
  const byUser = retryAfter(
    await loginFailuresSince(db, { username: failureKey }, since),
    security.loginMaxFailures * ACCOUNT_FAILURE_FACTOR,
  );
  const byIp = retryAfter(
    await loginFailuresSince(db, { ip: input.ip }, since),
    security.loginMaxFailures * IP_FAILURE_FACTOR,
  );
  const wait = Math.max(byUserHere ?? 0, byUser ?? 0, byIp ?? 0);
  if (wait > 0) {
    throw new AppError('rate_limited', `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`, {
      extras: { retryAfter: wait },
    });
  }

  const user = await findUserByUsername(db, username);
  let ok = false;
  if (user !== undefined && user.status === 'active')
    ok = await verifyPassword(user.password_hash, input.password);
  else await burnPasswordCheck(input.password);
  if (!ok || user === undefined) {
    await inTransaction(db, async (tx) => {
      await insertLoginFailure(tx, failureKey, input.ip, at.toISOString());
      await purgeLoginFailures(tx, new Date(at.getTime() - 24 * 3600_000).toISOString());
    });
    throw new AppError('unauthenticated', '用户名或密码错误');
  }
  const rehash = needsRehash(user.password_hash) ? await hashPassword(input.password) : undefined;
  return inTransaction(db, async (tx) => {
    await clearLoginFailures(tx, failureKey);
    const updated = await updateUserRow(tx, user.id, {
      last_login_at: at.toISOString(),
      ...(rehash === undefined ? {} : { password_hash: rehash }),
    });
    const session = await createSession(tx, user.id, at, security, input.ip);
    const actor = userActor(updated);
    await appendAudit(
      tx,
      [
        {
          actor: actorLabel(actor),
          action: 'session.created',
          entityType: 'session',
          entityId: session.id,
          payload: { userId: user.id, expiresAt: session.expiresAt },
        },
      ],
      at,
    );
    return { ...session, user: toUserView(updated), actor };
  });
}

function userActor(row: Parameters<typeof toUserView>[0]): Actor {
  return { kind: 'user', id: row.id, name: row.display_name, role: row.role, scope: scopeOf(row) };
}

export interface ActiveSession {
  readonly id: number;
  readonly actor: Actor;
  readonly expiresAt: string;
  readonly idleExpiresAt: string;
}

/**
 * The session a cookie token belongs to, if it is usable now: not revoked, before its absolute end, used within the
 * idle timeout, and its user active. Refreshes `last_seen_at` (at most once a minute).
 * @returns undefined for any unusable token (the caller answers 401).
 */
export async function resolveSession(
  db: Queryable,
  token: string,
  now: Date,
  security: SecurityConfig,
): Promise<ActiveSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const s = await findSessionByTokenHash(db, sessionTokenHash(token));
  if (s === undefined || s.revoked_at !== null || s.user.status !== 'active') return undefined;
  const nowMs = now.getTime();
  const idleMs = security.sessionIdleMinutes * 60_000;
  if (Date.parse(s.expires_at) <= nowMs || Date.parse(s.last_seen_at) + idleMs <= nowMs) return undefined;
  if (Date.parse(s.last_seen_at) + TOUCH_EVERY_MS <= nowMs) {
    await touchSession(db, s.id, now.toISOString(), new Date(nowMs - TOUCH_EVERY_MS).toISOString());
  }
  const idleEnd = Math.min(Date.parse(s.expires_at), nowMs + idleMs);
  return {
    id: s.id,
    actor: userActor(s.user),
    expiresAt: s.expires_at,
    idleExpiresAt: new Date(idleEnd).toISOString(),
  };
}

/** Ends a session (sign-out). Audited `session.revoked` when it was open. */
export async function signOut(tx: Tx, actor: Actor, sessionId: number, at: Date): Promise<void> {
  if (await revokeSession(tx, sessionId, at.toISOString())) {
    await appendAudit(
      tx,
      [{ actor: actorLabel(actor), action: 'session.revoked', entityType: 'session', entityId: sessionId }],
      at,
    );
  }
}
