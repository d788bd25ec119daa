import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';
import { createTestClient } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { type Actor, systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { storeCalendarYear } from '../calendar/installation-calendar.js';
import { ingest } from '../ingestion/ingest.service.js';
import { getProvider } from '../providers/provider.service.js';
import { getApplication, listApplications, resolvePendingDueDates } from './application.service.js';
import { extendObjection, fileObjection } from './objection.service.js';

// Issue 16 point 9: an extension is added to the current due date (never counted from today, never earlier), and a
// due date that falls into a year without a published holiday notice (2027 here) is 待定 until the year is loaded.
// The 2027 document is the invented TEST FIXTURE of the calendar tests (元旦 2027-01-01…03), not the real notice.

const system = systemActor('test');
const COMPANY = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
const FIXTURE_2027 = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../standards/fixtures/calendar-2027.test-fixture.json'),
  'utf8',
);

interface Row {
  readonly name: string;
  /** Filing and extension instants (fixed clock). */
  readonly filedAt: string;
  readonly extendedAt: string | null;
  /** Due date after filing, after the extension, and once 2027 is loaded (null = 待定). */
  readonly filedDue: string | null;
  readonly extendedDue: string | null;
  readonly loadedDue: string;
}

// Defaults: decision 5 working days, extension 3 (workflow-config.ts).
const ROWS: readonly Row[] = [
  {
    name: 'extension granted the same day: added to the due date',
    filedAt: '2025-09-29T03:00:00Z',
    extendedAt: '2025-09-29T05:00:00Z',
    filedDue: '2025-10-13',
    extendedDue: '2025-10-16',
    loadedDue: '2025-10-16',
  },
  {
    name: 'extension granted late (after the due date passed): still added to the due date, not to today',
    filedAt: '2025-09-29T03:00:00Z',
    extendedAt: '2025-10-20T03:00:00Z',
    filedDue: '2025-10-13',
    extendedDue: '2025-10-16',
    loadedDue: '2025-10-16',
  },
  {
    name: 'filed on 2026-12-28, due in unpublished 2027: 待定, extended while 待定 (counting from today would give 2026-12-31)',
    filedAt: '2026-12-28T03:00:00Z',
    extendedAt: '2026-12-28T05:00:00Z',
    filedDue: null,
    extendedDue: null,
    // 8 working days after 12-28: 12-29, 12-30, 12-31, (元旦 01-01…03), 01-04, 01-05, 01-06, 01-07, 01-08
    loadedDue: '2027-01-08',
  },
  {
    name: 'filed on 2026-12-28 and not extended: 待定, then 5 working days',
    filedAt: '2026-12-28T04:00:00Z',
    extendedAt: null,
    filedDue: null,
    extendedDue: null,
    loadedDue: '2027-01-05',
  },
  {
    name: 'due 2026-12-30, extension granted late runs into 2027: 待定, then 3 working days after 12-30',
    filedAt: '2026-12-23T03:00:00Z',
    extendedAt: '2026-12-31T03:00:00Z',
    filedDue: '2026-12-30',
    extendedDue: null,
    loadedDue: '2027-01-05',
  },
];

