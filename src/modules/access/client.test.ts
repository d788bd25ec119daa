import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  createTestClient,
  createTestUser,
  personPenaltyRow,
  syntheticPersons,
} from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from '../../platform/http/create-app.js';
import { getProvider } from '../providers/provider.service.js';

forEachEngine('API clients', (s) => {
  let rt: TestRuntime;
  let app: App;
  let providerId: number;
  before(async () => {
    // rate limits stay on here: the per-client limit is under test
    rt = await createTestRuntime(s.test);
    app = await createTestApp(rt);
    providerId = (await getProvider(rt.db, 'zj-nb-sthj')).id;
  });
  after(() => app.close());

  it('creates a client over HTTP, shows the token once and keeps only its hash', async () => {
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: await admin.headers(),
      payload: { name: '宁波市生态环境局数据交换', role: 'provider_operator', providerId },
    });
    assert.equal(res.statusCode, 201, res.body);
    const { client, token } = res.json();
    assert.match(token, /^xyk_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const secret = token.split('.')[1];
    const row = await rt.db
      .selectFrom('api_client')
      .selectAll()
      .where('id', '=', client.id)
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(secret));
    const shown = await app.inject({ url: `/api/v1/clients/${client.id}`, headers: await admin.headers() });
    assert.ok(!shown.body.includes(secret));
    assert.equal(shown.json().keyId, client.keyId);

    const me = await app.inject({ url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(
      { kind: me.json().kind, role: me.json().role, scope: me.json().scope },
      { kind: 'client', role: 'provider_operator', scope: { providerId } },
    );
    assert.equal(me.json().csrfToken, null);
  });

  it('lets a provider system push a batch with its bearer token, no CSRF token needed', async () => {
    const c = await createTestClient(rt, { role: 'provider_operator', providerId });
    const [person] = syntheticPersons(1, 300);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: c.headers,
      payload: { item: 'XZCF', provider: 'zj-nb-sthj', rows: [personPenaltyRow(person as never, 1)] },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().createdBy, `client:${c.id}`);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: c.headers,
      payload: { item: 'XZCF', provider: 'zj-nb-amr', rows: [personPenaltyRow(person as never, 2)] },
    });
    assert.equal(other.statusCode, 403, "another provider's data");
  });

  it('answers wrong, malformed and revoked credentials with 401 and WWW-Authenticate', async () => {
    const c = await createTestClient(rt, { role: 'credit_user', organization: '某银行' });
    const wrongSecret = `${c.keyId}.${'B'.repeat(43)}`;
    for (const authorization of [
      `Bearer ${wrongSecret}`,
      'Basic dXNlcjpwYXNz',
      'Bearer',
      `Bearer xyk_0000000000000000.${'A'.repeat(43)}`,
    ]) {
      const res = await app.inject({ url: '/api/v1/catalog', headers: { authorization } });
      assert.equal(res.statusCode, 401, authorization);
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
      assert.equal(res.json().code, 'unauthenticated');
    }
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const revoked = await app.inject({
      method: 'POST',
      url: `/api/v1/clients/${c.id}/revoke`,
      headers: await admin.headers(),
    });
    assert.equal(revoked.json().status, 'revoked');
    assert.equal((await app.inject({ url: '/api/v1/catalog', headers: c.headers })).statusCode, 401);
  });

  it('rotates: the new secret works, the old one only during the overlap; overlap 0 revokes it at once', async () => {
    rt.setNow('2026-12-10T00:00:00.000Z');
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const c = await createTestClient(rt, { role: 'regulator' });
    const rotated = await app.inject({
      method: 'POST',
      url: `/api/v1/clients/${c.id}/rotate`,
      headers: await admin.headers(),
      payload: { overlapMinutes: 30 },
    });
    assert.equal(rotated.statusCode, 200, rotated.body);
    const fresh = { authorization: `Bearer ${rotated.json().token}` };
    assert.equal(rotated.json().client.keyId, c.keyId);
    assert.equal((await app.inject({ url: '/api/v1/session', headers: fresh })).statusCode, 200);
    assert.equal(
      (await app.inject({ url: '/api/v1/session', headers: c.headers })).statusCode,
      200,
      'old, in overlap',
    );
    rt.setNow('2026-12-10T00:31:00.000Z');
    assert.equal(
      (await app.inject({ url: '/api/v1/session', headers: c.headers })).statusCode,
      401,
      'old, after',
    );
    assert.equal((await app.inject({ url: '/api/v1/session', headers: fresh })).statusCode, 200);

    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/clients/${c.id}/rotate`,
      headers: await admin.headers(),
      payload: { overlapMinutes: 0 },
    });
    assert.equal((await app.inject({ url: '/api/v1/session', headers: fresh })).statusCode, 401, 'overlap 0');
    assert.equal(
      (
        await app.inject({
          url: '/api/v1/session',
          headers: { authorization: `Bearer ${again.json().token}` },
        })
      ).statusCode,
      200,
    );
    const actions = await rt.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_type', '=', 'api_client')
      .where('entity_id', '=', String(c.id))
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      ['client.created', 'client.rotated', 'client.rotated'],
    );
    rt.setNow(null);
  });

  it('limits each client to its own rate, keyed by client, with a 429 problem', async () => {
    const slow = await createTestClient(rt, { role: 'regulator', rateLimit: 3 });
    const other = await createTestClient(rt, { role: 'regulator', rateLimit: 3 });
    for (let i = 0; i < 3; i++)
      assert.equal((await app.inject({ url: '/api/v1/catalog', headers: slow.headers })).statusCode, 200);
    const limited = await app.inject({ url: '/api/v1/catalog', headers: slow.headers });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal(
      (await app.inject({ url: '/api/v1/catalog', headers: other.headers })).statusCode,
      200,
      'per client',
    );
  });

  it('refuses administrator and subject-user roles for machine clients', async () => {
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    for (const role of ['platform_admin', 'subject_user']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/clients',
        headers: await admin.headers(),
        payload: { name: 'x', role },
      });
      assert.equal(res.statusCode, 400, role);
    }
  });
});
