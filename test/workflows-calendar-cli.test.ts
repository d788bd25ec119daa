import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { storeCalendarYear } from '../src/modules/calendar/installation-calendar.js';
import { ingest } from '../src/modules/ingestion/ingest.service.js';
import { getApplication } from '../src/modules/workflows/application.service.js';
import { fileObjection } from '../src/modules/workflows/objection.service.js';
import { systemActor } from '../src/platform/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { startServer } from '../src/server.js';
import { createWorkingDayCalendar } from '../src/standards/working-days.js';
import { forEachEngine, type TestDatabase } from './support/engines.js';
import { penaltyFields, penaltySubject } from './support/rows.js';
import { createTestRuntime, type TestRuntime } from './support/runtime.js';

// Issue 16 point 9 through the CLI: `xinyong objections list` shows 待定 with its reason for a due date in unpublished
// 2027, and `xinyong calendar load` (the 2027 TEST FIXTURE, not the real notice) computes it.

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'xinyong.js');
const FIXTURE = path.resolve(
  import.meta.dirname,
  '..',
  'src/standards/fixtures/calendar-2027.test-fixture.json',
);
const COMPANY = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };

function xinyong(args: readonly string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, XINYONG_LOG_LEVEL: 'silent', ...env },
    timeout: 120_000,
  });
}

/** A runtime over the suite's database with one objection filed on 2026-12-28 (due in unpublished 2027). */
async function fileIn2026(test: TestDatabase): Promise<{ rt: TestRuntime; no: string }> {
  const rt = await createTestRuntime(test);
  rt.setNow('2024-06-03T02:00:00Z');
  const system = systemActor('test');
  const r = await ingest(rt, {
    actor: system,
    item: 'XZCF',
    provider: 'zj-nb-sthj',
    source: {
      kind: 'rows',
      rows: [
        penaltyFields({
          ...penaltySubject(COMPANY),
          CF_WSH: '甬环罚〔2024〕300号',
          CF_NR: '罚款人民币2万元',
          CF_NR_FK: '2',
          CF_JDRQ: '2024-05-30',
        }),
      ],
    },
    origin: 'api',
  });
  assert.equal(r.inserted, 1);
  const recordId = (
    await rt.db
      .selectFrom('record')
      .select('id')
      .where('business_key', 'like', '甬环罚〔2024〕300号|%')
      .where('is_current', '=', 1)
      .executeTakeFirstOrThrow()
  ).id;
  rt.setNow('2026-12-28T03:00:00Z');
  const filed = await inTransaction(rt.db, (tx) =>
    fileObjection(
      tx,
      rt,
      system,
      { recordId, grounds: 'error', statement: '罚款金额与决定书不一致' },
      rt.clock(),
    ),
  );
  assert.equal(filed.due_on, null);
  return { rt, no: filed.no };
}

forEachEngine('xinyong objections list / calendar load: 待定 due dates', (s) => {
  it('lists a due date in 2027 as 待定 with the reason, and computes it when 2027 is loaded', async () => {
    const filed = await fileIn2026(s.test);

    const env = { ...s.test.env, XINYONG_SAMPLE_DATA: 'true' };
    const before = xinyong(['objections', 'list'], env);
    assert.equal(before.status, 0, before.stderr);
    const line = before.stdout.split('\n').find((l) => l.startsWith(filed.no)) ?? '';
    assert.match(line, /due 待定 +（2027 年法定节假日安排尚未发布）/);

    const load = xinyong(['calendar', 'load', FIXTURE], env);
    assert.equal(load.status, 0, load.stderr);
    assert.match(load.stdout, new RegExp(`${filed.no}  截止日 2027-01-05（原为待定）`));
    const after = JSON.parse(xinyong(['objections', 'list', '--json'], env).stdout) as {
      no: string;
      dueOn: string | null;
      duePending: string | null;
    }[];
    assert.deepEqual(
      after.filter((a) => a.no === filed.no).map((a) => [a.dueOn, a.duePending]),
      [['2027-01-05', null]],
    );
  });
});

forEachEngine('server start computes 待定 due dates', (s) => {
  it('a year stored while the server was down is applied to pending cases at start', async () => {
    const { rt, no } = await fileIn2026(s.test);
    storeCalendarYear(s.test.dir, createWorkingDayCalendar(), fs.readFileSync(FIXTURE, 'utf8'));
    const server = await startServer(
      loadConfig({
        ...s.test.env,
        XINYONG_SAMPLE_DATA: 'false',
        XINYONG_PORT: String(20_000 + Math.floor(Math.random() * 40_000)),
      }),
    );
    try {
      assert.equal((await getApplication(rt.db, 'objection', no)).due_on, '2027-01-05');
    } finally {
      await server.close();
    }
  });
});