forEachEngine('objection due dates: extensions and unpublished calendar years', (s) => {
  let rt: TestRuntime;
  let providerId: number;
  let subjectId: number;
  const recordIds: number[] = [];
  const subject = (): Actor => ({
    kind: 'user',
    id: 700,
    name: '企业经办人',
    role: 'subject_user',
    scope: { subjectId },
  });
  const reviewer = (): Actor => ({
    kind: 'user',
    id: 701,
    name: '审核员',
    role: 'provider_reviewer',
    scope: { providerId },
  });

  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2024-06-03T02:00:00Z');
    providerId = (await getProvider(rt.db, 'zj-nb-sthj')).id;
    const rows = ROWS.map((_, i) =>
      penaltyFields({
        ...penaltySubject(COMPANY),
        CF_WSH: `甬环罚〔2024〕${200 + i}号`,
        CF_NR: '罚款人民币2万元',
        CF_NR_FK: '2',
        CF_JDRQ: '2024-05-30',
      }),
    );
    const r = await ingest(rt, {
      actor: system,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: { kind: 'rows', rows },
      origin: 'api',
    });
    assert.equal(r.inserted, ROWS.length);
    subjectId = (
      await rt.db
        .selectFrom('subject')
        .select('id')
        .where('uscc', '=', COMPANY.uscc)
        .executeTakeFirstOrThrow()
    ).id;
    for (let i = 0; i < ROWS.length; i += 1)
      recordIds.push(
        (
          await rt.db
            .selectFrom('record')
            .select('id')
            .where('business_key', 'like', `甬环罚〔2024〕${200 + i}号|%`)
            .where('is_current', '=', 1)
            .executeTakeFirstOrThrow()
        ).id,
      );
  });

  it('never moves a due date earlier, shows 待定 for an unpublished year and computes it once the year is loaded', async () => {
    assert.equal(rt.calendar.years.has(2027), false, '2027 is not published in this calendar');
    const numbers: string[] = [];
    for (const [i, row] of ROWS.entries()) {
      rt.setNow(row.filedAt);
      const filed = await inTransaction(rt.db, (tx) =>
        fileObjection(
          tx,
          rt,
          subject(),
          { recordId: recordIds[i] ?? 0, grounds: 'error', statement: '罚款金额与决定书不一致' },
          rt.clock(),
        ),
      );
      numbers.push(filed.no);
      assert.equal(filed.due_on, row.filedDue, `${row.name}: due after filing`);
      let due = filed.due_on;
      if (row.extendedAt !== null) {
        rt.setNow(row.extendedAt);
        const extended = await inTransaction(rt.db, (tx) =>
          extendObjection(tx, rt, reviewer(), filed.no, '需向执法支队核实原始文书', rt.clock()),
        );
        assert.equal(extended.due_on, row.extendedDue, `${row.name}: due after the extension`);
        if (filed.due_on !== null && extended.due_on !== null)
          assert.ok(extended.due_on >= filed.due_on, `${row.name}: never earlier`);
        due = extended.due_on;
      }
      if (due === null) {
        const view = (
          await listApplications(
            rt.db,
            rt.calendar,
            rt.protector,
            system,
            'objection',
            { limit: 50, offset: 0 },
            rt.clock(),
          )
        ).find((v) => v.no === filed.no);
        assert.equal(view?.dueOn, null, `${row.name}: 待定 in the list`);
        assert.equal(view?.duePending, '2027 年法定节假日安排尚未发布', row.name);
        assert.equal(view?.workingDaysLeft, null);
        assert.equal(view?.overdue, false);
      }
    }

    // the API answer says 待定 and why
    const client = await createTestClient(rt, { role: 'provider_reviewer', providerId });
    const app = await createTestApp(rt);
    try {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/objections/${numbers[2] ?? ''}`,
        headers: client.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ dueOn: string | null; duePending: string | null; deadlineRule: string }>();
      assert.equal(body.dueOn, null);
      assert.equal(body.duePending, '2027 年法定节假日安排尚未发布');
      assert.match(body.deadlineRule, /自 2026-12-28 起算.*截止日待定；延期: 3 个工作日 — 截止日待定$/);
    } finally {
      await app.close();
    }

    // still unpublished: nothing is computed, nothing guessed
    assert.deepEqual(await resolvePendingDueDates(rt.db, rt.calendar, rt.clock()), []);

    rt.setNow('2027-01-04T01:00:00Z');
    assert.equal(storeCalendarYear(s.test.dir, rt.calendar, FIXTURE_2027), 2027);
    const computed = await resolvePendingDueDates(rt.db, rt.calendar, rt.clock());
    assert.deepEqual(
      computed.map((c) => c.no).sort(),
      ROWS.flatMap((r, i) => (r.extendedDue === null ? [numbers[i]] : [])).sort(),
      'every pending case, and only those',
    );
    for (const [i, row] of ROWS.entries()) {
      const app = await getApplication(rt.db, 'objection', numbers[i] ?? '');
      assert.equal(app.due_on, row.loadedDue, `${row.name}: due once 2027 is loaded`);
      if (row.filedDue !== null) assert.ok(row.loadedDue >= row.filedDue, `${row.name}: never earlier`);
    }
    const events = await rt.db
      .selectFrom('application_event')
      .innerJoin('application', 'application.id', 'application_event.application_id')
      .select(['application.no', 'application_event.note'])
      .where('application_event.actor', '=', 'system:calendar')
      .execute();
    assert.equal(events.length, computed.length, 'one event per computed case');
    const views = await listApplications(
      rt.db,
      rt.calendar,
      rt.protector,
      system,
      'objection',
      { limit: 50, offset: 0 },
      rt.clock(),
    );
    assert.ok(views.every((v) => v.duePending === null && v.dueOn !== null));
    // a second run (the next start) finds nothing left
    assert.deepEqual(await resolvePendingDueDates(rt.db, rt.calendar, rt.clock()), []);
  });
});
