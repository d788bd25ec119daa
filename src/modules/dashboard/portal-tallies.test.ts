import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import { personPenaltyRow, syntheticPersons } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { ingestRows } from '../../../test/support/ingest-rows.js';
import { judgmentDefaulterEntry, penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import * as migration0014 from '../../migrations/0014-public-tallies.js';
import { systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { App } from '../../platform/http/create-app.js';
import { createRng } from '../../sample/random.js';
import { addCalendarDays } from '../../standards/calendar-date.js';
import { randomUscc } from '../../standards/uscc.js';
import { refreshPublicity } from '../publicity/refresh-publicity.service.js';
import {
  correctRecord,
  removeListEntry,
  repairRecord,
  revokeRecord,
} from '../records/change-record.service.js';
import { countPublicRecordsLive, publicRecordCountsByItem } from '../records/public-tally.js';
import { updateSubject } from '../subjects/subject.repository.js';
import { countSubjectsLive, subjectCountsByKind } from '../subjects/subject-tally.js';
import { portalOverview, rebuildPortalTallies, verifyPortalTallies } from './dashboard.service.js';

// The portal's figures come from tallies kept by the writes (migration 0014); the count over the tables stays the
// reference. Every step below changes what is public and compares both on every date where a window opens or
// closes, the day before each, and dates far before and after.
forEachEngine('portal tallies', (s) => {
  let rt: TestRuntime;
  let app: App;
  const now = '2026-11-20T03:00:00.000Z';
  const actor = systemActor('test');

  /** Every window boundary in the data, the day before it, and a few fixed dates. */
  async function probeDates(): Promise<string[]> {
    const rows = await rt.db
      .selectFrom('record')
      .select(['publicity_start', 'publicity_end'])
      .distinct()
      .execute();
    const dates = new Set(['1999-12-31', '2020-01-01', '2026-11-20', '2040-06-30']);
    for (const r of rows)
      for (const d of [r.publicity_start, r.publicity_end])
        if (d !== null) {
          dates.add(d);
          dates.add(addCalendarDays(d, -1));
        }
    return [...dates].sort();
  }

  async function assertTalliesAgree(step: string): Promise<void> {
    const dates = await probeDates();
    for (const date of dates) {
      assert.deepEqual(
        await publicRecordCountsByItem(rt.db, date),
        await countPublicRecordsLive(rt.db, date),
        `${step}: public records on ${date}`,
      );
      assert.deepEqual(await verifyPortalTallies(rt.db, date), [], `${step}: verify on ${date}`);
    }
    assert.deepEqual(await subjectCountsByKind(rt.db), await countSubjectsLive(rt.db), `${step}: subjects`);
  }

  const rng = createRng(15);
  const companies = Array.from({ length: 12 }, (_, i) => ({
    uscc: randomUscc(rng.next),
    name: `宁波市测试汇总${'甲乙丙丁戊己庚辛壬癸子丑'[i]}贸易有限公司`,
  }));
  /** Penalties decided 2019–2026: some windows ended long ago, some end soon, some are fresh. */
  const companyRows = (suffix: string) =>
    companies.map((c, i) => ({
      ...penaltySubject(c),
      ...penaltyFields({
        CF_WSH: `甬环罚〔${2019 + (i % 8)}〕${500 + i}号`,
        CF_JDRQ: `${2019 + (i % 8)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`,
        CF_NR: `罚款人民币${20000 + i}元${suffix}`,
      }),
    }));

  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow(now);
    app = await createTestApp(rt);
  });

  it('start empty and agree with the tables', async () => {
    await assertTalliesAgree('empty');
  });

  it('follow ingestion: new records and subjects, updates, a key sent twice in one file', async () => {
    const persons = syntheticPersons(5, 1500);
    const first = await ingestRows(rt, 'XZCF', 'zj-nb-sthj', [
      ...companyRows(''),
      ...persons.map((p, i) => ({ ...personPenaltyRow(p, i), CF_JDRQ: `202${i + 2}-0${i + 3}-15` })),
    ]);
    assert.equal(first.inserted, 17, JSON.stringify(first));
    await assertTalliesAgree('first ingest');
    const today = await publicRecordCountsByItem(rt.db, '2026-11-20');
    assert.ok((today.find((r) => r.item === 'XZCF')?.count ?? 0) > 0, JSON.stringify(today));

    // new content for every company record (new versions), and one of them twice in the same file
    const rows = companyRows('（更新）');
    const again = await ingestRows(rt, 'XZCF', 'zj-nb-sthj', [
      ...rows,
      { ...(rows[3] as Record<string, string>), CF_NR: '罚款人民币1元（再次更新）' },
    ]);
    assert.equal(again.updated, 13, JSON.stringify(again));
    await assertTalliesAgree('updates');

    const lists = await ingestRows(
      rt,
      'JUDGMENT_DEFAULTER',
      'zj-nb-fy',
      companies
        .slice(0, 3)
        .map((c, i) =>
          judgmentDefaulterEntry(c, { caseNo: `（2025）浙02执${80 + i}号`, listedOn: `2025-03-0${i + 1}` }),
        ),
    );
    assert.equal(lists.inserted, 3, JSON.stringify(lists));
    await assertTalliesAgree('list entries');
  });

  it('follow revocation, correction, repair and removal from a list', async () => {
    const current = (item: string) =>
      rt.db
        .selectFrom('record')
        .select(['id', 'publicity_start', 'publicity_end'])
        .where('item_code', '=', item)
        .where('is_current', '=', 1)
        .where('status', '=', 'active')
        .orderBy('id')
        .execute();
    const visible = (await current('XZCF')).filter(
      (r) => (r.publicity_end ?? '9999') > '2026-11-20' && (r.publicity_start ?? '') <= '2026-11-20',
    );
    assert.ok(visible.length >= 3, JSON.stringify(visible));
    const before = await publicRecordCountsByItem(rt.db, '2026-11-20');
    const [a, b, c] = visible as [(typeof visible)[0], (typeof visible)[0], (typeof visible)[0]];
    await inTransaction(rt.db, (tx) => revokeRecord(tx, actor, a.id, '决定已撤销', new Date(now)));
    await assertTalliesAgree('revocation');
    const after = await publicRecordCountsByItem(rt.db, '2026-11-20');
    assert.equal(
      after.find((r) => r.item === 'XZCF')?.count,
      (before.find((r) => r.item === 'XZCF')?.count ?? 0) - 1,
    );

    // a corrected decision date moves the whole window
    await inTransaction(rt.db, (tx) =>
      correctRecord(
        tx,
        rt,
        actor,
        b.id,
        { fields: { CF_JDRQ: '2026-10-08' }, reason: '决定日期录入错误' },
        new Date(now),
      ),
    );
    await assertTalliesAgree('correction');
    await inTransaction(rt.db, (tx) => repairRecord(tx, actor, c.id, '已完成信用修复', new Date(now)));
    await assertTalliesAgree('repair');

    const [entry] = await current('JUDGMENT_DEFAULTER');
    assert.ok(entry !== undefined);
    await inTransaction(rt.db, (tx) => removeListEntry(tx, actor, entry.id, '已履行义务', new Date(now)));
    await assertTalliesAgree('removal');
  });

  it('need nothing when windows end: the daily publicity job ends them and the figures already agree', async () => {
    const later = new Date('2029-08-01T03:00:00.000Z');
    const summary = await refreshPublicity(rt.db, later);
    assert.ok(summary.ended > 0, JSON.stringify(summary));
    await assertTalliesAgree('publicity ended');
    assert.deepEqual(
      (await portalOverview(rt.db, '610000', later)).publicRecords.byItem.map((r) => [r.item, r.count]),
      (await countPublicRecordsLive(rt.db, '2029-08-01')).map((r) => [r.item, r.count]),
    );
  });

  it('follow a subject whose kind changes', async () => {
    const company = await rt.db
      .selectFrom('subject')
      .select('id')
      .where('kind', '=', 'legal_entity')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await inTransaction(rt.db, (tx) => updateSubject(tx, company.id, { kind: 'individual_business' }, now));
    await assertTalliesAgree('kind change');
  });

  it('serve the overview from the tallies, and verify and rebuild find and mend a wrong tally', async () => {
    const res = await app.inject({ url: '/api/v1/dashboard/overview' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      subjects: { total: number; legalEntity: number; naturalPerson: number };
      publicRecords: { total: number; byItem: { item: string; count: number }[] };
    };
    const live = await countPublicRecordsLive(rt.db, '2026-11-20');
    assert.deepEqual(
      body.publicRecords.byItem.map((r) => [r.item, r.count]).sort(),
      live.map((r) => [r.item, r.count]).sort(),
    );
    assert.equal(
      body.publicRecords.total,
      live.reduce((n, r) => n + r.count, 0),
    );
    const kinds = await countSubjectsLive(rt.db);
    assert.equal(
      body.subjects.total,
      kinds.reduce((n, r) => n + r.count, 0),
    );
    assert.equal(body.subjects.naturalPerson, kinds.find((k) => k.kind === 'natural_person')?.count);

    // a tally row gone wrong (written around the services) is found by verify and mended by rebuild
    await rt.db
      .updateTable('subject_tally')
      .set({ count: 999 })
      .where('kind', '=', 'natural_person')
      .execute();
    await rt.db
      .updateTable('public_record_tally')
      .set((eb) => ({ delta: eb('delta', '+', 7) }))
      .where('level', '=', 0)
      .where('item_code', '=', 'XZCF')
      .execute();
    const wrong = await verifyPortalTallies(rt.db, '2026-11-20');
    assert.deepEqual(
      wrong.map((m) => [m.figure, m.key]),
      [
        ['subjects', 'natural_person'],
        ['publicRecords', 'XZCF'],
      ],
    );
    await rebuildPortalTallies(rt.db);
    await assertTalliesAgree('rebuild');
  });

  it('are filled from the tables by the migration that creates them', async () => {
    await migration0014.down(rt.db as unknown as Kysely<unknown>);
    await migration0014.up(rt.db as unknown as Kysely<unknown>);
    assert.ok((await subjectCountsByKind(rt.db)).length > 0);
    await assertTalliesAgree('migration');
  });
});
