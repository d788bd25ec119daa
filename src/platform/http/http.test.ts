import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { Type } from 'typebox';
import { forEachEngine } from '../../../test/support/engines.js';
import { fixedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { type App, createApp } from './create-app.js';

forEachEngine('http skeleton', (s) => {
  let app: App;
  before(async () => {
    app = await createApp({
      config: loadConfig({}),
      db: s.db,
      clock: fixedClock('2026-01-01T00:00:00Z'),
      logger: false,
    });
    app.get('/boom', async () => {
      throw new Error('secret detail');
    });
    app.get('/conflict', async () => {
      throw new AppError('conflict', 'already there', {
        details: [{ row: 3, field: 'CF_WSH', code: 'dup', message: 'x' }],
      });
    });
    app.post(
      '/strict',
      { schema: { body: Type.Object({ a: Type.Integer() }, { additionalProperties: false }) } },
      async () => ({ ok: true }),
    );
    app.post(
      '/patterned',
      {
        schema: {
          body: Type.Object({
            no: Type.String({ pattern: '^HC\\d{8}$', description: '核查编号，如 HC20260301' }),
            code: Type.String({ pattern: '^[a-z]+$', description: 'lower-case code' }),
          }),
        },
      },
      async () => ({ ok: true }),
    );
    await app.ready();
  });
  after(() => app.close());

  it('answers /healthz and /readyz with the engine', async () => {
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    const ready = await app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().database, s.engine);
  });

  it('serves OpenAPI 3.1 and the docs page', async () => {
    const spec = await app.inject('/api/openapi.json');
    assert.equal(spec.json().openapi, '3.1.0');
    assert.ok(spec.json().paths['/readyz']);
    const docs = await app.inject('/api/docs/');
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  it('turns errors into RFC 9457 problems with a stable code and request id', async () => {
    const res = await app.inject({ url: '/conflict', headers: { 'x-request-id': 'req-12345678' } });
    assert.equal(res.statusCode, 409);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const body = res.json();
    assert.equal(body.code, 'conflict');
    assert.equal(body.requestId, 'req-12345678');
    assert.equal(res.headers['x-request-id'], 'req-12345678');
    assert.deepEqual(body.errors, [{ row: 3, field: 'CF_WSH', code: 'dup', message: 'x' }]);
  });

  it('hides the detail of internal errors', async () => {
    const res = await app.inject('/boom');
    assert.equal(res.statusCode, 500);
    assert.equal(res.json().detail, '内部错误');
    assert.doesNotMatch(res.body, /secret detail/);
  });

  it('names the offending field of a schema violation and rejects unknown properties', async () => {
    const res = await app.inject({ method: 'POST', url: '/strict', payload: { a: 'x', b: 1 } });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'validation_failed');
    const fields = (body.errors as { field: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['body.a', 'body.b']);
    assert.match(
      body.detail,
      /^请求体有误：body\.\w+ /,
      'the detail is for people: in Chinese, naming the field',
    );
  });

  it('says what a patterned field should look like in its Chinese description, else shows the pattern', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/patterned',
      payload: { no: 'HC2026', code: 'X1' },
    });
    assert.equal(res.statusCode, 400);
    const byField = new Map(
      (res.json().errors as { field: string; message: string }[]).map((e) => [e.field, e.message]),
    );
    assert.equal(byField.get('body.no'), '格式不符合要求，应为核查编号，如 HC20260301');
    assert.equal(byField.get('body.code'), '格式不符合要求（^[a-z]+$）');
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await app.inject('/no/such/route');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'not_found');
  });
});
