import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  cookieHeader,
  createTestUser,
  signInHeaders,
  TEST_PASSWORD,
  withoutRateLimits,
} from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { loadConfig } from '../../platform/config.js';
import type { App } from '../../platform/http/create-app.js';
import { sessionCookieName } from './session.service.js';

forEachEngine('sign-in sessions', (s) => {
  let rt: TestRuntime;
  let app: App;
  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    app = await createTestApp(rt);
  });
  after(() => app.close());

  it('signs in with an httpOnly SameSite cookie, stores only a hash and reports the actor', async () => {
    rt.setNow(null);
    const user = await createTestUser(rt, { role: 'platform_admin', username: 'Alice.Admin' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: ' ALICE.admin ', password: TEST_PASSWORD },
    });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === 'xinyong_session');
    assert.ok(cookie !== undefined);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.secure, undefined, 'not Secure over plain http');
    const body = res.json();
    assert.equal(body.authenticated, true);
    assert.equal(body.user.username, 'alice.admin');
    assert.match(body.csrfToken, /^[0-9a-f]{64}$/);
    assert.ok(body.allowedActions.includes('user.manage'));
    assert.equal(body.user.password_hash, undefined);
    const rows = await rt.db
      .selectFrom('user_session')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    assert.ok(rows.length >= 1 && rows.every((r) => r.token_hash !== cookie.value));

    const me = await app.inject({ url: '/api/v1/session', headers: { cookie: cookieHeader(res) } });
    assert.equal(me.json().user.id, user.id);
    assert.equal(me.json().csrfToken, body.csrfToken);
    assert.equal(me.headers['cache-control'], 'no-store');
  });

  it('uses a Secure __Host- cookie when the public URL is https', () => {
    const c = loadConfig({ XINYONG_PUBLIC_URL: 'https://credit.example.gov.cn' });
    assert.equal(sessionCookieName(c.publicUrl), '__Host-xinyong_session');
  });

  it('answers a wrong password or an unknown user the same way, with a 401 problem', async () => {
    await createTestUser(rt, { role: 'regulator', username: 'bob' });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'bob', password: 'Wrong-口令-2026-xx!' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'nobody', password: 'Wrong-口令-2026-xx!' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().detail, unknown.json().detail);
    assert.match(String(wrong.headers['content-type']), /problem\+json/);
  });

  it('requires the CSRF token for state-changing requests made with the cookie', async () => {
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const h = await admin.headers();
    const payload = { username: 'csrf-victim', displayName: 'x', role: 'regulator', password: TEST_PASSWORD };
    const without = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: h.cookie ?? '' },
      payload,
    });
    assert.equal(without.statusCode, 403);
    assert.match(without.json().detail, /CSRF/);
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: h.cookie ?? '', 'x-csrf-token': 'f'.repeat(64) },
      payload,
    });
    assert.equal(forged.statusCode, 403);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/users', headers: h, payload });
    assert.equal(ok.statusCode, 201, ok.body);
    const read = await app.inject({ url: '/api/v1/users', headers: { cookie: h.cookie ?? '' } });
    assert.equal(read.statusCode, 200, 'safe methods need no CSRF token');
  });

  it('rejects an invalid or ended session with 401 and clears the cookie, never as anonymous', async () => {
    const name = sessionCookieName(rt.config.publicUrl);
    const bogus = await app.inject({
      url: '/api/v1/catalog',
      headers: { cookie: `${name}=${'A'.repeat(43)}` },
    });
    assert.equal(bogus.statusCode, 401);
    assert.ok(bogus.cookies.some((c) => c.name === name && c.value === ''));
    // sign-in itself tolerates a stale cookie
    await createTestUser(rt, { role: 'regulator', username: 'carol' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { cookie: `${name}=${'A'.repeat(43)}` },
      payload: { username: 'carol', password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200);
    // and a signed-in browser may sign in again (as someone else) without a CSRF token
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { cookie: cookieHeader(login) },
      payload: { username: 'carol', password: TEST_PASSWORD },
    });
    assert.equal(again.statusCode, 200);
  });

  it('ends a session after the idle timeout and after the absolute lifetime', async () => {
    rt.setNow('2026-12-01T00:00:00.000Z');
    const user = await createTestUser(rt, { role: 'regulator' });
    const h = await user.headers();
    const idle = rt.config.security.sessionIdleMinutes;
    rt.setNow(new Date(Date.parse('2026-12-01T00:00:00.000Z') + (idle - 1) * 60_000).toISOString());
    assert.equal((await app.inject({ url: '/api/v1/session', headers: h })).json().authenticated, true);
    // activity moved last_seen forward: another idle-1 minutes later it still lives
    rt.setNow(new Date(Date.parse('2026-12-01T00:00:00.000Z') + (2 * idle - 2) * 60_000).toISOString());
    assert.equal((await app.inject({ url: '/api/v1/session', headers: h })).statusCode, 200);
    rt.setNow(new Date(Date.parse('2026-12-01T00:00:00.000Z') + 3 * idle * 60_000).toISOString());
    assert.equal((await app.inject({ url: '/api/v1/session', headers: h })).statusCode, 401, 'idle too long');

    rt.setNow('2026-12-02T00:00:00.000Z');
    const h2 = await user.headers();
    const hours = rt.config.security.sessionMaxHours;
    for (let m = idle / 2; m < hours * 60; m += idle / 2) {
      rt.setNow(new Date(Date.parse('2026-12-02T00:00:00.000Z') + m * 60_000).toISOString());
      const r = await app.inject({ url: '/api/v1/session', headers: h2 });
      assert.equal(r.statusCode, 200, `alive at minute ${m}`);
    }
    rt.setNow(new Date(Date.parse('2026-12-02T00:00:00.000Z') + hours * 3600_000 + 1000).toISOString());
    assert.equal((await app.inject({ url: '/api/v1/session', headers: h2 })).statusCode, 401, 'absolute end');
    rt.setNow(null);
  });

  it('signs out: the session stops working and the event is audited', async () => {
    const user = await createTestUser(rt, { role: 'regulator' });
    const h = await signInHeaders(app, user.username);
    const out = await app.inject({ method: 'DELETE', url: '/api/v1/session', headers: h });
    assert.equal(out.statusCode, 204);
    assert.equal((await app.inject({ url: '/api/v1/session', headers: h })).statusCode, 401);
    const events = await rt.db
      .selectFrom('audit_event')
      .select('action')
      .where('actor', '=', `user:${user.id}`)
      .execute();
    assert.deepEqual(
      events.map((e) => e.action),
      ['session.created', 'session.revoked'],
    );
  });

  it('disabling a user ends its sessions at once and blocks sign-in', async () => {
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const user = await createTestUser(rt, { role: 'regulator' });
    const h = await user.headers();
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/disable`,
      headers: await admin.headers(),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'disabled');
    assert.equal((await app.inject({ url: '/api/v1/session', headers: h })).statusCode, 401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 401);
  });

  it('changes one’s own password: wrong current password refused, weak new one refused, other sessions end', async () => {
    const user = await createTestUser(rt, { role: 'regulator' });
    const other = await user.headers();
    const h = await user.headers();
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: h,
      payload: { currentPassword: 'nope', newPassword: 'Neu-口令-2027-Secure!' },
    });
    assert.equal(wrong.statusCode, 400);
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: h,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'password1234' },
    });
    assert.equal(weak.statusCode, 400);
    assert.ok(weak.json().errors.some((e: { code: string }) => e.code === 'common'));
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: h,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Neu-口令-2027-Secure!' },
    });
    assert.equal(ok.statusCode, 204, ok.body);
    assert.equal(
      (await app.inject({ url: '/api/v1/session', headers: h })).statusCode,
      200,
      'this session lives',
    );
    assert.equal(
      (await app.inject({ url: '/api/v1/session', headers: other })).statusCode,
      401,
      'others end',
    );
    await signInHeaders(app, user.username, 'Neu-口令-2027-Secure!');
  });

  it('throttles sign-in per user name with a 429 problem and Retry-After, and lifts it after the window', async () => {
    rt.setNow('2026-12-05T08:00:00.000Z');
    const user = await createTestUser(rt, { role: 'regulator' });
    const attempt = (password: string, ip = '10.0.0.1') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: ip,
        payload: { username: user.username, password },
      });
    const max = rt.config.security.loginMaxFailures;
    for (let i = 0; i < max; i++) assert.equal((await attempt('Wrong-口令-2026-xx!')).statusCode, 401);
    const blocked = await attempt(TEST_PASSWORD);
    assert.equal(blocked.statusCode, 429, 'even the right password waits');
    assert.equal(blocked.json().code, 'rate_limited');
    const retry = Number(blocked.headers['retry-after']);
    assert.ok(retry > 0 && retry <= 15 * 60, `retry-after ${retry}`);
    assert.equal(blocked.json().retryAfter, retry);
    rt.setNow(new Date(Date.parse('2026-12-05T08:00:00.000Z') + retry * 1000 + 1000).toISOString());
    assert.equal((await attempt(TEST_PASSWORD)).statusCode, 200);
    rt.setNow(null);
  });

  it('does not let a stranger lock a user out from one address, but stops guessing spread over many', async () => {
    rt.setNow('2026-12-07T08:00:00.000Z');
    const user = await createTestUser(rt, { role: 'platform_admin' });
    const attempt = (password: string, ip: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: ip,
        payload: { username: user.username, password },
      });
    const max = rt.config.security.loginMaxFailures;
    for (let i = 0; i < max; i++)
      assert.equal((await attempt('Wrong-口令-2026-xx!', '203.0.113.9')).statusCode, 401);
    assert.equal((await attempt(TEST_PASSWORD, '203.0.113.9')).statusCode, 429, 'the guessing address waits');
    assert.equal((await attempt(TEST_PASSWORD, '10.1.1.1')).statusCode, 200, 'the user, elsewhere, signs in');

    for (let i = 0; i < max * 10; i++)
      assert.equal((await attempt('Wrong-口令-2026-xx!', `198.51.100.${i}`)).statusCode, 401);
    assert.equal((await attempt(TEST_PASSWORD, '10.1.1.1')).statusCode, 429, 'many addresses lock the name');
    rt.setNow(null);
  });

  it('throttles sign-in per IP address across user names', async () => {
    rt.setNow('2026-12-06T08:00:00.000Z');
    const max = rt.config.security.loginMaxFailures * 4;
    for (let i = 0; i < max; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: '10.9.9.9',
        payload: { username: `guess-${i}`, password: 'Wrong-口令-2026-xx!' },
      });
      assert.equal(r.statusCode, 401);
    }
    const user = await createTestUser(rt, { role: 'regulator' });
    const blocked = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: '10.9.9.9',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    assert.equal(blocked.statusCode, 429);
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: '10.9.9.10',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    assert.equal(elsewhere.statusCode, 200);
    rt.setNow(null);
  });
});
