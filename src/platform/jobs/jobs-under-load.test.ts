import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import pino from 'pino';
import { syntheticSubjects } from '../../../bench/generate-data.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { toCsv } from '../../../test/support/files.js';
import { penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestRuntime } from '../../../test/support/runtime.js';
import { allJobs } from '../../jobs.js';
import { startScheduler } from './scheduler.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const WRITE_LOAD = path.join(ROOT, 'test', 'support', 'write-load.ts');
const BIN = path.join(ROOT, 'bin', 'xinyong.js');

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

forEachEngine('background jobs under write load', (s) => {
  it('every job, run each second beside a CLI ingest and another process writing 15 times a second, succeeds and logs no locked database', {
    timeout: 120_000,
  }, async () => {
    const rt = await createTestRuntime(s.test);
    // besides the write load, a CLI ingest of 5100 rows: its chunks hold the write lock most of the time
    const file = path.join(s.test.dir, 'load.csv');
    const subjects = syntheticSubjects(1700, 3);
    fs.writeFileSync(
      file,
      toCsv(
        [...subjects, ...subjects, ...subjects].map((x, i) => ({
          CF_WSH: `甬环罚〔2024〕${9_000_000 + i}号`,
          ...penaltySubject(x),
          ...penaltyFields({ CF_JDRQ: '2024-06-01' }),
        })),
      ),
    );
    const ingest = spawn(
      process.execPath,
      [BIN, 'ingest', file, '--item', 'XZCF', '--provider', 'zj-nb-sthj', '--json'],
      {
        env: { ...process.env, ...s.test.env, XINYONG_SAMPLE_DATA: 'true' },
        stdio: 'ignore',
        timeout: 120_000,
      },
    );
    const ingested = new Promise<number | null>((resolve) => ingest.once('close', resolve));
    const lines: { level: number; msg: string; job?: string; err?: { message?: string } }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });

    // 120 read-then-write units at 15 a second: 8 s of load
    const load = spawn(process.execPath, ['--import', 'tsx', WRITE_LOAD, '120', '15'], {
      cwd: ROOT,
      env: { ...process.env, ...s.test.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let out = '';
    let err = '';
    load.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    load.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => load.once('close', resolve));
    for (let i = 0; i < 300 && !out.includes('ready'); i++) await sleep(100);
    assert.ok(out.includes('ready'), `the load started: ${err}`);

    // evaluation-quarterly and evaluation-on-change meet every second here as they do at 01:30 on a quarter's first
    // day: one of them starts the run, the other is skipped (before serializeOn, PostgreSQL failed one of them on
    // evaluation_result_current)
    const everySecond = allJobs(rt).map((job) => ({ ...job, schedule: '* * * * * *' }));
    const scheduler = startScheduler(rt.db, everySecond, rt.clock, log);
    const [code, ingestCode] = await Promise.all([exited, ingested]);
    scheduler.stop();
    for (let i = 0; i < 200; i++) {
      const running = await rt.db
        .selectFrom('job_run')
        .select('id')
        .where('status', '=', 'running')
        .execute();
      if (running.length === 0) break;
      await sleep(100);
    }

    const problems = lines.filter((l) => l.level >= 40 || /locked|busy/i.test(JSON.stringify(l)));
    assert.deepEqual(
      problems.map((l) => `${l.job ?? ''} ${l.msg}: ${l.err?.message ?? ''}`),
      [],
      'no job failed or logged a busy database',
    );
    assert.equal(code, 0, `the other process's writes all succeeded: ${out}${err}`);
    assert.equal(ingestCode, 0, 'the ingest succeeded');
    const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { writes?: number };
    assert.equal(result.writes, 120);
    const runs = await rt.db.selectFrom('job_run').select(['job', 'status', 'summary']).execute();
    assert.ok(
      new Set(runs.map((r) => r.job)).size === everySecond.length,
      `every job ran (${runs.length} runs)`,
    );
    assert.deepEqual(
      runs.filter((r) => r.status !== 'succeeded'),
      [],
      'every run succeeded',
    );
  });
});
