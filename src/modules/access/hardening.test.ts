import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestUser, TEST_PASSWORD } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from '../../platform/http/create-app.js';
import { registeredRoutes } from '../../platform/http/route-table.js';
import { multipartOptions, UPLOAD_LIMITS } from '../../platform/http/upload-limits.js';

/**
 * JSON-pointer-ish paths of object schemas in `schema` that accept unknown properties. An object
 * that says `additionalProperties: true` outright is listed with a leading `!` so the test can
 * hold deliberate exceptions to a fixed list while catching forgotten ones.
 */
function looseObjects(schema: unknown, at: string): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const out: string[] = [];
  if (s.content !== undefined && typeof s.content === 'object' && s.content !== null) {
    for (const [media, entry] of Object.entries(s.content as Record<string, { schema?: unknown }>))
      out.push(...looseObjects(entry.schema, `${at}[${media}]`));
    return out;
  }
  const isObject = s.type === 'object' || s.properties !== undefined;
  if (isObject && s.additionalProperties !== false && s.patternProperties === undefined)
    out.push(s.additionalProperties === true ? `!${at}` : at);
  for (const [name, sub] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
    out.push(...looseObjects(sub, `${at}.${name}`));
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf'] as const) {
    const sub = s[key];
    if (Array.isArray(sub)) {
      for (const [i, x] of sub.entries()) out.push(...looseObjects(x, `${at}.${key}[${i}]`));
    } else if (sub !== undefined) out.push(...looseObjects(sub, `${at}.${key}`));
  }
  return out;
}

forEachEngine('HTTP hardening', (s) => {
  let rt: TestRuntime;
  let app: App;
  before(async () => {
    rt = await createTestRuntime({
      ...s.test,
      env: { ...s.test.env, XINYONG_RATE_LIMIT_PUBLIC: '8', XINYONG_RATE_LIMIT_LOGIN: '3' },
    });
    app = await createTestApp(rt);
  });
  after(() => app.close());

  it('declares additionalProperties: false on every body, querystring and params object of every route', () => {
    const loose: string[] = [];
    let checked = 0;
    for (const r of registeredRoutes(app)) {
      if (r.method === 'HEAD' || r.schema === undefined) continue;
      for (const part of ['body', 'querystring', 'params'] as const) {
        const schema = (r.schema as Record<string, unknown>)[part];
        if (schema !== undefined) checked += 1;
        for (const p of looseObjects(schema, part)) loose.push(`${r.method} ${r.url} ${p}`);
      }
    }
    // The one deliberate exception: a receipt someone holds is compared byte for byte with the
    // archive, so extra fields must reach the comparison (and make it fail), not be refused.
    assert.deepEqual(loose, ['POST /api/v1/checks/verify !body.payload']);
    assert.ok(checked > 30, `checked ${checked} request schemas`);
    assert.deepEqual(
      looseObjects(
        {
          type: 'object',
          properties: { a: { type: 'object', properties: {} } },
          additionalProperties: false,
        },
        'body',
      ),
      ['body.a'],
    );
  });

  it('sends security headers; CSP allows only same-origin scripts and styles; no HSTS over http', async () => {
    const res = await app.inject('/api/v1/catalog');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['strict-transport-security'], undefined);
    const docs = await app.inject('/api/docs/');
    assert.equal(docs.statusCode, 200);
    const docsCsp = String(docs.headers['content-security-policy']);
    assert.match(docsCsp, /script-src 'self'/);
    // Swagger UI sets inline styles; a plain-http deployment must not be told to fetch its scripts over https
    assert.match(docsCsp, /style-src 'self' 'unsafe-inline'(;|$)/);
    assert.doesNotMatch(docsCsp, /upgrade-insecure-requests/);
    const initializer = await app.inject('/api/docs/static/swagger-initializer.js');
    assert.equal(initializer.statusCode, 200);
  });

  it('sends HSTS, upgrade-insecure-requests and Secure cookies when the public URL is https', async () => {
    const secure = await createTestRuntime({
      ...s.test,
      env: {
        ...s.test.env,
        XINYONG_PUBLIC_URL: 'https://credit.example.gov.cn',
        XINYONG_RATE_LIMITS: 'false',
      },
    });
    const httpsApp = await createTestApp(secure);
    try {
      const res = await httpsApp.inject('/api/v1/catalog');
      assert.match(String(res.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/);
      assert.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/);
      const docs = await httpsApp.inject('/api/docs/');
      assert.match(String(docs.headers['content-security-policy']), /upgrade-insecure-requests/);
      const user = await createTestUser(secure, { role: 'regulator' });
      const login = await httpsApp.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: user.username, password: TEST_PASSWORD },
      });
      const cookie = login.cookies.find((c) => c.name === '__Host-xinyong_session');
      assert.equal(cookie?.secure, true);
      assert.equal(cookie?.httpOnly, true);
    } finally {
      await httpsApp.close();
    }
  });

  it('rate-limits anonymous callers per IP with a 429 problem and Retry-After; health probes are exempt', async () => {
    const ip = '192.0.2.10';
    for (let i = 0; i < 8; i++)
      assert.equal(
        (await app.inject({ url: '/api/v1/catalog', remoteAddress: ip })).statusCode,
        200,
        `request ${i}`,
      );
    const limited = await app.inject({ url: '/api/v1/catalog/XZCF', remoteAddress: ip });
    assert.equal(limited.statusCode, 429);
    assert.match(String(limited.headers['content-type']), /problem\+json/);
    assert.equal(limited.json().code, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await app.inject({ url: '/healthz', remoteAddress: ip })).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/v1/catalog', remoteAddress: '192.0.2.11' })).statusCode, 200);
    // a signed-in user has its own, higher budget
    const user = await createTestUser(rt, { role: 'regulator' });
    const mine = await app.inject({
      url: '/api/v1/catalog',
      remoteAddress: ip,
      headers: await user.headers(),
    });
    assert.equal(mine.statusCode, 200);
  });

  it('rate-limits sign-in attempts per IP', async () => {
    const user = await createTestUser(rt, { role: 'regulator' });
    const ip = '192.0.2.20';
    const login = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/session',
        remoteAddress: ip,
        payload: { username: user.username, password: TEST_PASSWORD },
      });
    for (let i = 0; i < 3; i++) assert.equal((await login()).statusCode, 200);
    const limited = await login();
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });

  it('limits JSON bodies to 10 MiB and offers upload limits for multipart routes', async () => {
    const user = await createTestUser(rt, { role: 'platform_admin' });
    const huge = `{"name":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { ...(await user.headers()), 'content-type': 'application/json' },
      payload: huge,
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().code, 'payload_too_large');
    assert.equal(UPLOAD_LIMITS.files, 1);
    assert.equal(multipartOptions({ fileSize: 1024 }).limits.fileSize, 1024);
    assert.equal(multipartOptions().throwFileSizeLimit, true);
  });
});
