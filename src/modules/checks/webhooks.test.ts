import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestUser, type TestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { App } from '../../platform/http/create-app.js';
import {
  addressAllowed,
  assertWebhookUrl,
  PUBLIC_ONLY,
  parseWebhookPolicy,
  postWebhook,
  type WebhookPolicy,
} from '../../platform/http/webhook-target.js';
import { ingest } from '../ingestion/ingest.service.js';
import { dispatchRecordNotifications, watchSubject } from './watch.service.js';
import { deliverWebhooks, MAX_WEBHOOK_ATTEMPTS, webhookSignature } from './webhook.service.js';

function policy(raw: string): WebhookPolicy {
  const p = parseWebhookPolicy(raw);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

/** A local receiver that answers with `status()` and keeps what it got. */
async function receiver(status: () => number) {
  const got: { body: string; signature: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      got.push({ body, signature: String(req.headers['x-xinyong-signature']) });
      res.writeHead(status(), { location: 'http://169.254.169.254/' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { got, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('webhook targets (SSRF guard)', () => {
  it('refuses loopback, private, link-local, metadata and credential-bearing URLs by default', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://10.1.2.3/hook',
      'http://172.20.0.5/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0.0.0.0/hook',
      'http://localhost:8080/hook',
      'http://[2002:7f00:1::]/hook',
      'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://printer.local/hook',
      'https://user:pass@hooks.example.com/x',
      'ftp://hooks.example.com/x',
      'not a url',
    ])
      assert.throws(() => assertWebhookUrl(url, PUBLIC_ONLY), url);
    assert.equal(assertWebhookUrl('https://hooks.example.com/x', PUBLIC_ONLY).hostname, 'hooks.example.com');
    assert.equal(assertWebhookUrl('http://202.100.1.8/x', PUBLIC_ONLY).hostname, '202.100.1.8');
  });

  it('opens exactly the networks and hosts an administrator allows', () => {
    const p = policy('10.20.0.0/16, notify.sx.gov ,fd00::/8');
    assert.equal(addressAllowed('10.20.3.4', p), true);
    assert.equal(addressAllowed('10.21.3.4', p), false);
    assert.equal(addressAllowed('fd12::1', p), true);
    assert.equal(addressAllowed('::ffff:10.20.0.1', p), true);
    assert.doesNotThrow(() => assertWebhookUrl('http://notify.sx.gov/x', p));
    assert.match(String(parseWebhookPolicy('10.0.0.0/40')), /not a CIDR/);
    assert.match(String(parseWebhookPolicy('bad host!')), /neither a host name/);
  });

  it('checks the addresses a host name resolves to at delivery, and never follows redirects', async () => {
    const rx = await receiver(() => 302);
    try {
      const url = `http://localtest.invalid:${rx.port}/hook`;
      // /etc/hosts-style resolution of the name to loopback, through the guarded lookup
      const toLoopback = policy('');
      await assert.rejects(
        postWebhook(toLoopback, url, '{}', {}, (_h, _o, cb) =>
          cb(null, [{ address: '127.0.0.1', family: 4 }]),
        ),
        /localtest\.invalid 只解析到内网或保留地址/,
      );
      assert.equal(rx.got.length, 0, 'nothing reached the loopback receiver');
      const status = await postWebhook(policy('127.0.0.0/8'), url, '{}', {}, (_h, _o, cb) =>
        cb(null, [{ address: '127.0.0.1', family: 4 }]),
      );
      assert.equal(status, 302, 'the redirect is returned as a failure, not followed');
      assert.equal(rx.got.length, 1);
    } finally {
      await rx.close();
    }
  });
});

forEachEngine('webhook deliveries', (s) => {
  let rt: TestRuntime;
  let app: App;
  let watcher: TestUser;
  const SUBJECT = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
  const SECRET = 'webhook-test-secret-0001';
  const loopback = policy('127.0.0.1/32');

  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2025-03-01T02:00:00Z');
    app = await createTestApp(rt);
    watcher = await createTestUser(rt, {
      role: 'credit_user',
      organization: '宁波市政府采购中心',
      scenarios: ['procurement'],
    });
    const reg = await ingest(rt, {
      actor: systemActor('test'),
      item: 'REGISTRATION',
      provider: 'zj-nb-amr',
      source: {
        kind: 'rows',
        rows: [{ DJ_MC: SUBJECT.name, DJ_TYSHXYDM: SUBJECT.uscc, DJ_ZT: '存续', DJ_CLRQ: '2023-09-20' }],
      },
      origin: 'api',
    });
    assert.equal(reg.inserted, 1);
    await inTransaction(rt.db, (tx) => watchSubject(tx, watcher.actor, SUBJECT.uscc, rt.clock()));
    await dispatchRecordNotifications(rt.db, rt.clock(), new Set());
  });
  after(async () => {
    await app.close();
  });

  async function addPenalty(n: number): Promise<void> {
    const r = await ingest(rt, {
      actor: systemActor('test'),
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: {
        kind: 'rows',
        rows: [
          penaltyFields({
            ...penaltySubject(SUBJECT),
            CF_WSH: `甬环罚〔2025〕${n}号`,
            CF_JDRQ: '2025-02-20',
          }),
        ],
      },
      origin: 'api',
    });
    assert.equal(r.inserted, 1, JSON.stringify(r));
    await dispatchRecordNotifications(rt.db, rt.clock(), new Set());
  }

  it('refuses a private webhook URL with a 400 naming the reason, and takes a public one', async () => {
    const headers = await watcher.headers();
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers,
      payload: { url: 'http://169.254.169.254/latest/meta-data', secret: SECRET },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /内网或保留地址/);
    const good = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers,
      payload: { url: 'https://hooks.example.com/xinyong', secret: SECRET },
    });
    assert.equal(good.statusCode, 201, good.body);
    const list = (await app.inject({ method: 'GET', url: '/api/v1/webhooks', headers })).json() as {
      url: string;
      status: string;
    }[];
    assert.deepEqual(
      list.map((w) => [w.url, w.status]),
      [['https://hooks.example.com/xinyong', 'active']],
    );
    assert.equal(JSON.stringify(list).includes(SECRET), false, 'the secret is never shown again');
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${good.json().id}`, headers });
    assert.equal(del.statusCode, 204);
  });

  it('delivers a signed notification; retries a failing receiver with backoff, then gives up', async () => {
    let answer = 200;
    const rx = await receiver(() => answer);
    try {
      const headers = await watcher.headers();
      // registered through the service with the loopback network allowed, as an administrator would configure
      const { registerWebhook } = await import('./webhook.service.js');
      const { id } = await inTransaction(rt.db, (tx) =>
        registerWebhook(
          tx,
          watcher.actor,
          rt.protector,
          loopback,
          `http://127.0.0.1:${rx.port}/hook`,
          SECRET,
          rt.clock(),
        ),
      );
      await addPenalty(1);
      const now = rt.clock();
      const first = await deliverWebhooks(rt.db, rt.protector, loopback, now);
      assert.deepEqual(first, { delivered: 1, failed: 0, retried: 0 });
      const got = rx.got[0];
      assert.ok(got !== undefined);
      const body = JSON.parse(got.body) as { kind: string; item: string };
      assert.deepEqual([body.kind, body.item], ['record_added', 'XZCF']);
      assert.equal(got.signature, webhookSignature(SECRET, got.body, Math.floor(now.getTime() / 1000)));
      assert.deepEqual(await deliverWebhooks(rt.db, rt.protector, loopback, now), {
        delivered: 0,
        failed: 0,
        retried: 0,
      });

      answer = 500;
      await addPenalty(2);
      let t = now.getTime();
      const outcomes: string[] = [];
      for (let attempt = 1; attempt <= MAX_WEBHOOK_ATTEMPTS; attempt++) {
        const early = await deliverWebhooks(rt.db, rt.protector, loopback, new Date(t - 1000));
        assert.deepEqual(
          early,
          { delivered: 0, failed: 0, retried: 0 },
          `not before attempt ${attempt} is due`,
        );
        const r = await deliverWebhooks(rt.db, rt.protector, loopback, new Date(t));
        outcomes.push(r.failed === 1 ? 'failed' : r.retried === 1 ? 'retried' : 'none');
        t += 60_000 * 2 ** (attempt - 1);
      }
      assert.deepEqual(outcomes, [...Array(MAX_WEBHOOK_ATTEMPTS - 1).fill('retried'), 'failed']);
      assert.equal(rx.got.length, 1 + MAX_WEBHOOK_ATTEMPTS);

      const list = (await app.inject({ method: 'GET', url: '/api/v1/webhooks', headers })).json() as {
        id: number;
        delivered: number;
        failed: number;
        pending: number;
        lastError: string | null;
      }[];
      const hook = list.find((w) => w.id === id);
      assert.deepEqual(
        [hook?.delivered, hook?.failed, hook?.pending, hook?.lastError],
        [1, 1, 0, 'HTTP 500'],
      );
    } finally {
      await rx.close();
    }
  });
});
