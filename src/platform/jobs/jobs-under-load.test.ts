import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import pino from 'pino';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestRuntime } from '../../../test/support/runtime.js';
import { allJobs } from '../../jobs.js';
import { startScheduler } from './scheduler.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const WRITE_LOAD = path.join(ROOT, 'test', 'support', 'write-load.ts');

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

forEachEngine('background jobs under write load', (s) => {
  it('every job, run each second beside another process writing 15 times a second, succeeds and logs no locked database', {
    timeout: 120_000,
  }, async () => {
    const rt = await createTestRuntime(s.test);
    const lines: { level: number; msg: string; err?: { message?: string } }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });

    // 75 read-then-write units at 15 a second: about 5 s of load
    const load = spawn(process.execPath, ['--import', 'tsx', WRITE_LOAD, '75', '15'], {
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

    const everySecond = allJobs(rt).map((job) => ({ ...job, schedule: '* * * * * *' }));
    const scheduler = startScheduler(rt.db, everySecond, rt.clock, log);
    const code = await exited;
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

    assert.equal(code, 0, `the other process's writes all succeeded: ${out}${err}`);
    const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { writes?: number };
    assert.equal(result.writes, 75);
    const problems = lines.filter((l) => l.level >= 40 || /locked|busy/i.test(JSON.stringify(l)));
    assert.deepEqual(problems, [], 'no job failed or logged a busy database');
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
