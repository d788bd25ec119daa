import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, it } from 'node:test';
import { syntheticSubjects } from '../../../bench/generate-data.js';
import { bumpCounter } from '../../../test/support/bump-counter.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { toCsv } from '../../../test/support/files.js';
import { penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { createDatabase } from '../../platform/db/create-database.js';
import type { SampleSubject } from '../../sample/generate-records.js';
import { ingest } from './ingest.service.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'xinyong.js');
/** Subjects of these tests: synthetic codes, none registered before. */
const SUBJECTS = syntheticSubjects(3000, 5);

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env, XINYONG_SAMPLE_DATA: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One valid 行政处罚 per subject, numbered apart per file (file `no`), written as CSV. */
function writePenalties(file: string, no: number, subjects: readonly SampleSubject[]): void {
  const rows = subjects.map((s, i) => ({
    CF_WSH: `甬环罚〔2024〕${no}${String(i).padStart(5, '0')}号`,
    ...penaltySubject(s),
    ...penaltyFields({ CF_JDRQ: '2024-06-01' }),
  }));
  fs.writeFileSync(file, toCsv(rows));
}

function summaryOf(run: CliRun, why = ''): Record<string, unknown> {
  assert.equal(run.code, 0, `the ingest succeeds: ${run.stderr}${run.stdout}${why}`);
  assert.doesNotMatch(run.stderr, /locked|busy|duplicate key|unique constraint/i);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

forEachEngine('concurrent ingests and writers', (s) => {
  let rt: TestRuntime;
  before(async () => {
    // catalog and sample providers in place, so the CLI processes start on a prepared database
    rt = await createTestRuntime(s.test);
  });

  const subjectsPerCode = async (codes: readonly string[]) => {
    const rows = await s.db
      .selectFrom('subject')
      .select(['uscc', (eb) => eb.fn.countAll<number>().as('n')])
      .where('uscc', 'in', codes)
      .groupBy('uscc')
      .execute();
    return new Map(rows.map((r) => [r.uscc, Number(r.n)]));
  };

  it('two CLI ingests started together, sharing 300 new subjects, both complete with one subject per code', {
    timeout: 180_000,
  }, async () => {
    // the shared subjects first, in opposite orders: whatever the processes' start-up times, where they meet both
    // are creating the same subjects
    const a = [...SUBJECTS.slice(0, 300), ...SUBJECTS.slice(300, 600)];
    const b = [...SUBJECTS.slice(0, 300).reverse(), ...SUBJECTS.slice(600, 900)];
    const fileA = path.join(s.test.dir, 'a.csv');
    const fileB = path.join(s.test.dir, 'b.csv');
    writePenalties(fileA, 1, a);
    writePenalties(fileB, 2, b);
    const args = (file: string) => [
      'ingest',
      file,
      '--item',
      'XZCF',
      '--provider',
      'zj-nb-sthj',
      '--chunk-size',
      '25',
      '--json',
    ];
    const [ra, rb] = await Promise.all([runCli(args(fileA), s.test.env), runCli(args(fileB), s.test.env)]);
    for (const summary of [summaryOf(ra), summaryOf(rb)]) {
      assert.deepEqual(
        {
          status: summary.status,
          read: summary.read,
          inserted: summary.inserted,
          rejected: summary.rejected,
        },
        { status: 'completed', read: 600, inserted: 600, rejected: 0 },
      );
    }
    const codes = SUBJECTS.slice(0, 900).map((x) => x.uscc);
    const perCode = await subjectsPerCode(codes);
    assert.equal(perCode.size, 900, 'every subject exists');
    assert.deepEqual(
      [...perCode].filter(([, n]) => n !== 1),
      [],
      'one subject per code',
    );
    const records = await s.db
      .selectFrom('record')
      .innerJoin('subject', 'subject.id', 'record.subject_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject.uscc', 'in', codes)
      .executeTakeFirstOrThrow();
    assert.equal(Number(records.n), 1200);
  });

  it('two ingests over separate connections, sharing 200 new subjects chunk for chunk, both complete', {
    timeout: 120_000,
  }, async () => {
    const shared = SUBJECTS.slice(900, 1100);
    const own = [SUBJECTS.slice(1100, 1200), SUBJECTS.slice(1200, 1300)];
    const other = createDatabase(
      s.test.config,
      s.test.pgSchema === undefined ? {} : { pgSchema: s.test.pgSchema },
    );
    try {
      const runtimes = [rt, { ...rt, db: other }];
      const summaries = await Promise.all(
        runtimes.map((r, k) =>
          ingest(r, {
            actor: systemActor('test'),
            item: 'XZCF',
            provider: 'zj-nb-sthj',
            origin: 'api',
            chunkSize: 20,
            source: {
              kind: 'rows',
              rows: [...shared, ...(own[k] ?? [])].map((x, i) => ({
                CF_WSH: `甬环罚〔2025〕${k + 1}${String(i).padStart(5, '0')}号`,
                ...penaltySubject(x),
                ...penaltyFields({ CF_JDRQ: '2025-03-01' }),
              })),
            },
          }),
        ),
      );
      for (const summary of summaries)
        assert.deepEqual(
          {
            status: summary.status,
            message: summary.message,
            read: summary.read,
            inserted: summary.inserted,
            rejected: summary.rejected,
          },
          { status: 'completed', message: null, read: 300, inserted: 300, rejected: 0 },
        );
      const perCode = await subjectsPerCode(SUBJECTS.slice(900, 1300).map((x) => x.uscc));
      assert.equal(perCode.size, 400, 'every subject exists');
      assert.deepEqual(
        [...perCode].filter(([, n]) => n !== 1),
        [],
        'one subject per code',
      );
    } finally {
      await other.destroy();
    }
  });

  it('two ingests over separate connections, sharing 100 new subjects known only by name, make one subject per name', {
    timeout: 120_000,
  }, async () => {
    const names = Array.from({ length: 200 }, (_, i) => `西安市并发测试${i}号小吃店`);
    const shared = names.slice(0, 100);
    const own = [names.slice(100, 150), names.slice(150, 200)];
    const other = createDatabase(
      s.test.config,
      s.test.pgSchema === undefined ? {} : { pgSchema: s.test.pgSchema },
    );
    try {
      const summaries = await Promise.all(
        [rt, { ...rt, db: other }].map((r, k) =>
          ingest(r, {
            actor: systemActor('test'),
            item: 'XZCF',
            provider: 'zj-nb-sthj',
            origin: 'api',
            chunkSize: 10,
            source: {
              kind: 'rows',
              rows: [...shared, ...(own[k] ?? [])].map((name, i) => ({
                CF_WSH: `甬环罚〔2025〕${k + 5}${String(i).padStart(5, '0')}号`,
                CF_XDR_MC: name,
                CF_XDR_LB: '个体工商户',
                ...penaltyFields({ CF_JDRQ: '2025-03-01' }),
              })),
            },
          }),
        ),
      );
      for (const summary of summaries)
        assert.deepEqual(
          {
            status: summary.status,
            message: summary.message,
            inserted: summary.inserted,
            rejected: summary.rejected,
          },
          { status: 'completed', message: null, inserted: 150, rejected: 0 },
        );
      const perName = await s.db
        .selectFrom('subject')
        .select(['name', (eb) => eb.fn.countAll<number>().as('n')])
        .where('name', 'in', names)
        .groupBy('name')
        .execute();
      assert.equal(perName.length, 200, 'every subject exists');
      assert.deepEqual(
        perName.filter((r) => Number(r.n) !== 1),
        [],
        'one subject per name',
      );
    } finally {
      await other.destroy();
    }
  });

  it('a CLI ingest completes while another connection writes 15 times a second', {
    timeout: 180_000,
  }, async () => {
    // three penalties on each of 1700 subjects, in chunks of 1000 rows (the default): each chunk reads for a while
    // before it writes, and under the other writer's commits a deferred transaction could never upgrade
    const subjects = SUBJECTS.slice(1300, 3000);
    const file = path.join(s.test.dir, 'c.csv');
    writePenalties(file, 3, [...subjects, ...subjects, ...subjects]);
    let cliDone = false;
    const cli = runCli(
      ['ingest', file, '--item', 'XZCF', '--provider', 'zj-nb-sthj', '--json'],
      s.test.env,
    ).finally(() => {
      cliDone = true;
    });
    const loadErrors: string[] = [];
    let writes = 0;
    const started = Date.now();
    // 15 writes a second until the ingest ends, at most 60 s (900 writes)
    while (!cliDone && writes < 900) {
      const due = started + writes * (1000 / 15);
      if (due > Date.now()) await sleep(due - Date.now());
      const n = writes++;
      await bumpCounter(s.db, `api-load-${n % 20}`).catch((e: unknown) =>
        loadErrors.push((e as Error).message),
      );
    }
    const run = await cli;
    const failed = await s.db.selectFrom('batch').select('message').where('status', '=', 'failed').execute();
    const summary = summaryOf(run, failed.map((b) => ` ${b.message}`).join(''));
    assert.deepEqual(
      { status: summary.status, read: summary.read, inserted: summary.inserted, rejected: summary.rejected },
      { status: 'completed', read: 5100, inserted: 5100, rejected: 0 },
    );
    assert.ok(writes >= 15, `the load ran alongside the ingest (${writes} writes)`);
    assert.deepEqual(loadErrors, [], 'the other writer never failed either');
  });
});
