import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createTestUser, personPenaltyRow, syntheticPersons } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { App } from '../../platform/http/create-app.js';
import { ingest } from '../ingestion/ingest.service.js';
import { isOpen, listApplications } from '../workflows/application.service.js';
import { decideObjection, fileObjection } from '../workflows/objection.service.js';
import { shanghaiDaySql } from './dashboard.repository.js';
import {
  applicationWorkload,
  collectionStats,
  portalOverview,
  qualityStats,
  siteNameOf,
} from './dashboard.service.js';

it('names the portal after the deployment region', () => {
  assert.equal(siteNameOf('陕西省'), '信用陕西');
  assert.equal(siteNameOf('宁波市'), '信用宁波');
  assert.equal(siteNameOf('新疆维吾尔自治区'), '信用新疆');
  assert.equal(siteNameOf('内蒙古自治区'), '信用内蒙古');
  assert.equal(siteNameOf('香港特别行政区'), '信用香港');
});

forEachEngine('dashboard read model', (s) => {
  let rt: TestRuntime;
  let app: App;
  const now = '2026-11-20T03:00:00.000Z'; // 11:00 in Shanghai

  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow(now);
    app = await createTestApp(rt);
    const persons = syntheticPersons(3, 300);
    const rows: Record<string, string>[] = persons.map((p, i) => personPenaltyRow(p, i));
    // one row without a decision date: rejected
    rows.push({
      ...personPenaltyRow(syntheticPersons(1, 400)[0] as (typeof persons)[number], 9),
      CF_JDRQ: '',
    });
    const summary = await ingest(rt, {
      actor: systemActor('test'),
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: { kind: 'rows', rows },
      origin: 'api',
    });
    assert.equal(summary.inserted, 3, JSON.stringify(summary));
    assert.equal(summary.rejected, 1, JSON.stringify(summary));
  });

  it('converts instants to Shanghai calendar days in SQL on both engines', async () => {
    const row = await rt.db
      .selectFrom('record')
      .select((eb) => [
        shanghaiDaySql(rt.db, eb.val('2026-11-19T16:30:00.000Z')).as('late_evening'),
        shanghaiDaySql(rt.db, eb.val('2026-11-19T15:59:59.000Z')).as('before_midnight'),
      ])
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.equal(row.late_evening, '2026-11-20');
    assert.equal(row.before_midnight, '2026-11-19');
  });

  it('counts subjects and publicly visible records for the portal', async () => {
    const o = await portalOverview(rt.db, '610000', new Date(now));
    assert.equal(o.siteName, '信用陕西');
    assert.equal(o.region.name, '陕西省');
    assert.equal(o.asOf, '2026-11-20');
    assert.equal(o.subjects.naturalPerson, 3);
    assert.equal(o.subjects.total, 3);
    // penalties of natural persons are public (masked) while in their publicity window
    const xzcf = o.publicRecords.byItem.find((b) => b.item === 'XZCF');
    assert.equal(xzcf?.name, '行政处罚');
    assert.ok(o.providers > 0);
  });

  it('reports volume, timeliness and rejection per provider and day', async () => {
    const c = await collectionStats(rt.db, new Date(now), 7);
    assert.equal(c.days.length, 7);
    assert.equal(c.to, '2026-11-20');
    assert.equal(c.from, '2026-11-14');
    assert.equal(c.days.at(-1)?.received, 3);
    const p = c.providers.find((x) => x.provider.code === 'zj-nb-sthj');
    assert.ok(p !== undefined);
    assert.equal(p.received, 3);
    assert.equal(p.rowsRead, 4);
    assert.equal(p.rowsRejected, 1);
    assert.equal(p.rejectionRate, 0.25);
    assert.equal(p.timelyShare, (3 - p.late) / 3);
    // a window before the data holds nothing
    rt.setNow('2026-12-31T03:00:00.000Z');
    const later = await collectionStats(rt.db, rt.clock(), 7);
    rt.setNow(now);
    assert.equal(later.providers.length, 0);
  });

  it('lists the most frequent issue codes', async () => {
    const q = await qualityStats(rt.db, new Date(now), 30);
    assert.ok(
      q.topIssues.some((i) => i.severity === 'error' && i.count >= 1),
      JSON.stringify(q.topIssues),
    );
  });

  it('serves the overview publicly and the monitoring only to the credit centre', async () => {
    const pub = await app.inject({ url: '/api/v1/dashboard/overview' });
    assert.equal(pub.statusCode, 200);
    assert.equal((pub.json() as { siteName: string }).siteName, '信用陕西');
    assert.equal((await app.inject({ url: '/api/v1/dashboard/collection' })).statusCode, 401);
    const op = await createTestUser(rt, { role: 'regulator' });
    assert.equal(
      (await app.inject({ url: '/api/v1/dashboard/quality', headers: await op.headers() })).statusCode,
      403,
    );
    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const res = await app.inject({
      url: '/api/v1/dashboard/collection?days=7',
      headers: await admin.headers(),
    });
    assert.equal(res.statusCode, 200, res.body);
    const checks = await app.inject({ url: '/api/v1/dashboard/checks', headers: await admin.headers() });
    assert.equal(checks.statusCode, 200, checks.body);
    assert.deepEqual((checks.json() as { scenarios: unknown[] }).scenarios, []);
  });

  it('counts open objections and repairs by working days left, as the queues count them', async () => {
    const system = systemActor('test');
    const record = await rt.db
      .selectFrom('record')
      .select('id')
      .where('is_current', '=', 1)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const filed = await inTransaction(rt.db, (tx) =>
      fileObjection(
        tx,
        rt,
        system,
        { recordId: record.id, grounds: 'other', statement: '仪表盘统计测试异议' },
        new Date(now),
      ),
    );
    const fresh = await applicationWorkload(rt.db, rt.calendar, new Date(now));
    assert.equal(fresh.asOf, '2026-11-20');
    assert.deepEqual(
      [fresh.objections.open, fresh.objections.dueSoon, fresh.objections.overdue],
      [1, 0, 0],
      JSON.stringify(fresh),
    );
    assert.equal(fresh.objections.byStatus[filed.status], 1);
    assert.equal(fresh.repairs.open, 0);

    // a few working days before the due date, and after it: the same answer as the queue's own views
    for (const [at, expect] of [
      ['2026-11-25T03:00:00.000Z', { dueSoon: 1, overdue: 0 }],
      ['2026-12-10T03:00:00.000Z', { dueSoon: 0, overdue: 1 }],
    ] as const) {
      const w = await applicationWorkload(rt.db, rt.calendar, new Date(at));
      const views = (
        await listApplications(
          rt.db,
          rt.calendar,
          rt.protector,
          system,
          'objection',
          { limit: 500, offset: 0 },
          new Date(at),
        )
      ).filter((v) => isOpen(v.status));
      assert.deepEqual(
        { dueSoon: w.objections.dueSoon, overdue: w.objections.overdue },
        {
          dueSoon: views.filter(
            (v) => !v.overdue && v.workingDaysLeft !== null && v.workingDaysLeft <= w.dueSoonWorkingDays,
          ).length,
          overdue: views.filter((v) => v.overdue).length,
        },
      );
      assert.deepEqual({ dueSoon: w.objections.dueSoon, overdue: w.objections.overdue }, expect, at);
    }

    const admin = await createTestUser(rt, { role: 'platform_admin' });
    const res = await app.inject({ url: '/api/v1/dashboard/applications', headers: await admin.headers() });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as { objections: { open: number } }).objections.open, 1);
    const regulator = await createTestUser(rt, { role: 'regulator' });
    assert.equal(
      (await app.inject({ url: '/api/v1/dashboard/applications', headers: await regulator.headers() }))
        .statusCode,
      403,
    );

    // a decided objection no longer counts
    await inTransaction(rt.db, (tx) =>
      decideObjection(
        tx,
        rt,
        system,
        filed.no,
        { outcome: 'unchanged', reason: '经核实无误' },
        new Date(now),
      ),
    );
    assert.equal((await applicationWorkload(rt.db, rt.calendar, new Date(now))).objections.open, 0);
  });
});
