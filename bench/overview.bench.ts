// The portal's public overview under load on the bench database (BENCH_SUBJECTS / BENCH_RECORDS, the cache the
// credit-file benchmark uses): 20 clients loop on GET /api/v1/dashboard/overview while 20 others read random credit
// files, against the credit files read alone in the same run. Before migration 0014 the overview counted the
// records and subjects on every request; now it reads the tallies the writes maintain (docs/adr/0012). Also: the
// overview's own time in process (its database time) against the live count it replaced, on the same data. With
// BENCH_PG_URL set, the same on a PostgreSQL copy of the bench database (bench-pg.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { portalOverview } from '../src/modules/dashboard/dashboard.service.js';
import { countPublicRecordsLive } from '../src/modules/records/public-tally.js';
import { countSubjectsLive } from '../src/modules/subjects/subject-tally.js';
import { openRuntime } from '../src/runtime.js';
import { createRng } from '../src/sample/random.js';
import { shanghaiDate } from '../src/standards/calendar-date.js';
import { benchConfig, benchSubject, ensureBenchDb, warmPageCache } from './bench-db.js';
import { BENCH_PG_URL, ensurePgBenchDb } from './bench-pg.js';
import { type BenchResult, emit } from './bench-result.js';
import { type LoadResult, load, percentile } from './load.js';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 20;
/** Clients reading credit files meanwhile: a steady load that leaves the server headroom, as in service. */
const FILE_CLIENTS = Number(process.env.BENCH_FILE_CLIENTS ?? 4);

const db = await ensureBenchDb(SUBJECTS, RECORDS);
const warmMs = warmPageCache(db);

async function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'serve-child.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, XINYONG_LOG_LEVEL: 'silent' } },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, port };
}

const rng = createRng(15);
const randomFile = () => `/api/v1/subjects/${benchSubject(Math.floor(rng.next() * SUBJECTS)).uscc}`;

/** One engine: the overview's cost in process, then the HTTP load. `databaseUrl`: the PostgreSQL copy. */
async function measure(engine: string, databaseUrl?: string): Promise<BenchResult[]> {
  // in process first: what one overview costs the database now, and what the live count it replaced cost
  const rt = await openRuntime(benchConfig(db.dir, databaseUrl), { prepare: false });
  const overviewMs: number[] = [];
  let liveMs = 0;
  let figures = '';
  try {
    const now = new Date();
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const o = await portalOverview(rt.db, rt.config.region, now);
      overviewMs.push(performance.now() - t);
      figures = `${o.subjects.total.toLocaleString('en')} subjects, ${o.publicRecords.total.toLocaleString('en')} records in publicity`;
    }
    overviewMs.sort((a, b) => a - b);
    const t = performance.now();
    await Promise.all([countSubjectsLive(rt.db), countPublicRecordsLive(rt.db, shanghaiDate(now))]);
    liveMs = performance.now() - t;
  } finally {
    await rt.close();
  }

  const app = await startChild(['app', db.dir, ...(databaseUrl === undefined ? [] : [databaseUrl])]);
  const base = `http://127.0.0.1:${app.port}`;
  const files = (duration: number) =>
    load({
      url: base,
      connections: FILE_CLIENTS,
      duration,
      requests: [{ setupRequest: (r) => ({ ...r, path: randomFile() }) }],
    });
  const overview = (duration: number) =>
    load({ url: `${base}/api/v1/dashboard/overview`, connections: CLIENTS, duration });
  let alone: LoadResult;
  let aloneAfter: LoadResult;
  let withHealthz: LoadResult;
  let overviewAlone: LoadResult;
  let together: { overview: LoadResult; files: LoadResult };
  try {
    // warm-up: compile routes, fill the statement caches
    await files(2);
    await overview(2);
    alone = await files(DURATION);
    overviewAlone = await overview(DURATION);
    const [o, f] = await Promise.all([overview(DURATION), files(DURATION)]);
    together = { overview: o, files: f };
    // alone again after: on a shared machine one run can be lucky or unlucky; the better of the two is the baseline
    const again = await files(DURATION);
    aloneAfter = again;
    // the same competition for CPU from the cheapest route there is: what is left is not the overview's doing
    const [, h] = await Promise.all([
      load({ url: `${base}/healthz`, connections: CLIENTS, duration: DURATION }),
      files(DURATION),
    ]);
    withHealthz = h;
  } finally {
    app.child.kill();
  }

  const p99 = (r: LoadResult) => percentile(r.latencies, 0.99);
  const filesAlone = p99(aloneAfter) < p99(alone) ? aloneAfter : alone;
  const errors = (r: LoadResult) => r.result.errors + r.result.non2xx;
  return [
    {
      name: `public overview p99, ${CLIENTS} clients, while ${FILE_CLIENTS} read credit files (${engine}, ${scale})`,
      metric: 'p99',
      value: Math.round(p99(together.overview)),
      unit: 'ms',
      baseline: 'one live count of the same figures (before 0014)',
      baselineValue: Math.round(liveMs),
      ratio: liveMs / Math.max(1, p99(together.overview)),
      goal: '< 50 ms',
      notes: `${Math.round(together.overview.result.requests.average)} req/s, errors ${errors(together.overview)}; alone p99 ${Math.round(p99(overviewAlone))} ms at ${Math.round(overviewAlone.result.requests.average)} req/s; in process p99 ${percentile(overviewMs, 0.99).toFixed(2)} ms (p50 ${percentile(overviewMs, 0.5).toFixed(2)} ms) over 200 calls; ${figures}`,
    },
    {
      name: `credit file p99 while the overview is hammered (${engine}, ${FILE_CLIENTS} + ${CLIENTS} clients)`,
      metric: 'p99',
      value: Math.round(p99(together.files)),
      unit: 'ms',
      baseline: `credit files alone, ${FILE_CLIENTS} clients`,
      baselineValue: Math.round(p99(filesAlone)),
      ratio: p99(filesAlone) / Math.max(1, p99(together.files)),
      goal: 'keeps its p99 (the two compete only for CPU)',
      notes: `${Math.round(together.files.result.requests.average)} req/s vs ${Math.round(filesAlone.result.requests.average)} req/s alone (p99 alone before ${Math.round(p99(alone))} ms, after ${Math.round(p99(aloneAfter))} ms), errors ${errors(together.files)} / ${errors(alone) + errors(aloneAfter)}; while ${CLIENTS} clients hammer /healthz instead: p99 ${Math.round(p99(withHealthz))} ms at ${Math.round(withHealthz.result.requests.average)} req/s`,
    },
  ];
}

const scale = `${SUBJECTS.toLocaleString('en')} subjects / ${RECORDS.toLocaleString('en')} records`;
const results = await measure('SQLite');
if (results[0] !== undefined)
  results[0] = { ...results[0], notes: `${results[0].notes}; page cache warmed (${Math.round(warmMs)} ms)` };
if (BENCH_PG_URL === undefined) process.stderr.write('PostgreSQL rows skipped: set BENCH_PG_URL\n');
else results.push(...(await measure('PostgreSQL', await ensurePgBenchDb(db, BENCH_PG_URL))));
emit(results);
