import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, actorLabel, ROLE_LABELS, type Role } from '../../platform/actor.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import {
  type ClientRow,
  findClientById,
  findClientByKeyId,
  insertClient,
  listClientRows,
  touchClient,
  updateClientRow,
} from './client.repository.js';
import { authorize } from './policy.js';
import { type ScopeInput, type ScopeView, scopeColumns, scopeOf, toScopeView } from './principal-scope.js';

/** Roles a machine client may carry: data pushers and checkers, never administrators or subject users. */
export const CLIENT_ROLES: readonly Role[] = [
  'provider_operator',
  'provider_reviewer',
  'credit_user',
  'regulator',
];

/** Longest rotation overlap: one week. */
export const MAX_ROTATION_OVERLAP_MINUTES = 7 * 24 * 60;
/** Overlap when none is given: one hour, enough to roll a new secret out to a department's servers. */
export const DEFAULT_ROTATION_OVERLAP_MINUTES = 60;

const KEY_ID = /^xyk_[0-9a-f]{16}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** An API client as shown to administrators: never the secret or its hash. */
export interface ClientView {
  readonly id: number;
  readonly name: string;
  readonly keyId: string;
  readonly role: Role;
  readonly scope: ScopeView;
  /** Requests per minute, null = installation default. */
  readonly rateLimit: number | null;
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  readonly rotatedAt: string | null;
  /** End of the rotation overlap during which the previous secret is still accepted. */
  readonly previousValidUntil: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export function toClientView(row: ClientRow): ClientView {
  return {
    id: row.id,
    name: row.name,
    keyId: row.key_id,
    role: row.role,
    scope: toScopeView(scopeOf(row)),
    rateLimit: row.rate_limit,
    status: row.status,
    createdAt: row.created_at,
    rotatedAt: row.rotated_at,
    previousValidUntil: row.previous_valid_until,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/** A client together with its bearer token, returned exactly once (on creation or rotation). */
export interface IssuedClient {
  readonly client: ClientView;
  /** `<keyId>.<secret>`: send as `Authorization: Bearer <token>`. Not retrievable later. */
  readonly token: string;
}

function tokenHash(keyId: string, secret: string): string {
  return sm3Hex(`client:${keyId}.${secret}`);
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface NewClient extends ScopeInput {
  readonly name: string;
  readonly role: Role;
  readonly rateLimit?: number | null;
}

/**
 * Registers a machine client (`client.manage`) with a role and scope like a user's; returns the bearer token once
 * (only its SM3 is stored). Audited `client.created`.
 * @throws AppError forbidden; validation_failed (name, role not allowed for clients, scope, rate limit)
 */
export async function createClient(tx: Tx, actor: Actor, input: NewClient, at: Date): Promise<IssuedClient> {
  authorize(actor, 'client.manage');
  const name = input.name.trim();
  if (name === '' || name.length > 100)
    throw new AppError('validation_failed', '客户端名称须为 1–100 个字符');
  if (!CLIENT_ROLES.includes(input.role))
    throw new AppError(
      'validation_failed',
      `API 客户端的角色只能是 ${CLIENT_ROLES.map((r) => `${ROLE_LABELS[r]}（${r}）`).join('、')}，不能是 ${input.role}`,
    );
  const rateLimit = input.rateLimit ?? null;
  if (rateLimit !== null && (!Number.isInteger(rateLimit) || rateLimit < 1 || rateLimit > 1_000_000))
    throw new AppError('validation_failed', '速率上限（rateLimit）须为每分钟 1–1000000 次请求');
  const scope = await scopeColumns(tx, input.role, input);
  const keyId = `xyk_${randomBytes(8).toString('hex')}`;
  const secret = newSecret();
  const row = await insertClient(tx, {
    name,
    key_id: keyId,
    secret_hash: tokenHash(keyId, secret),
    previous_secret_hash: null,
    previous_valid_until: null,
    role: input.role,
    ...scope,
    rate_limit: rateLimit,
    status: 'active',
    created_at: at.toISOString(),
    created_by: actorLabel(actor),
    rotated_at: null,
    revoked_at: null,
    last_used_at: null,
  });
  const client = toClientView(row);
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'client.created',
        entityType: 'api_client',
        entityId: row.id,
        payload: { name, keyId, role: row.role, scope: { ...client.scope }, rateLimit },
      },
    ],
    at,
  );
  return { client, token: `${keyId}.${secret}` };
}

export async function listClients(
  db: Queryable,
  actor: Actor,
  filter: { status?: 'active' | 'revoked'; limit: number; offset: number },
): Promise<ClientView[]> {
  authorize(actor, 'client.manage');
  return (await listClientRows(db, filter)).map(toClientView);
}

/** @throws AppError forbidden; not_found */
export async function getClient(db: Queryable, actor: Actor, id: number): Promise<ClientView> {
  authorize(actor, 'client.manage');
  return toClientView(await clientRow(db, id));
}

/** A client by key id (CLI). @throws AppError forbidden; not_found */
export async function getClientByKeyId(db: Queryable, actor: Actor, keyId: string): Promise<ClientView> {
  authorize(actor, 'client.manage');
  const row = await findClientByKeyId(db, keyId);
  if (row === undefined) throw notFound(`API 客户端 ${keyId}`);
  return toClientView(row);
}

async function clientRow(db: Queryable, id: number): Promise<ClientRow> {
  const row = await findClientById(db, id);
  if (row === undefined) throw notFound(`API 客户端 ${id}`);
  return row;
}

/**
 * Revokes a client at once: its current and any overlapping previous secret stop working. Idempotent.
 * Audited `client.revoked`.
 * @throws AppError forbidden; not_found
 */
export async function revokeClient(tx: Tx, actor: Actor, id: number, at: Date): Promise<ClientView> {
  authorize(actor, 'client.manage');
  const row = await clientRow(tx, id);
  if (row.status === 'revoked') return toClientView(row);
  const iso = at.toISOString();
  const updated = await updateClientRow(tx, id, {
    status: 'revoked',
    revoked_at: iso,
    previous_secret_hash: null,
    previous_valid_until: null,
  });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'client.revoked',
        entityType: 'api_client',
        entityId: id,
        payload: { keyId: row.key_id },
      },
    ],
    at,
  );
  return toClientView(updated);
}

