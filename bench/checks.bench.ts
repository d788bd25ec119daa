// Joint-discipline checks on the bench database: a bulk check of 10,000 subjects (10 checks of 1,000, each signed
// and stored) against a same-run baseline of plain SQL lookups of the same subjects and their records; and
// single-subject check latency over HTTP (autocannon, API-client bearer token).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { createClient } from '../src/modules/access/client.service.js';
import { runCheck } from '../src/modules/checks/run-check.service.js';
import { measuresForScenario } from '../src/modules/measures/measure.service.js';
import { IN_FORCE_PREDICATE } from '../src/modules/records/in-force-records.service.js';
import { systemActor } from '../src/platform/actor.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { openRuntime } from '../src/runtime.js';
import { createRng } from '../src/sample/random.js';
import { shanghaiDate } from '../src/standards/calendar-date.js';
import { benchConfig, benchSubject, ensureBenchDb, warmPageCache } from './bench-db.js';
import { type BenchResult, emit } from './bench-result.js';
import { type LoadResult, load, percentile } from './load.js';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const BULK = Number(process.env.BENCH_CHECK_SUBJECTS ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

const db = await ensureBenchDb(SUBJECTS, RECORDS);
const warmMs = warmPageCache(db);
const rt = await openRuntime(benchConfig(db.dir));
const rng = createRng(17);
const codes = Array.from({ length: BULK }, () => benchSubject(Math.floor(rng.next() * SUBJECTS)).uscc);
const actor = systemActor('bench');

// warm-up, as a running server is: one check of 1,000 other subjects compiles the code paths and reads the
// indexes' upper levels (for the baseline and the checks alike); the subjects timed below are not among them
const warmRng = createRng(71);
await runCheck(rt, actor, {
  scenario: 'licensing',
  subjects: Array.from({ length: 1000 }, () => ({
    uscc: benchSubject(Math.floor(warmRng.next() * SUBJECTS)).uscc,
  })),
});

// Baseline: the lookups a check makes, as plain SQL with no verdicts, receipts or storage: the subjects by code,
// then their records in force on the day, of the items the scenario's measures trigger on, from the in-force index. It reads as many other random subjects (pages read
// for one would be in the page cache for the other).
const baseRng = createRng(29);
const baseCodes = Array.from(
  { length: BULK },
  () => benchSubject(Math.floor(baseRng.next() * SUBJECTS)).uscc,
);
const items = [
  ...new Set(
    (await measuresForScenario(rt.db, 'licensing')).flatMap((m) => m.spec.triggers.map((x) => x.item)),
  ),
];
const today = shanghaiDate(new Date());
let t = performance.now();
for (let i = 0; i < baseCodes.length; i += 500) {
  const part = baseCodes.slice(i, i + 500);
  const subjects = await rt.db
    .selectFrom('subject')
    .select(['id', 'kind', 'name', 'uscc'])
    .where('uscc', 'in', part)
    .execute();
  await rt.db
    .selectFrom('record')
    .select(['id', 'subject_id', 'item_code', 'severity', 'decision_date', 'publicity_end'])
    .where(
      'subject_id',
      'in',
      subjects.map((r) => r.id),
    )
    .where('item_code', 'in', items)
    .where((eb) => eb.or([eb('publicity_start', 'is', null), eb('publicity_start', '<=', today)]))
    .where((eb) => eb.or([eb('publicity_end', 'is', null), eb('publicity_end', '>', today)]))
    .where(IN_FORCE_PREDICATE)
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
let http: LoadResult;
let floor: LoadResult;
try {
  // the same server's HTTP floor at the same concurrency: a request that does no work
  floor = await load({
    url: `http://127.0.0.1:${port}/healthz`,
    connections: 10,
    duration: Math.min(DURATION, 5),
  });
  http = await load({
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
    baseline: 'plain SQL: the same subjects and their records in force',
    baselineValue: Math.round(baselineMs),
    ratio: baselineMs / bulkMs,
    goal: '< 1,000 ms',
    notes: `${barred} subjects not clear; 10 signed receipts stored; page cache warmed first (${Math.round(warmMs)} ms to read the database file)`,
  },
  {
    name: 'single-subject check over HTTP p95 (10 connections)',
    metric: 'ms',
    value: Number(percentile(http.latencies, 0.95).toFixed(1)),
    unit: 'ms',
    baseline: 'GET /healthz p95, same server and concurrency',
    baselineValue: Number(percentile(floor.latencies, 0.95).toFixed(1)),
    ratio: percentile(floor.latencies, 0.95) / Math.max(percentile(http.latencies, 0.95), 0.001),
    goal: 'p95 reported',
    notes: `p50 ${percentile(http.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(http.latencies, 0.99).toFixed(1)} ms, ${Math.round(http.result.requests.average)} req/s, non-2xx ${http.result.non2xx}`,
  },
];
emit(results);
