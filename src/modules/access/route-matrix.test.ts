import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { HTTPMethods, LightMyRequestResponse } from 'fastify';
import {
  type AuthHeaders,
  createRoleUsers,
  createTestUser,
  ingestPersons,
  syntheticPersons,
  type TestUser,
  withoutRateLimits,
} from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import {
  createMatrixFixtures,
  type MatrixFixtures,
  ROUTE_ACCESS,
  type RouteAccess,
} from '../../../test/support/route-access.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { ROLES, type Role } from '../../platform/actor.js';
import type { App } from '../../platform/http/create-app.js';
import { registeredRoutes } from '../../platform/http/route-table.js';
import { XZCF } from '../catalog/national/xzcf.item.js';

type Principal = 'anonymous' | Role;
const PRINCIPALS: readonly Principal[] = ['anonymous', ...ROLES];

function allows(access: RouteAccess, principal: Principal): boolean {
  if (access.allow === 'public') return true;
  if (principal === 'anonymous') return false;
  return access.allow === 'signed_in' || access.allow.includes(principal);
}

/** The route's sample request; `params` replace the sample's path parameters. */
function requestOf(
  key: string,
  access: RouteAccess,
  f: MatrixFixtures,
  params: Readonly<Record<string, string>> = {},
) {
  const [method, path] = key.split(' ') as [HTTPMethods, string];
  const sample = access.sample?.(f) ?? {};
  const url = path.replace(/:([A-Za-z_]+)|\*/g, (m, name: string | undefined) => {
    const value = params[name ?? '*'] ?? sample.params?.[name ?? '*'];
    if (value === undefined) throw new Error(`${key}: the sample gives no value for path parameter ${m}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams(
    Object.entries(sample.query ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
  ).toString();
  return { method, url: query === '' ? url : `${url}?${query}`, body: sample.body };
}

const denied = (status: number) => status === 401 || status === 403;

/** A 400 from schema validation (not from a business rule): the sample never reached the handler. */
function invalidSample(res: LightMyRequestResponse): boolean {
  if (res.statusCode !== 400) return false;
  const errors = (res.json() as { errors?: { field?: string }[] }).errors ?? [];
  return errors.some((e) => /^(body|querystring|params|headers)\b/.test(e.field ?? ''));
}

/** Codes of XZCF fields that are not public (证件类型/号码, 简易程序 …): the public never receives them. */
const NON_PUBLIC_FIELDS = XZCF.fields
  .filter(
    (x) =>
      (x.disclosure ?? XZCF.disclosure) !== 'public' || x.personal === 'id_number' || x.personal === 'phone',
  )
  .map((x) => x.code);

/**
 * Plaintext personal data and secrets that no response may ever carry; for outsiders (`outsider` = true) also the
 * fixtures' id numbers and full names, and — unless the route describes schemas — any non-public field.
 */
function leaks(
  res: LightMyRequestResponse,
  f: MatrixFixtures,
  outsider: boolean,
  access?: RouteAccess,
): string[] {
  const body = res.body;
  const found: string[] = [];
  if (body.includes('sm4:')) found.push('field ciphertext (sm4:…)');
  if (body.includes('$argon2')) found.push('password hash');
  if (outsider) {
    for (const p of f.persons) {
      if (body.includes(p.ric)) found.push(`resident id ${p.ric.slice(0, 6)}…`);
      if (body.includes(p.name)) found.push(`full name of ${p.name.slice(0, 1)}…`);
    }
    if (access !== undefined && access.describesSchema !== true)
      for (const code of NON_PUBLIC_FIELDS)
        if (body.includes(`"${code}"`)) found.push(`non-public field ${code}`);
  }
  return found;
}

forEachEngine('role × route matrix', (s) => {
  let rt: TestRuntime;
  let app: App;
  let f: MatrixFixtures;
  let users: Record<Role, TestUser>;
  let foreign: Partial<Record<Role, TestUser>>;

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    app = await createTestApp(rt);
    f = await createMatrixFixtures(rt);
    users = await createRoleUsers(rt, {
      providerId: f.providerId,
      organization: f.organization,
      subjectId: f.subjectId,
    });
    foreign = {
      provider_operator: await createTestUser(rt, {
        role: 'provider_operator',
        providerId: f.otherProviderId,
      }),
      provider_reviewer: await createTestUser(rt, {
        role: 'provider_reviewer',
        providerId: f.otherProviderId,
      }),
      credit_user: await createTestUser(rt, { role: 'credit_user', organization: '另一家银行' }),
      subject_user: await createTestUser(rt, { role: 'subject_user', subjectId: f.otherSubjectId }),
    };
  });
  after(() => app.close());

  const headersOf = async (principal: Principal): Promise<AuthHeaders> =>
    principal === 'anonymous' ? {} : users[principal].headers();

  it('classifies every registered route, and every classified route exists', () => {
    const registered = new Set(
      registeredRoutes(app)
        .filter((r) => r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url}`),
    );
    const missing = [...registered].filter((k) => ROUTE_ACCESS[k] === undefined);
    const stale = Object.keys(ROUTE_ACCESS).filter((k) => !registered.has(k));
    assert.deepEqual(
      { missing, stale },
      { missing: [], stale: [] },
      'add every new route to test/support/route-access.ts (who may call it, a sample request); remove entries of removed routes',
    );
  });

  for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
    it(`${key}: ${typeof access.allow === 'string' ? access.allow : access.allow.join(', ')}`, async (t) => {
      if (!registeredRoutes(app).some((r) => `${r.method} ${r.url}` === key)) {
        t.skip('route not registered (reported by the classification test)');
        return;
      }
      const problems: string[] = [];
      for (const principal of PRINCIPALS) {
        const req = requestOf(key, access, f);
        const res = await app.inject({
          method: req.method,
          url: req.url,
          headers: await headersOf(principal),
          ...(req.body === undefined ? {} : { payload: req.body as Record<string, unknown> }),
        });
        const expected = allows(access, principal);
        // 503 is a deliberate answer (web app not built, calendar not published); other 5xx are bugs
        if ((res.statusCode >= 500 && res.statusCode !== 503) || res.statusCode === 429) {
          problems.push(`${principal}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        } else if (expected && denied(res.statusCode)) {
          problems.push(`${principal} should be allowed, got ${res.statusCode} ${res.body.slice(0, 200)}`);
        } else if (expected && invalidSample(res)) {
          problems.push(
            `${principal}: the sample request fails schema validation: ${res.body.slice(0, 300)}`,
          );
        } else if (!expected && !denied(res.statusCode)) {
          problems.push(
            `${principal} should get 401/403, got ${res.statusCode}${res.statusCode === 400 || res.statusCode === 404 ? ' (is the sample request valid?)' : ''} ${res.body.slice(0, 160)}`,
          );
        }
        for (const leak of leaks(res, f, principal === 'anonymous', access))
          problems.push(`${principal} received ${leak}`);
      }
      for (const axis of access.scoped ?? []) {
        const roles: Role[] =
          axis === 'provider'
            ? ['provider_operator', 'provider_reviewer']
            : axis === 'organization'
              ? ['credit_user']
              : ['subject_user'];
        for (const role of roles) {
          if (!allows(access, role)) continue;
          const outsider = foreign[role];
          if (outsider === undefined) continue;
          const req = requestOf(key, access, f);
          const res = await app.inject({
            method: req.method,
            url: req.url,
            headers: await outsider.headers(),
            ...(req.body === undefined ? {} : { payload: req.body as Record<string, unknown> }),
          });
          if (!denied(res.statusCode) && res.statusCode !== 404)
            problems.push(
              `${role} of another ${axis} should be denied, got ${res.statusCode} ${res.body.slice(0, 160)}`,
            );
          for (const leak of leaks(res, f, true, access))
            problems.push(`${role} of another ${axis} received ${leak}`);
        }
      }
      assert.deepEqual(problems, [], `${key}\n${problems.join('\n')}`);
    });
  }

  it('answers an integer path parameter beyond 2^53 − 1 with a 400 naming it, on every route that has one', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      const route = registeredRoutes(app).find((r) => `${r.method} ${r.url}` === key);
      const params = (route?.schema?.params ?? {}) as {
        properties?: Record<string, { type?: string }>;
      };
      const integers = Object.entries(params.properties ?? {})
        .filter(([, p]) => p.type === 'integer')
        .map(([name]) => name);
      if (integers.length === 0 || access.allow === 'public') continue;
      const principal: Principal | undefined =
        access.allow === 'signed_in' ? 'platform_admin' : access.allow[0];
      if (principal === undefined) continue;
      for (const name of integers) {
        // Number.MAX_SAFE_INTEGER + 2: a JavaScript number rounds it to …992
        const req = requestOf(key, access, f, { [name]: '9007199254740993' });
        const res = await app.inject({
          method: req.method,
          url: req.url,
          headers: await headersOf(principal),
          ...(req.body === undefined ? {} : { payload: req.body as Record<string, unknown> }),
        });
        checked += 1;
        const fields = res.statusCode === 400 ? (res.json() as { errors?: { field?: string }[] }).errors : [];
        if (!fields?.some((e) => e.field === `params.${name}`))
          problems.push(`${key} (${name}): ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    assert.ok(checked >= 10, `routes with an integer path parameter: ${checked}`);
    assert.deepEqual(problems, []);
  });

  it('never shows a natural person’s id number or full name to anyone without business with the subject', async () => {
    // the public, another provider's staff, another organisation's credit user, another subject's user
    const outsiders = Object.values(foreign).filter((u): u is TestUser => u !== undefined);
    const problems: string[] = [];
    for (const r of registeredRoutes(app)) {
      const key = `${r.method} ${r.url}`;
      const access = ROUTE_ACCESS[key];
      if (r.method !== 'GET' || access === undefined) continue;
      const req = requestOf(key, access, f);
      for (const u of [undefined, ...outsiders]) {
        const res = await app.inject({ url: req.url, headers: u === undefined ? {} : await u.headers() });
        for (const leak of leaks(res, f, true, access))
          problems.push(`${key} as ${u?.role ?? 'anonymous'}: ${leak}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it("keeps a provider operator away from another provider's batches and records", async () => {
    // fresh data of provider A, so earlier samples (corrections, revocations) do not matter
    const persons = syntheticPersons(2, 900);
    const { batchId } = await ingestPersons(rt, persons, f.providerCode);
    const record = await rt.db
      .selectFrom('record')
      .select(['id', 'version', 'status'])
      .where('batch_id', '=', batchId)
      .executeTakeFirstOrThrow();
    const fresh: MatrixFixtures = { ...f, batchId, recordId: record.id, persons };
    const before = await rt.db
      .selectFrom('record')
      .select('id')
      .where('provider_id', '=', f.providerId)
      .execute();
    for (const outsider of [foreign.provider_operator, foreign.provider_reviewer] as TestUser[]) {
      const checks: [HTTPMethods, string, unknown?][] = [
        ['GET', `/api/v1/batches/${batchId}`],
        ['GET', `/api/v1/batches/${batchId}/issues`],
        ['GET', `/api/v1/batches/${batchId}/issues.csv`],
        ['GET', `/api/v1/batches?provider=${f.providerCode}`],
        ['POST', '/api/v1/batches', { item: 'XZCF', provider: f.providerCode, rows: [{ CF_WSH: 'x' }] }],
      ];
      // and every registered route that reads or changes a record or batch of a provider (records routes too)
      for (const r of registeredRoutes(app)) {
        const key = `${r.method} ${r.url}`;
        const access = ROUTE_ACCESS[key];
        if (r.method === 'HEAD' || access?.scoped?.includes('provider') !== true) continue;
        const req = requestOf(key, access, fresh);
        checks.push([req.method, req.url, req.body]);
      }
      for (const [method, url, body] of checks) {
        const res = await app.inject({
          method,
          url,
          headers: await outsider.headers(),
          ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
        });
        assert.ok(
          [403, 404].includes(res.statusCode),
          `${outsider.role} ${method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
        assert.deepEqual(leaks(res, fresh, true), [], `${method} ${url}`);
      }
    }
    const after = await rt.db
      .selectFrom('record')
      .select('id')
      .where('provider_id', '=', f.providerId)
      .execute();
    assert.equal(after.length, before.length, 'no record of provider A was added or versioned');
    const unchanged = await rt.db
      .selectFrom('record')
      .select(['version', 'status', 'is_current'])
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(unchanged, { version: record.version, status: record.status, is_current: 1 });
    const own = await app.inject({
      url: `/api/v1/batches/${batchId}`,
      headers: await users.provider_operator.headers(),
    });
    assert.equal(own.statusCode, 200, 'the batch is readable by its own provider');
  });
});
