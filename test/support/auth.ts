import type { LightMyRequestResponse } from 'fastify';
import { createClient } from '../../src/modules/access/client.service.js';
import { createSession, csrfTokenFor, sessionCookieName } from '../../src/modules/access/session.service.js';
import { updateUserRow } from '../../src/modules/access/user.repository.js';
import { createUser } from '../../src/modules/access/user.service.js';
import { type Actor, ROLES, type Role, systemActor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import type { App } from '../../src/platform/http/create-app.js';
import type { Runtime } from '../../src/runtime.js';
import { computeRicCheck } from '../../src/standards/ric.js';
import type { TestDatabase } from './engines.js';
import { ingestRows } from './ingest-rows.js';

/** Password of every user made by {@link createTestUser}; strong enough for the password policy. */
export const TEST_PASSWORD = 'Test-口令-2026-Secure!';

/** Headers that authenticate a request: `cookie` + `x-csrf-token` for users, `authorization` for API clients. */
export type AuthHeaders = Record<string, string>;

export interface TestUser {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly actor: Actor;
  /** A fresh session of this user (no password check, no throttling): cookie and CSRF token. */
  headers(): Promise<AuthHeaders>;
}

export interface TestScope {
  readonly providerId?: number;
  readonly organization?: string;
  readonly scenarios?: readonly string[];
  /** Bound directly, skipping the binding request (subject users). */
  readonly subjectId?: number;
}

let counter = 0;

/** The test database's environment with request rate limits off (suites that fire many requests). */
export function withoutRateLimits(test: TestDatabase): TestDatabase {
  return { ...test, env: { ...test.env, XINYONG_RATE_LIMITS: 'false' } };
}

/**
 * Creates an active user with `role` and scope (through the user service, as the system actor) and returns a handle
 * whose `headers()` opens a new session for it. Example, in a route test:
 *   const op = await createTestUser(rt, { role: 'provider_operator', providerId });
 *   const res = await app.inject({ method: 'GET', url: '/api/v1/batches/1', headers: await op.headers() });
 */
export async function createTestUser(
  rt: Runtime,
  spec: { role: Role; username?: string; displayName?: string } & TestScope,
): Promise<TestUser> {
  counter += 1;
  const username = spec.username ?? `${spec.role.replaceAll('_', '-')}-${process.pid}-${counter}`;
  const at = rt.clock();
  const view = await inTransaction(rt.db, async (tx) => {
    const created = await createUser(
      tx,
      systemActor('test'),
      {
        username,
        displayName: spec.displayName ?? `测试${spec.role}`,
        role: spec.role,
        password: TEST_PASSWORD,
        ...(spec.providerId === undefined ? {} : { providerId: spec.providerId }),
        ...(spec.organization === undefined ? {} : { organization: spec.organization }),
        ...(spec.scenarios === undefined ? {} : { scenarios: spec.scenarios }),
      },
      at,
    );
    if (spec.subjectId !== undefined)
      await updateUserRow(tx, created.id, { subject_id: spec.subjectId, updated_at: at.toISOString() });
    return created;
  });
  const actor: Actor = {
    kind: 'user',
    id: view.id,
    name: view.displayName,
    role: spec.role,
    scope: { ...view.scope, ...(spec.subjectId === undefined ? {} : { subjectId: spec.subjectId }) },
  };
  return {
    id: view.id,
    username: view.username,
    role: spec.role,
    actor,
    headers: () => sessionHeaders(rt, view.id),
  };
}

/** Opens a session for a user directly (as a successful sign-in would) and returns its cookie and CSRF headers. */
export async function sessionHeaders(rt: Runtime, userId: number): Promise<AuthHeaders> {
  const session = await inTransaction(rt.db, (tx) =>
    createSession(tx, userId, rt.clock(), rt.config.security, '127.0.0.1'),
  );
  return {
    cookie: `${sessionCookieName(rt.config.publicUrl)}=${session.token}`,
    'x-csrf-token': csrfTokenFor(session.token),
  };
}

/** Signs in through POST /api/v1/session and returns the cookie and CSRF headers from the answer. */
export async function signInHeaders(
  app: App,
  username: string,
  password = TEST_PASSWORD,
): Promise<AuthHeaders> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  return { cookie: cookieHeader(res), 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
}

/** The `cookie` request header that echoes the cookies a response set. */
export function cookieHeader(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

export interface TestClient {
  readonly id: number;
  readonly keyId: string;
  readonly token: string;
  readonly actor: Actor;
  /** `authorization: Bearer <token>` */
  readonly headers: AuthHeaders;
}

/** Registers an API client (as the system actor) and returns its bearer headers. */
export async function createTestClient(
  rt: Runtime,
  spec: { role: Role; name?: string; rateLimit?: number } & Omit<TestScope, 'subjectId'>,
): Promise<TestClient> {
  counter += 1;
  const issued = await inTransaction(rt.db, (tx) =>
    createClient(
      tx,
      systemActor('test'),
      {
        name: spec.name ?? `test-client-${counter}`,
        role: spec.role,
        ...(spec.rateLimit === undefined ? {} : { rateLimit: spec.rateLimit }),
        ...(spec.providerId === undefined ? {} : { providerId: spec.providerId }),
        ...(spec.organization === undefined ? {} : { organization: spec.organization }),
        ...(spec.scenarios === undefined ? {} : { scenarios: spec.scenarios }),
      },
      rt.clock(),
    ),
  );
  return {
    id: issued.client.id,
    keyId: issued.client.keyId,
    token: issued.token,
    actor: {
      kind: 'client',
      id: issued.client.id,
      name: issued.client.name,
      role: spec.role,
      scope: issued.client.scope,
    },
    headers: { authorization: `Bearer ${issued.token}` },
  };
}

/**
 * One user per role, all scoped to the same provider / organisation / subject, for route tests and the
 * role × route matrix.
 */
export async function createRoleUsers(
  rt: Runtime,
  scope: { providerId: number; organization: string; subjectId: number; scenarios?: readonly string[] },
): Promise<Record<Role, TestUser>> {
  const users = {} as Record<Role, TestUser>;
  for (const role of ROLES) {
    users[role] = await createTestUser(rt, {
      role,
      ...(role === 'provider_operator' || role === 'provider_reviewer'
        ? { providerId: scope.providerId }
        : {}),
      ...(role === 'credit_user'
        ? { organization: scope.organization, scenarios: scope.scenarios ?? ['procurement'] }
        : {}),
      ...(role === 'subject_user' ? { subjectId: scope.subjectId } : {}),
    });
  }
  return users;
}

/** A made-up natural person: a checksum-valid resident id that belongs to nobody real, and a made-up name. */
export interface SyntheticPerson {
  readonly ric: string;
  readonly name: string;
}

const GIVEN = '甲乙丙丁戊己庚辛壬癸';

/**
 * `count` synthetic persons (海曙区 address code, birth dates 1960–1998, sequence numbers from `seed`), with
 * names like 测试甲乙 that never occur elsewhere in test data.
 */
export function syntheticPersons(count: number, seed = 0): SyntheticPerson[] {
  return Array.from({ length: count }, (_, k) => {
    const i = seed + k;
    const days = (i * 41) % 14_000; // births 1960 – 1998
    const birth = new Date(Date.UTC(1960, 0, 1) + days * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    const first17 = `330203${birth}${String(101 + (i % 899)).padStart(3, '0')}`;
    return {
      ric: `${first17}${computeRicCheck(first17)}`,
      name: `测试${GIVEN[i % 10]}${GIVEN[Math.floor(i / 10) % 10]}`,
    };
  });
}

/** A valid 行政处罚 (XZCF) row about a natural person, as a provider would push it. */
export function personPenaltyRow(person: SyntheticPerson, n: number): Record<string, string> {
  return {
    CF_WSH: `甬环罚〔2026〕${1000 + n}号`,
    CF_XDR_MC: person.name,
    CF_XDR_LB: '自然人',
    CF_XDR_ZJLX: '身份证',
    CF_XDR_ZJHM: person.ric,
    CF_WFXW: '违规倾倒建筑垃圾',
    CF_SY: '经查当事人违规倾倒建筑垃圾',
    CF_YJ: '《中华人民共和国固体废物污染环境防治法》第一百一十一条',
    CF_CFLB: '罚款',
    CF_NR: '罚款人民币2000元',
    CF_NR_FK: '0.2',
    CF_JDRQ: '2026-06-01',
    CF_CFJG: '宁波市生态环境局（示例）',
    CF_CFJGDM: '11330200MB1A000527',
    CF_SJLY: '宁波市生态环境局（示例）',
    CF_SJLYDM: '11330200MB1A000527',
  };
}

/**
 * Ingests one XZCF record per person through the collection pipeline (as the system actor, provider zj-nb-sthj by
 * default) and returns the batch and each person's subject id.
 */
export async function ingestPersons(
  rt: Runtime,
  persons: readonly SyntheticPerson[],
  provider = 'zj-nb-sthj',
): Promise<{ batchId: number; subjectIds: number[] }> {
  const summary = await ingestRows(
    rt,
    'XZCF',
    provider,
    persons.map((p, i) => personPenaltyRow(p, i)),
  );
  if (summary.inserted + summary.unchanged + summary.updated !== persons.length)
    throw new Error(`ingesting persons: ${JSON.stringify(summary)}`);
  const subjectIds: number[] = [];
  for (const p of persons) {
    const row = await rt.db
      .selectFrom('subject')
      .select('id')
      .where('ric_digest', '=', rt.protector.digest(p.ric))
      .executeTakeFirstOrThrow();
    subjectIds.push(row.id);
  }
  return { batchId: summary.batchId, subjectIds };
}
