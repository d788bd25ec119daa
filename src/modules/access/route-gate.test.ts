import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import { createTestClient, createTestUser, type TestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { ROUTE_ACCESS } from '../../../test/support/route-access.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { type Actor, ANONYMOUS, ROLES, type Role } from '../../platform/actor.js';
import type { App } from '../../platform/http/create-app.js';
import { registeredRoutes } from '../../platform/http/route-table.js';
import { getProvider } from '../providers/provider.service.js';
import { allowedActions } from './policy.js';
import { gateKey, passGate, type RouteGate, routeGatePlugin, routeGates } from './route-gate.js';

const GATES = routeGates({ publicObjections: false });

/** A request to `key` with its path parameters filled in with plausible values. */
function urlOf(key: string): { method: HTTPMethods; url: string } {
  const [method, route] = key.split(' ') as [HTTPMethods, string];
  return { method, url: route.replace(/:([A-Za-z]+)/g, '1').replace('*', 'x') };
}

/** Whether one of `role`'s rules grants one of the gate's actions (somewhere). */
function roleMayPass(role: Role, gate: RouteGate): boolean {
  if (gate === 'public' || gate === 'signed_in') return true;
  const actions = allowedActions({ kind: 'user', id: 1, name: 'x', role, scope: {} });
  return gate.some((a) => actions.includes(a));
}

/**
 * Routes the matrix restricts for its sample but that anyone may call: a public-view report is read by whoever
 * holds its verification code, so the service decides once it has the report.
 */
const OPEN_WITH_A_CODE = new Set(['GET /api/v1/reports/:no', 'GET /api/v1/reports/:no.pdf']);

/** A body no route accepts: a JSON object with only an unknown, oversized, badly typed property. */
const BAD_BODY = JSON.stringify({ 'bogus\u00a0property': [1, { x: 'y'.repeat(2000) }] });

/** Headers and payload of a request with a bad body (JSON) or none (GET, DELETE). */
function badInput(method: HTTPMethods, auth: Record<string, string> = {}) {
  return method === 'GET' || method === 'DELETE'
    ? { headers: auth }
    : { headers: { ...auth, 'content-type': 'application/json' }, payload: BAD_BODY };
}

function multipart(fileName: string, content: string, fields: Record<string, string> = {}) {
  const boundary = 'gate-test-boundary';
  const parts = [
    ...Object.entries(fields).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    ),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`,
    `--${boundary}--\r\n`,
  ];
  return {
    payload: parts.join(''),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('route gates (pure)', () => {
  it('refuses the anonymous public with 401 and a role without any of the actions with 403', () => {
    assert.doesNotThrow(() => passGate(ANONYMOUS, 'public'));
    assert.throws(() => passGate(ANONYMOUS, 'signed_in'), { code: 'unauthenticated' });
    assert.throws(() => passGate(ANONYMOUS, ['batch.submit']), {
      code: 'unauthenticated',
      message: '请先登录再报送数据',
    });
    const regulator = { kind: 'user', id: 1, name: '监管', role: 'regulator', scope: {} } as const;
    assert.throws(() => passGate(regulator, ['batch.submit']), { code: 'forbidden' });
    const operator = { kind: 'user', id: 2, name: '操作员', role: 'provider_operator', scope: {} } as const;
    // the operator's rule is scoped to its own provider: the gate lets it pass, the service checks the scope
    assert.doesNotThrow(() => passGate(operator, ['batch.submit']));
  });

  it('gates a HEAD route as its GET', () => {
    assert.equal(gateKey('HEAD', '/api/v1/batches'), 'GET /api/v1/batches');
  });

  it('lets every role and the public through exactly where one of its rules grants one of the actions', () => {
    for (const [key, gate] of Object.entries(GATES)) {
      if (gate === 'public' || gate === 'signed_in') continue;
      const publicMay = gate.some((a) => allowedActions(ANONYMOUS).includes(a));
      assert.equal(!throwsFor(ANONYMOUS, gate), publicMay, `public ${key}`);
      for (const role of ROLES) {
        const actor = { kind: 'user', id: 1, name: 'x', role, scope: {} } as const;
        assert.equal(!throwsFor(actor, gate), roleMayPass(role, gate), `${role} ${key}`);
      }
    }
  });

  it('refuses to register an /api/v1 route that has no gate', async () => {
    const bare = Fastify();
    bare.decorateRequest('actor', null as never);
    await bare.register(fp(async () => {}, { name: 'xinyong-authentication' }));
    await bare.register(routeGatePlugin, { publicObjections: false });
    await assert.rejects(
      async () => {
        bare.get('/api/v1/not-in-the-table', async () => ({}));
        await bare.ready();
      },
      { message: /GET \/api\/v1\/not-in-the-table has no gate/ },
    );
    const other = Fastify();
    other.decorateRequest('actor', null as never);
    await other.register(fp(async () => {}, { name: 'xinyong-authentication' }));
    await other.register(routeGatePlugin, { publicObjections: false });
    other.get('/healthz-like', async () => ({}));
    other.get('/api/v1/batches', async () => ({}));
    await other.ready();
    await other.close();
  });
});

function throwsFor(actor: Actor, gate: RouteGate): boolean {
  try {
    passGate(actor, gate);
    return false;
  } catch {
    return true;
  }
}

forEachEngine('authorisation before anything else', (s) => {
  let rt: TestRuntime;
  let app: App;
  const users = {} as Record<Role, TestUser>;

  before(async () => {
    rt = await createTestRuntime({
      ...s.test,
      // high enough for the route sweep from one address, low enough to reach with a flood
      env: { ...s.test.env, XINYONG_RATE_LIMIT_PUBLIC: '1000', XINYONG_RATE_LIMIT_USER: '100000' },
    });
    app = await createTestApp(rt);
    const provider = await getProvider(rt.db, 'zj-nb-sthj');
    for (const role of ROLES)
      users[role] = await createTestUser(rt, {
        role,
        ...(role.startsWith('provider_') ? { providerId: provider.id } : {}),
        ...(role === 'credit_user' ? { organization: '门禁测试银行', scenarios: ['procurement'] } : {}),
      });
  });
  after(() => app.close());

  it('has a gate for every API route and a route for every gate', () => {
    const registered = new Set(
      registeredRoutes(app)
        .filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/v1/'))
        .map((r) => `${r.method} ${r.url}`),
    );
    const missing = [...registered].filter((k) => GATES[k] === undefined);
    const stale = Object.keys(GATES).filter((k) => !registered.has(k));
    assert.deepEqual(
      { missing, stale },
      { missing: [], stale: [] },
      'add each new API route to routeGates in src/modules/access/route-gate.ts',
    );
  });

  it('answers 401 to the anonymous public on every route not open to it, before reading a bad body', async () => {
    // the expectations come from the route-access matrix (test/support/route-access.ts), not from the gates
    const problems: string[] = [];
    let refused = 0;
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      if (access.allow === 'public' || !key.includes(' /api/v1/') || OPEN_WITH_A_CODE.has(key)) continue;
      const { method, url } = urlOf(key);
      const res = await app.inject({ method, url, ...badInput(method) });
      refused += 1;
      if (res.statusCode !== 401) problems.push(`${key}: ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(refused >= 60, `routes checked: ${refused}`);
  });

  it('answers 403 to a role none of whose rules grants the route, before reading a bad body', async () => {
    const problems: string[] = [];
    let refused = 0;
    for (const [key, gate] of Object.entries(GATES)) {
      const access = ROUTE_ACCESS[key];
      if (
        gate === 'public' ||
        gate === 'signed_in' ||
        access === undefined ||
        typeof access.allow === 'string'
      )
        continue;
      const { method, url } = urlOf(key);
      for (const role of ROLES.filter((r) => !roleMayPass(r, gate))) {
        assert.ok(!access.allow.includes(role), `${key}: the gate shuts out ${role}, whom the matrix allows`);
        const res = await app.inject({ method, url, ...badInput(method, await users[role].headers()) });
        refused += 1;
        if (res.statusCode !== 403)
          problems.push(`${role} ${key}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(refused >= 150, `refusals checked: ${refused}`);
  });

  it('refuses an anonymous or unentitled upload before a byte of it is written to disk', async () => {
    const upload = multipart('penalties.csv', 'CF_WSH,CF_XDR_MC\n甬罚〔2026〕1号,测试甲\n'.repeat(200), {
      item: 'XZCF',
      provider: 'zj-nb-sthj',
    });
    const uploads = path.join(rt.config.dataDir, 'uploads');
    fs.mkdirSync(uploads, { recursive: true });
    for (const [url, who, want] of [
      ['/api/v1/batches', 'anonymous', 401],
      ['/api/v1/batches', 'regulator', 403],
      ['/api/v1/batches', 'subject_user', 403],
      ['/api/v1/evidence', 'anonymous', 401],
    ] as const) {
      // every file created in data/uploads, even one removed again before the answer
      const created: string[] = [];
      const watcher = fs.watch(uploads, (_event, name) => created.push(String(name)));
      try {
        const res = await app.inject({
          method: 'POST',
          url,
          payload: upload.payload,
          headers: { ...upload.headers, ...(who === 'anonymous' ? {} : await users[who].headers()) },
        });
        assert.equal(res.statusCode, want, `${who} ${url}: ${res.body}`);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        watcher.close();
      }
      assert.deepEqual(created, [], `${who} ${url} wrote to data/uploads`);
      assert.deepEqual(fs.readdirSync(uploads), []);
    }
  });

  it('counts invalid bearer tokens and session cookies per address and refuses them past the allowance, never a valid credential from the same address', async () => {
    const flood = await createTestRuntime({
      ...s.test,
      env: { ...s.test.env, XINYONG_RATE_LIMIT_PUBLIC: '5' },
    });
    const floodApp = await createTestApp(flood);
    try {
      const client = await createTestClient(flood, { role: 'regulator' });
      const officer = await (await createTestUser(flood, { role: 'regulator' })).headers();
      const badKey = (i: number) => ({ authorization: `Bearer xyk_${'0'.repeat(15)}${i}.${'A'.repeat(43)}` });
      const from = (remoteAddress: string, headers: Record<string, string>, url = '/api/v1/checks/stats') =>
        floodApp.inject({ url, remoteAddress, headers });

      const statuses: number[] = [];
      for (let i = 0; i < 8; i += 1)
        statuses.push((await from('203.0.113.7', badKey(i), '/api/v1/dashboard/overview')).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429]);
      const limited = await from('203.0.113.7', { cookie: 'xinyong_session=bogus' });
      assert.equal(limited.statusCode, 429, 'a bogus cookie from the same address is refused too');
      assert.equal(limited.json().code, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      const wellFormed = await from('203.0.113.7', { cookie: `xinyong_session=${'B'.repeat(43)}` });
      assert.equal(wellFormed.statusCode, 429, 'a well-formed unknown session token too');

      // a valid API client and a signed-in user behind the flooding address are never refused by the throttle,
      // before, between and after further failures
      for (let round = 0; round < 3; round += 1) {
        const asClient = await from('203.0.113.7', client.headers);
        assert.equal(asClient.statusCode, 200, `client, round ${round}: ${asClient.body}`);
        const asUser = await from('203.0.113.7', officer);
        assert.equal(asUser.statusCode, 200, `session, round ${round}: ${asUser.body}`);
        const stillLimited = await from('203.0.113.7', badKey(100 + round));
        assert.equal(stillLimited.statusCode, 429, `the flood stays limited, round ${round}`);
      }

      // bogus cookies from another address are counted there
      const cookies: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const res = await floodApp.inject({
          url: '/api/v1/session/password',
          method: 'POST',
          remoteAddress: '203.0.113.8',
          headers: { cookie: `xinyong_session=bogus-${i}` },
          payload: { currentPassword: 'x', newPassword: 'y' },
        });
        cookies.push(res.statusCode);
      }
      assert.deepEqual(cookies, [401, 401, 401, 401, 401, 429, 429]);
      // a valid client from a third address is not affected
      const ok = await from('203.0.113.9', client.headers);
      assert.equal(ok.statusCode, 200, ok.body);
    } finally {
      await floodApp.close();
    }
  });

  it('counts refused requests against the rate limit (the gate runs after it)', async () => {
    const limited = await createTestRuntime({
      ...s.test,
      env: { ...s.test.env, XINYONG_RATE_LIMIT_PUBLIC: '3' },
    });
    const limitedApp = await createTestApp(limited);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await limitedApp.inject({
          method: 'POST',
          url: '/api/v1/users',
          remoteAddress: '198.51.100.4',
          payload: BAD_BODY,
          headers: { 'content-type': 'application/json' },
        });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    } finally {
      await limitedApp.close();
    }
  });
});
