import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { createTestUser, type TestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { badReceiver, policy, receiver } from '../../../test/support/webhook-receivers.js';
import { actorLabel, systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { App } from '../../platform/http/create-app.js';
import { postWebhook } from '../../platform/http/webhook-target.js';
import { ingest } from '../ingestion/ingest.service.js';
import { dispatchRecordNotifications, watchSubject } from './watch.service.js';
import {
  deliverWebhooks,
  disableWebhook,
  MAX_WEBHOOK_ATTEMPTS,
  MAX_WEBHOOKS_PER_OWNER,
  registerWebhook,
  webhookSignature,
} from './webhook.service.js';

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

  /** Registers a webhook of the watcher to a loopback receiver path, as an administrator-allowed intranet host. */
  async function hook(port: number, path = '/hook', actor = watcher.actor): Promise<number> {
    const { id } = await inTransaction(rt.db, (tx) =>
      registerWebhook(
        tx,
        actor,
        rt.protector,
        loopback,
        `http://127.0.0.1:${port}${path}`,
        SECRET,
        rt.clock(),
      ),
    );
    return id;
  }

  async function outboxOf(webhookId: number) {
    return rt.db.selectFrom('outbox').selectAll().where('webhook_id', '=', webhookId).orderBy('id').execute();
  }

  async function listed(id: number) {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/webhooks',
      headers: await watcher.headers(),
    });
    const list = res.json() as {
      id: number;
      delivered: number;
      failed: number;
      pending: number;
      lastError: string | null;
    }[];
    const found = list.find((w) => w.id === id);
    assert.ok(found !== undefined, `webhook ${id} is listed`);
    return found;
  }

  const T0 = Date.parse('2025-03-01T02:00:30.000Z');
  const MINUTE = 60_000;

  // each test's webhooks are disabled afterwards, and their pending entries closed, so tests do not see each other's
  afterEach(async () => {
    const active = await rt.db
      .selectFrom('webhook')
      .select('id')
      .where('owner', '=', actorLabel(watcher.actor))
      .where('status', '=', 'active')
      .execute();
    for (const h of active)
      await inTransaction(rt.db, (tx) => disableWebhook(tx, watcher.actor, h.id, rt.clock()));
    const r = await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0 + 1000 * MINUTE), {
      post: () => Promise.reject(new Error('nothing is sent to a disabled webhook')),
    });
    assert.equal(r.delivered + r.retried, 0);
  });

  it('delivers a signed notification with a delivery id, signed at the time of sending', async () => {
    const rx = await receiver(() => 200);
    try {
      const id = await hook(rx.port);
      await addPenalty(1);
      const [entry] = await outboxOf(id);
      assert.ok(entry !== undefined);
      const now = new Date(T0);
      // the attempt happens 42 s after the run started (e.g. after other webhooks' deliveries)
      const sentAt = T0 + 42_000;
      const first = await deliverWebhooks(rt.db, rt.protector, loopback, now, {
        clock: () => new Date(sentAt),
      });
      assert.deepEqual(first, { delivered: 1, failed: 0, retried: 0 });
      const got = rx.got[0];
      assert.ok(got !== undefined);
      const body = JSON.parse(got.body) as { kind: string; item: string };
      assert.deepEqual([body.kind, body.item], ['record_added', 'XZCF']);
      assert.equal(got.delivery, String(entry.id), 'x-xinyong-delivery carries the outbox entry id');
      assert.equal(got.signature, webhookSignature(SECRET, got.body, Math.floor(sentAt / 1000)));
      assert.match(got.signature, new RegExp(`^t=${Math.floor(sentAt / 1000)},v1=[0-9a-f]{64}$`));
      assert.deepEqual(await deliverWebhooks(rt.db, rt.protector, loopback, now), {
        delivered: 0,
        failed: 0,
        retried: 0,
      });
      const [after] = await outboxOf(id);
      assert.equal(after?.delivered_at, new Date(sentAt).toISOString());
    } finally {
      await rx.close();
    }
  });

  it('retries 1, 2, 4 … 64 minutes after each attempt although the minute tick jitters, then gives up', async () => {
    const rx = await receiver(() => 500);
    try {
      const id = await hook(rx.port);
      await addPenalty(2);
      // the job's tick fires a few ms early or late; each attempt is sent 120 ms into its run
      const jitter = [30, -20, 5, -40, 12];
      const attemptedAt: number[] = [];
      const outcomes: string[] = [];
      for (let minute = 0; minute <= 130; minute++) {
        const tick = T0 + minute * MINUTE + (jitter[minute % jitter.length] ?? 0);
        const before = rx.got.length;
        const r = await deliverWebhooks(rt.db, rt.protector, loopback, new Date(tick), {
          clock: () => new Date(tick + 120),
        });
        if (rx.got.length > before) {
          attemptedAt.push(minute);
          outcomes.push(r.failed === 1 ? 'failed' : r.retried === 1 ? 'retried' : 'none');
        }
      }
      assert.deepEqual(attemptedAt, [0, 1, 3, 7, 15, 31, 63, 127]);
      assert.deepEqual(outcomes, [...Array(MAX_WEBHOOK_ATTEMPTS - 1).fill('retried'), 'failed']);
      assert.equal(rx.got.length, MAX_WEBHOOK_ATTEMPTS);
      const [entry] = await outboxOf(id);
      assert.deepEqual(
        [...new Set(rx.got.map((g) => g.delivery))],
        [String(entry?.id)],
        'the delivery id is the same on every retry',
      );
      const hookView = await listed(id);
      assert.deepEqual(
        [hookView.delivered, hookView.failed, hookView.pending, hookView.lastError],
        [0, 1, 0, 'HTTP 500'],
      );
    } finally {
      await rx.close();
    }
  });

  it('keeps the order: newer notifications wait while an older one is retried, then all go in id order', async () => {
    let answer = 500;
    const rx = await receiver(() => answer);
    try {
      const id = await hook(rx.port);
      await addPenalty(3);
      assert.deepEqual(await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0)), {
        delivered: 0,
        failed: 0,
        retried: 1,
      });
      await addPenalty(4);
      await addPenalty(5);
      // the first entry is not due again yet: the newer ones wait behind it instead of overtaking it
      assert.deepEqual(await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0 + 30_000)), {
        delivered: 0,
        failed: 0,
        retried: 0,
      });
      assert.equal(rx.got.length, 1);
      // still failing when due: only the oldest is tried, the run stops there
      assert.deepEqual(await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0 + MINUTE)), {
        delivered: 0,
        failed: 0,
        retried: 1,
      });
      assert.equal(rx.got.length, 2);
      answer = 200;
      assert.deepEqual(await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0 + 3 * MINUTE)), {
        delivered: 3,
        failed: 0,
        retried: 0,
      });
      const ids = (await outboxOf(id)).map((e) => String(e.id));
      assert.equal(ids.length, 3);
      assert.deepEqual(
        rx.got.map((g) => g.delivery),
        [ids[0], ids[0], ...ids],
      );
      const notificationIds = rx.got.slice(2).map((g) => (JSON.parse(g.body) as { id: number }).id);
      assert.deepEqual(
        notificationIds,
        [...notificationIds].sort((a, b) => a - b),
      );
    } finally {
      await rx.close();
    }
  });

  it('a hanging receiver holds back only its own webhook, for one deadline', { timeout: 8000 }, async () => {
    const hang = await badReceiver('hang');
    const rx = await receiver(() => 200);
    try {
      const slow = await hook(hang.port, '/slow');
      const fast = await hook(rx.port, '/fast');
      await addPenalty(6);
      await addPenalty(7);
      const started = Date.now();
      const r = await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0), { timeoutMs: 300 });
      const took = Date.now() - started;
      assert.deepEqual(r, { delivered: 2, failed: 0, retried: 1 });
      assert.ok(took < 2000, `the run took ${took} ms`);
      assert.deepEqual(hang.paths, ['/slow'], 'the hanging webhook is tried once in this run');
      assert.equal(rx.got.length, 2, 'the other webhook got both notifications');
      const [first, second] = await outboxOf(slow);
      assert.equal(first?.attempts, 1);
      assert.match(first?.last_error ?? '', /超时/);
      assert.equal(second?.attempts, 0, 'the later entry waits for the next run');
      assert.equal((await listed(fast)).delivered, 2);
    } finally {
      await Promise.all([hang.close(), rx.close()]);
    }
  });

  it('sends to several webhooks at once, never more than the concurrency limit', {
    timeout: 8000,
  }, async () => {
    const hang = await badReceiver('hang');
    try {
      for (const path of ['/a', '/b', '/c']) await hook(hang.port, path);
      await addPenalty(8);
      // the real request, counted while in flight
      let inFlight = 0;
      let maxInFlight = 0;
      const started = Date.now();
      const r = await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0), {
        concurrency: 2,
        post: async (url, body, headers) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          try {
            return await postWebhook(loopback, url, body, headers, { timeoutMs: 300 });
          } finally {
            inFlight--;
          }
        },
      });
      const took = Date.now() - started;
      assert.deepEqual(r, { delivered: 0, failed: 0, retried: 3 });
      assert.deepEqual([...hang.paths].sort(), ['/a', '/b', '/c']);
      assert.equal(maxInFlight, 2);
      assert.ok(took >= 550 && took < 3000, `two rounds of one deadline each, took ${took} ms`);
    } finally {
      await hang.close();
    }
  });

  it('shows the error of the most recent failed attempt, not the alphabetically largest', async () => {
    let answer = 503;
    const rx = await receiver(() => answer);
    try {
      const id = await hook(rx.port);
      await addPenalty(9);
      await addPenalty(10);
      // the first entry fails with 503 until it is given up …
      for (let attempt = 1; attempt <= MAX_WEBHOOK_ATTEMPTS; attempt++)
        await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0 + attempt * 200 * MINUTE));
      assert.equal((await listed(id)).lastError, 'HTTP 503');
      // … then the second one is tried and fails with 500
      answer = 500;
      await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0 + 2000 * MINUTE));
      const view = await listed(id);
      assert.deepEqual([view.failed, view.pending, view.lastError], [1, 1, 'HTTP 500']);
    } finally {
      await rx.close();
    }
  });

  it("marks a disabled webhook's pending entries failed without sending them", async () => {
    const rx = await receiver(() => 200);
    try {
      const id = await hook(rx.port);
      await addPenalty(11);
      await inTransaction(rt.db, (tx) => disableWebhook(tx, watcher.actor, id, rt.clock()));
      assert.deepEqual(await deliverWebhooks(rt.db, rt.protector, loopback, new Date(T0)), {
        delivered: 0,
        failed: 1,
        retried: 0,
      });
      assert.equal(rx.got.length, 0);
      assert.equal((await listed(id)).lastError, 'Webhook 已停用');
    } finally {
      await rx.close();
    }
  });

  it('refuses site-local, embedded IPv4 (compatible, translated, NAT64, 6to4, Teredo, ISATAP), trailing-dot localhost and whitespace-bearing URLs, and weak secrets', async () => {
    const headers = await watcher.headers();
    for (const url of [
      'http://[fec0::1]/',
      'http://[::127.0.0.1]/',
      'http://[::ffff:0:127.0.0.1]/',
      'http://[::ffff:0:a9fe:a9fe]/latest/meta-data',
      'http://[64:ff9b::10.0.0.1]/',
      'http://[2002:c0a8:101::1]/',
      'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/',
      'http://[2400:cb00::5efe:192.168.1.1]/',
      'http://localhost./',
      'http://LOCALHOST./',
      'https://hooks.example.com/x\n',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers,
        payload: { url, secret: SECRET },
      });
      assert.equal(res.statusCode, 400, `${JSON.stringify(url)}: ${res.body}`);
    }
    for (const [secret, reason] of [
      ['a'.repeat(16), /至少需要 8 个不同的非空白字符（当前 1 个）/],
      [`${' '.repeat(15)}x`, /开头和结尾不能是空白字符.*至少需要 8 个不同的非空白字符/],
      [' webhook-test-secret', /开头和结尾不能是空白字符/],
      ['webhook-test-secret\n', /开头和结尾不能是空白字符/],
      ['abababababababab', /至少需要 8 个不同的非空白字符（当前 2 个）/],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers,
        payload: { url: 'https://hooks.example.com/secret-check', secret },
      });
      assert.equal(res.statusCode, 400, `${JSON.stringify(secret)}: ${res.body}`);
      assert.match(res.body, reason);
    }
    const list = (await app.inject({ method: 'GET', url: '/api/v1/webhooks', headers })).json() as {
      url: string;
    }[];
    assert.equal(
      list.some((w) => w.url.includes('secret-check') || w.url.includes('\n')),
      false,
      'nothing was stored',
    );
  });

  it('refuses an eleventh active webhook of one owner with a 409; a disabled one frees a place', async () => {
    const user = await createTestUser(rt, { role: 'credit_user', organization: '宁波市政府采购中心' });
    const headers = await user.headers();
    const register = (n: number) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers,
        payload: { url: `https://hooks.example.com/owner-limit/${n}`, secret: SECRET },
      });
    const ids: number[] = [];
    for (let n = 1; n <= MAX_WEBHOOKS_PER_OWNER; n++) {
      const res = await register(n);
      assert.equal(res.statusCode, 201, res.body);
      ids.push((res.json() as { id: number }).id);
    }
    const refused = await register(MAX_WEBHOOKS_PER_OWNER + 1);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.body, new RegExp(`每个用户最多可有 ${MAX_WEBHOOKS_PER_OWNER} 个启用中的 Webhook`));
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${ids[0]}`, headers });
    assert.equal(del.statusCode, 204);
    assert.equal((await register(MAX_WEBHOOKS_PER_OWNER + 1)).statusCode, 201);
  });

  it('keeps the limit when one owner registers twenty webhooks at the same moment', async () => {
    const user = await createTestUser(rt, { role: 'credit_user', organization: '宁波市政府采购中心' });
    const headers = await user.headers();
    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        app
          .inject({
            method: 'POST',
            url: '/api/v1/webhooks',
            headers,
            payload: { url: `https://hooks.example.com/parallel/${n}`, secret: SECRET },
          })
          .then((r) => r.statusCode),
      ),
    );
    assert.deepEqual(
      [codes.filter((c) => c === 201).length, codes.filter((c) => c === 409).length],
      [MAX_WEBHOOKS_PER_OWNER, 20 - MAX_WEBHOOKS_PER_OWNER],
    );
    const list = await app.inject({ method: 'GET', url: '/api/v1/webhooks', headers });
    assert.equal(
      (list.json() as { status: string }[]).filter((w) => w.status === 'active').length,
      MAX_WEBHOOKS_PER_OWNER,
    );
  });
});
