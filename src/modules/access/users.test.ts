import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  createTestUser,
  ingestPersons,
  signInHeaders,
  syntheticPersons,
  TEST_PASSWORD,
  withoutRateLimits,
} from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/create-app.js';
import { getProvider } from '../providers/provider.service.js';
import { passwordProblems } from './password.js';
import { setUserStatus, updateUser } from './user.service.js';

it('refuses weak passwords with reasons', () => {
  assert.deepEqual(passwordProblems('Test-口令-2026-Secure!', 'alice'), []);
  const codes = (p: string, u = 'alice') => passwordProblems(p, u).map((x) => x.code);
  assert.ok(codes('short1A!').includes('too_short'));
  assert.ok(codes('alllowercaseletters').includes('too_simple'));
  assert.ok(codes('Alice-2026-Secure!').includes('contains_username'));
  assert.ok(codes('MyPassword-2026!').includes('common'));
  assert.ok(codes('Xinyong-Admin-1!').includes('common'));
  assert.ok(codes('aaaaaaaaaaaaaaaa').includes('repeated'));
});

forEachEngine('users and subject bindings', (s) => {
  let rt: TestRuntime;
  let app: App;
  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    app = await createTestApp(rt);
  });
  after(() => app.close());

  it('creates users with a role and a scope that fits it; never shows the password hash', async () => {
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const h = await admin.headers();
    const providerId = (await getProvider(rt.db, 'zj-nb-sthj')).id;
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/v1/users', headers: h, payload });
    const op = await post({
      username: 'sthj.operator',
      displayName: '生态环境局报送员',
      role: 'provider_operator',
      providerId,
      password: TEST_PASSWORD,
    });
    assert.equal(op.statusCode, 201, op.body);
    assert.deepEqual(op.json().scope, { providerId });
    assert.ok(!op.body.includes('argon2'));
    assert.equal(
      (
        await post({
          username: 'sthj.operator',
          displayName: 'x',
          role: 'regulator',
          password: TEST_PASSWORD,
        })
      ).statusCode,
      409,
    );
    const noProvider = await post({
      username: 'op2',
      displayName: 'x',
      role: 'provider_operator',
      password: TEST_PASSWORD,
    });
    assert.equal(noProvider.statusCode, 400);
    assert.ok(noProvider.json().errors.some((e: { field: string }) => e.field === 'providerId'));
    const wrongScope = await post({
      username: 'reg2',
      displayName: 'x',
      role: 'regulator',
      organization: 'x',
      password: TEST_PASSWORD,
    });
    assert.equal(wrongScope.statusCode, 400);
    const weak = await post({ username: 'weak', displayName: 'x', role: 'regulator', password: 'password' });
    assert.equal(weak.statusCode, 400);
    const unknownScenario = await post({
      username: 'buyer',
      displayName: '采购中心',
      role: 'credit_user',
      organization: '宁波市政府采购中心',
      scenarios: ['procurement', 'government_procurement'],
      password: TEST_PASSWORD,
    });
    assert.equal(unknownScenario.statusCode, 400);
    assert.deepEqual(
      unknownScenario.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      [['scenarios', 'unknown']],
    );
    assert.match(unknownScenario.json().detail, /业务场景 government_procurement 不存在/);
    const credit = await post({
      username: 'buyer',
      displayName: '采购中心',
      role: 'credit_user',
      organization: '宁波市政府采购中心',
      scenarios: ['procurement'],
      password: TEST_PASSWORD,
    });
    assert.equal(credit.statusCode, 201, credit.body);
    await signInHeaders(app, 'buyer');
    const list = await app.inject({ url: '/api/v1/users?role=credit_user', headers: h });
    assert.deepEqual(
      list.json().map((u: { username: string }) => u.username),
      ['buyer'],
    );
    const audit = await rt.db
      .selectFrom('audit_event')
      .select(['action', 'payload'])
      .where('action', '=', 'user.created')
      .execute();
    assert.ok(audit.length >= 2);
    assert.ok(audit.every((a) => !a.payload.includes(TEST_PASSWORD) && !a.payload.includes('argon2')));
  });

  it('keeps the last active administrator and refuses self-disabling', async () => {
    const system = systemActor('test');
    await createTestUser(rt, { role: 'platform_admin' });
    const admins = await rt.db
      .selectFrom('app_user')
      .select('id')
      .where('role', '=', 'platform_admin')
      .orderBy('id')
      .execute();
    for (const a of admins.slice(1))
      await inTransaction(rt.db, (tx) => setUserStatus(tx, system, a.id, 'disabled', new Date()));
    const last = admins[0]?.id as number;
    const isConflict = (e: unknown) => e instanceof AppError && e.code === 'conflict';
    await assert.rejects(
      inTransaction(rt.db, (tx) => setUserStatus(tx, system, last, 'disabled', new Date())),
      isConflict,
    );
    await assert.rejects(
      inTransaction(rt.db, (tx) => updateUser(tx, system, last, { role: 'regulator' }, new Date())),
      isConflict,
    );
    const second = await createTestUser(rt, { role: 'platform_admin' });
    const self = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${second.id}/disable`,
      headers: await second.headers(),
    });
    assert.equal(self.statusCode, 409);
  });

  it('binds a subject user to its subject only after an administrator approves', async () => {
    const { subjectIds } = await ingestPersons(rt, syntheticPersons(2, 40));
    const [mine, other] = subjectIds as [number, number];
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const person = await createTestUser(rt, { role: 'subject_user' });
    const h = await person.headers();
    const beforeBinding = await app.inject({ url: '/api/v1/access-log', headers: h });
    assert.equal(beforeBinding.statusCode, 403, 'no subject yet');
    const req = await app.inject({
      method: 'POST',
      url: '/api/v1/subject-bindings',
      headers: h,
      payload: { subjectId: mine, evidence: '身份证核验记录 HY-2026-0042' },
    });
    assert.equal(req.statusCode, 201, req.body);
    assert.equal(req.json().status, 'pending');
    assert.match(req.json().subject.name, /^测\*+$/, 'a natural person is shown masked');
    const twice = await app.inject({
      method: 'POST',
      url: '/api/v1/subject-bindings',
      headers: h,
      payload: { subjectId: other, evidence: 'x' },
    });
    assert.equal(twice.statusCode, 409);
    const mineOnly = await app.inject({ url: '/api/v1/subject-bindings', headers: h });
    assert.equal(mineOnly.json().length, 1);
    const approve = await app.inject({
      method: 'POST',
      url: `/api/v1/subject-bindings/${req.json().id}/approve`,
      headers: await admin.headers(),
      payload: { note: '材料齐全' },
    });
    assert.equal(approve.statusCode, 200, approve.body);
    const me = await app.inject({ url: '/api/v1/session', headers: h });
    assert.deepEqual(me.json().scope, { subjectId: mine });
    assert.equal((await app.inject({ url: '/api/v1/access-log', headers: h })).statusCode, 200);
    assert.equal(
      (await app.inject({ url: `/api/v1/access-log?subjectId=${other}`, headers: h })).statusCode,
      403,
    );
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/subject-bindings/${req.json().id}/reject`,
      headers: await admin.headers(),
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'illegal_transition');
    const unbind = await app.inject({
      method: 'POST',
      url: `/api/v1/subject-bindings/${req.json().id}/revoke`,
      headers: await admin.headers(),
    });
    assert.equal(unbind.statusCode, 200);
    assert.deepEqual((await app.inject({ url: '/api/v1/session', headers: h })).json().scope, {});
  });
});