/**
 * Issues a new secret (same key id) and returns it once. The previous secret stays valid for `overlapMinutes`
 * (default 60, 0 = revoked at once, at most one week) so the department can roll the new one out without downtime;
 * a secret older than the previous one is never valid. Audited `client.rotated`.
 * @throws AppError forbidden; not_found; conflict for a revoked client; validation_failed for a bad overlap
 */
export async function rotateClient(
  tx: Tx,
  actor: Actor,
  id: number,
  options: { overlapMinutes?: number },
  at: Date,
): Promise<IssuedClient> {
  authorize(actor, 'client.manage');
  const overlap = options.overlapMinutes ?? DEFAULT_ROTATION_OVERLAP_MINUTES;
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_ROTATION_OVERLAP_MINUTES)
    throw new AppError(
      'validation_failed',
      `新旧密钥并存时间（overlapMinutes）须为 0–${MAX_ROTATION_OVERLAP_MINUTES} 分钟`,
    );
  const row = await clientRow(tx, id);
  if (row.status === 'revoked') throw new AppError('conflict', `API 客户端 ${row.key_id} 已吊销`);
  const secret = newSecret();
  const iso = at.toISOString();
  const previousValidUntil = overlap === 0 ? null : new Date(at.getTime() + overlap * 60_000).toISOString();
  const updated = await updateClientRow(tx, id, {
    secret_hash: tokenHash(row.key_id, secret),
    previous_secret_hash: overlap === 0 ? null : row.secret_hash,
    previous_valid_until: previousValidUntil,
    rotated_at: iso,
  });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'client.rotated',
        entityType: 'api_client',
        entityId: id,
        payload: { keyId: row.key_id, overlapMinutes: overlap, previousValidUntil },
      },
    ],
    at,
  );
  return { client: toClientView(updated), token: `${row.key_id}.${secret}` };
}

export interface AuthenticatedClient {
  readonly actor: Actor;
  /** Requests per minute for this client, null = installation default. */
  readonly rateLimit: number | null;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies a bearer token `<keyId>.<secret>` (docs/adr/0005-request-authentication.md): the client must be active
 * and the token's SM3 equal the current hash, or the previous one before the rotation overlap ends.
 * @returns undefined for any malformed, unknown, revoked or wrong token (the caller answers 401).
 */
export async function authenticateClientToken(
  db: Queryable,
  token: string,
  now: Date,
): Promise<AuthenticatedClient | undefined> {
  const dot = token.indexOf('.');
  const keyId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (dot < 0 || !KEY_ID.test(keyId) || !SECRET.test(secret)) return undefined;
  const row = await findClientByKeyId(db, keyId);
  if (row === undefined || row.status !== 'active') return undefined;
  const presented = tokenHash(keyId, secret);
  const current = sameHash(presented, row.secret_hash);
  const previous =
    !current &&
    row.previous_secret_hash !== null &&
    row.previous_valid_until !== null &&
    Date.parse(row.previous_valid_until) > now.getTime() &&
    sameHash(presented, row.previous_secret_hash);
  if (!current && !previous) return undefined;
  await touchClient(db, row.id, now.toISOString(), new Date(now.getTime() - 60_000).toISOString());
  return {
    actor: { kind: 'client', id: row.id, name: row.name, role: row.role, scope: scopeOf(row) },
    rateLimit: row.rate_limit,
  };
}
