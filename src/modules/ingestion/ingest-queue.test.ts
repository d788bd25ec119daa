import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createTestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { toCsv } from '../../../test/support/files.js';
import { JEWELLER, penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from '../../platform/http/create-app.js';
import { getProvider } from '../providers/provider.service.js';
import { findBatch } from './batch.repository.js';
import { createIngestQueue } from './ingest-queue.js';
import { uploadsDir } from './upload-files.js';

describe('ingest queue', () => {
  it('runs at most the instance and provider limits at once and serves waiters first come, first served', async () => {
    const q = createIngestQueue({ perInstance: 2, perProvider: 1 });
    const a1 = q.tryAcquire(1);
    assert.ok(a1 !== undefined);
    assert.equal(q.tryAcquire(1), undefined, 'one per provider');
    const b1 = q.tryAcquire(2);
    assert.ok(b1 !== undefined);
    assert.equal(q.tryAcquire(3), undefined, 'two per instance');
    const order: string[] = [];
    const granted = (name: string) => (release: () => void) => {
      order.push(name);
      return release;
    };
    const a2 = q.acquire(1).then(granted('a2'));
    const c1 = q.acquire(3).then(granted('c1'));
    assert.deepEqual([q.running, q.waiting], [2, 2]);
    b1();
    b1(); // a second release frees nothing
    await c1;
    assert.deepEqual(order, ['c1'], 'provider 3 may run; provider 1 still has its one');
    assert.deepEqual([q.running, q.waiting], [2, 1]);
    a1();
    (await a2)();
    assert.deepEqual(order, ['c1', 'a2']);
    assert.deepEqual([q.running, q.waiting], [1, 0]);
  });
});

forEachEngine('ingest queue over HTTP', (s) => {
  let rt: TestRuntime;
  let app: App;
  let operator: Record<string, string>;
  let admin: Record<string, string>;
  let providerId: number;
  before(async () => {
    rt = await createTestRuntime(s.test, { env: { XINYONG_INGEST_CONCURRENCY: '1' } });
    app = await createTestApp(rt);
    providerId = (await getProvider(rt.db, 'zj-nb-sthj')).id;
    operator = await (await createTestUser(rt, { role: 'provider_operator', providerId })).headers();
    admin = await (await createTestUser(rt, { role: 'platform_admin' })).headers();
  });
  after(() => app.close());

  const upload = (
    headers: Record<string, string>,
    fields: Record<string, string>,
    wsh: string,
    wait = false,
  ) => {
    const boundary = '----xinyongQueue';
    const csv = toCsv([
      { CF_WSH: wsh, ...penaltySubject(JEWELLER), ...penaltyFields({ CF_JDRQ: '2026-11-20' }) },
    ]);
    const body = Buffer.concat([
      ...Object.entries(fields).map(([k, v]) =>
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="处罚.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      ),
    ]);
    return app.inject({
      method: 'POST',
      url: `/api/v1/batches${wait ? '?wait=true' : ''}`,
      payload: body,
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };
  const view = async (id: number) =>
    (await app.inject({ url: `/api/v1/batches/${id}`, headers: operator })).json() as {
      status: string;
      counts: { inserted: number };
    };
  const until = async (id: number, status: string) => {
    let v = await view(id);
    for (let i = 0; i < 200 && v.status !== status; i++) {
      await new Promise((r) => setTimeout(r, 25));
      v = await view(id);
    }
    return v;
  };

  it('with concurrency 1, uploads wait as queued (排队中) while another ingest holds the slot, then complete in turn', async () => {
    // the test holds the only slot, standing in for a long ingest
    const held = rt.ingestQueue.tryAcquire(providerId);
    assert.ok(held !== undefined);
    const ids: number[] = [];
    for (const wsh of ['甬环罚〔2026〕9902号', '甬环罚〔2026〕9903号']) {
      const res = await upload(operator, { item: 'XZCF' }, wsh);
      assert.equal(res.statusCode, 202, res.body);
      const id = (res.json() as { batchId: number }).batchId;
      assert.deepEqual(res.json(), { batchId: id, status: 'queued', location: `/api/v1/batches/${id}` });
      ids.push(id);
    }
    for (const id of ids) assert.equal((await view(id)).status, 'queued');
    const list = (await app.inject({ url: '/api/v1/batches', headers: operator })).json() as {
      id: number;
      status: string;
    }[];
    assert.deepEqual(
      list.filter((b) => ids.includes(b.id)).map((b) => b.status),
      ['queued', 'queued'],
    );
    const row = await findBatch(rt.db, ids[1] ?? 0);
    assert.deepEqual([row?.status, row?.read_rows, typeof row?.queued_at], ['applying', 0, 'string']);
    const csvs = () =>
      fs
        .readdirSync(uploadsDir(rt.config.dataDir), { recursive: true })
        .filter((f) => String(f).endsWith('.csv'));
    assert.equal(csvs().length, 2, 'the queued files wait on disk');
    held();
    for (const id of ids) {
      const done = await until(id, 'completed');
      assert.deepEqual([done.status, done.counts.inserted], ['completed', 1]);
      assert.equal((await findBatch(rt.db, id))?.queued_at, null);
    }
    assert.deepEqual(csvs(), [], 'uploads are removed once ingested');
    assert.equal(rt.ingestQueue.running, 0);
  });

  it('a queued batch marked interrupted while it waited stays interrupted: its file is not read into it', async () => {
    const held = rt.ingestQueue.tryAcquire(providerId);
    assert.ok(held !== undefined);
    const res = await upload(operator, { item: 'XZCF' }, '甬环罚〔2026〕9906号');
    const id = (res.json() as { batchId: number }).batchId;
    assert.equal((res.json() as { status: string }).status, 'queued');
    // what the start-up clean-up or another instance's reconciliation does to a batch it believes abandoned
    await rt.db
      .updateTable('batch')
      .set({ status: 'interrupted', message: '处理中断' })
      .where('id', '=', id)
      .execute();
    held();
    for (let i = 0; i < 200 && (rt.ingestQueue.running > 0 || rt.ingestQueue.waiting > 0); i++)
      await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual([rt.ingestQueue.running, rt.ingestQueue.waiting], [0, 0]);
    const row = await findBatch(rt.db, id);
    assert.deepEqual([row?.status, row?.read_rows, row?.inserted], ['interrupted', 0, 0]);
    const records = await rt.db.selectFrom('record').select('id').where('batch_id', '=', id).execute();
    assert.deepEqual(records, [], 'no row applied to an interrupted batch');
  });

  it('the instance limit counts every provider: a slot held for another provider queues this one too', async () => {
    const held = rt.ingestQueue.tryAcquire(providerId);
    assert.ok(held !== undefined);
    const waiting = await upload(operator, { item: 'XZCF' }, '甬环罚〔2026〕9904号');
    assert.equal((waiting.json() as { status: string }).status, 'queued');
    held();
    const id = (waiting.json() as { batchId: number }).batchId;
    assert.equal((await until(id, 'completed')).status, 'completed');
    // per provider 1, per instance 1 here: a slot held for another provider blocks this one too
    const other = (await getProvider(rt.db, 'zj-nb-xf')).id;
    const heldOther = rt.ingestQueue.tryAcquire(other);
    assert.ok(heldOther !== undefined);
    const blocked = await upload(admin, { item: 'XZCF', provider: 'zj-nb-sthj' }, '甬环罚〔2026〕9905号');
    assert.equal((blocked.json() as { status: string }).status, 'queued');
    heldOther();
    assert.equal(
      (await until((blocked.json() as { batchId: number }).batchId, 'completed')).status,
      'completed',
    );
  });
});
