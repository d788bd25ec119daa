import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { webRoutes } from './web.routes.js';

async function appWith(distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/api/v1/ping', async () => ({ ok: true }));
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ code: 'not_found' }));
  await app.register(webRoutes, { distDir });
  await app.ready();
  return app;
}

describe('web: the built SPA', () => {
  let dir: string;
  let app: FastifyInstance;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><title>信用陕西</title><div id="root"></div>',
    );
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');
    app = await appWith(dir);
  });
  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers client-side routes with index.html, never cached', async () => {
    for (const url of [
      '/',
      '/search?q=%E5%AE%81%E6%B3%A2',
      '/subject/91610000000000000X',
      '/console/batches/7',
    ]) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /信用陕西/);
    }
  });

  it('serves hashed assets with a one-year immutable cache and 404s missing ones', async () => {
    const res = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['cache-control'] as string, /max-age=31536000/);
    assert.match(res.headers['cache-control'] as string, /immutable/);
    assert.equal((await app.inject({ url: '/assets/missing.js' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/assets/..%2Findex.html' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/favicon.svg' })).statusCode, 200);
  });

  it('leaves the API and probes to their own routes and 404s', async () => {
    assert.equal((await app.inject({ url: '/api/v1/ping' })).statusCode, 200);
    for (const url of ['/api/v1/nope', '/api', '/healthz/x', '/readyz']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.deepEqual(res.json(), { code: 'not_found' });
    }
  });

  it('says how to build the UI when web/dist is missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-web-empty-'));
    const bare = await appWith(path.join(empty, 'dist'));
    try {
      const res = await bare.inject({ url: '/subject/x' });
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /npm run build:web/);
      assert.equal((await bare.inject({ url: '/api/v1/nope' })).statusCode, 404);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
