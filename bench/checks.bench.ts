// Joint-discipline checks on the bench database: a bulk check of 10,000 subjects (10 checks of 1,000, each signed
// and stored) against a same-run baseline of plain SQL lookups of the same subjects and their records; and
// single-subject check latency over HTTP (autocannon, API-client bearer token).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createClient } from '../src/modules/access/client.service.js';
import { runCheck } from '../src/modules/checks/run-check.service.js';
import { systemActor } from '../src/platform/actor.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { openRuntime } from '../src/runtime.js';
import { createRng } from '../src/sample/random.js';
import { benchConfig, benchSubject, ensureBenchDb } from './bench-db.js';
import { type BenchResult, emit } from './bench-result.js';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const BULK = Number(process.env.BENCH_CHECK_SUBJECTS ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

const db = await ensureBenchDb(SUBJECTS, RECORDS);
const rt = await openRuntime(benchConfig(db.dir));
const rng = createRng(17);
const codes = Array.from({ length: BULK }, () => benchSubject(Math.floor(rng.next() * SUBJECTS)).uscc);
const actor = systemActor('bench');

// baseline: the same lookups as plain SQL, no verdicts, no receipts
let t = performance.now();
for (let i = 0; i < codes.length; i += 500) {
  const part = codes.slice(i, i + 500);
  const ids = await rt.db.selectFrom('subject').select('id').where('uscc', 'in', part).execute();
  await rt.db
    .selectFrom('record')
    .select(['id', 'subject_id', 'item_code'])
    .where(
      'subject_id',
      'in',
      ids.map((r) => r.id),
    )
    .where('is_current', '=', 1)
    .execute();
}
const baselineMs = performance.now() - t;

t = performance.now();
let barred = 0;
for (let i = 0; i < codes.length; i += 1000) {
  const receipt = await runCheck(rt, actor, {
    scenario: 'licensing',
    subjects: codes.slice(i, i + 1000).map((uscc) => ({ uscc })),
  });
  barred += receipt.payload.results.filter((r) => r.verdict !== 'clear').length;
}
const bulkMs = performance.now() - t;

const issued = await inTransaction(rt.db, (tx) =>
  createClient(
    tx,
    actor,
    {
      name: 'bench procurement system',
      role: 'credit_user',
      organization: '基准测试采购中心',
      scenarios: ['procurement', 'licensing'],
    },
    new Date(),
  ),
);
await sql`pragma wal_checkpoint(TRUNCATE)`.execute(rt.db);
await rt.close();

const child: ChildProcess = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(import.meta.dirname, 'serve-child.ts'), 'app', db.dir],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, XINYONG_LOG_LEVEL: 'silent' },
  },
);
const port = await new Promise<number>((resolve, reject) => {
  child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});
let http: autocannon.Result;
try {
  http = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 10,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/checks',
        headers: { authorization: `Bearer ${issued.token}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            scenario: 'procurement',
            subjects: [{ uscc: benchSubject(Math.floor(rng.next() * SUBJECTS)).uscc }],
          }),
        }),
      },
    ],
  });
} finally {
  child.kill();
}

const results: BenchResult[] = [
  {
    name: `bulk check of ${BULK.toLocaleString('en')} subjects against ${SUBJECTS.toLocaleString('en')}`,
    metric: 'ms',
    value: Math.round(bulkMs),
    unit: 'ms',
    baseline: 'plain SQL lookups of the same subjects and records',
    baselineValue: Math.round(baselineMs),
    ratio: baselineMs / bulkMs,
    goal: '< 1,000 ms',
    notes: `${barred} subjects not clear; 10 signed receipts stored`,
  },
  {
    name: 'single-subject check over HTTP p99 (10 connections)',
    metric: 'ms',
    value: http.latency.p99,
    unit: 'ms',
    baseline: 'median latency of the same run',
    baselineValue: http.latency.p50,
    ratio: http.latency.p50 / Math.max(http.latency.p99, 1),
    goal: 'p95 reported; autocannon gives p90/p97.5/p99',
    notes: `p90 ${http.latency.p90} ms, p97.5 ${http.latency.p97_5} ms, ${Math.round(http.requests.average)} req/s, non-2xx ${http.non2xx}`,
  },
];
emit(results);
