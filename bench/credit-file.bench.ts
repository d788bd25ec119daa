// Credit-file lookups over HTTP (autocannon, 50 connections) on the bench database, against bare Fastify serving
// a static JSON of the same size in the same run; and name-search p95 against exact code lookups.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { searchSubjects } from '../src/modules/subjects/search-subjects.service.js';
import { openRuntime } from '../src/runtime.js';
import { createRng } from '../src/sample/random.js';
import { benchConfig, benchSubject, ensureBenchDb, warmPageCache } from './bench-db.js';
import { type BenchResult, emit } from './bench-result.js';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

const db = await ensureBenchDb(SUBJECTS, RECORDS);
const warmMs = warmPageCache(db);

async function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'serve-child.ts'), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, XINYONG_LOG_LEVEL: 'silent' },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, port };
}

async function cannon(url: string, paths?: () => string): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: 50,
    duration: DURATION,
    ...(paths === undefined ? {} : { requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }] }),
  });
}

const rng = createRng(5);
const randomUscc = () => benchSubject(Math.floor(rng.next() * SUBJECTS)).uscc;

const app = await startChild(['app', db.dir]);
let fileResult: autocannon.Result;
let sample = '';
try {
  // the baseline serves a file of the size the benchmark's lookups return: the median of 101 random files
  const sizes: string[] = [];
  for (let i = 0; i < 101; i++) {
    const r = await fetch(`http://127.0.0.1:${app.port}/api/v1/subjects/${randomUscc()}`);
    sizes.push(await r.text());
  }
  sizes.sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b));
  sample = sizes[50] ?? '';
  fileResult = await cannon(`http://127.0.0.1:${app.port}`, () => `/api/v1/subjects/${randomUscc()}`);
} finally {
  app.child.kill();
}
const staticFile = path.join(db.dir, 'static-sample.json');
fs.writeFileSync(staticFile, sample);
const stat = await startChild(['static', staticFile]);
let staticResult: autocannon.Result;
try {
  staticResult = await cannon(`http://127.0.0.1:${stat.port}/static`);
} finally {
  stat.child.kill();
}

const rt = await openRuntime(benchConfig(db.dir), { prepare: false });
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
const nameTimes: number[] = [];
const codeTimes: number[] = [];
try {
  for (let i = 0; i < 400; i++) {
    const s = benchSubject(Math.floor(rng.next() * SUBJECTS));
    const chars = [...s.name];
    const len = 2 + (i % 3);
    const start = Math.floor(rng.next() * (chars.length - len));
    const q = chars.slice(start, start + len).join('');
    let t = performance.now();
    await searchSubjects(rt.db, q, { limit: 20, offset: 0 });
    nameTimes.push(performance.now() - t);
    t = performance.now();
    await searchSubjects(rt.db, s.uscc, { limit: 20, offset: 0 });
    codeTimes.push(performance.now() - t);
  }
} finally {
  await rt.close();
}

const results: BenchResult[] = [
  {
    name: `credit file over HTTP (${SUBJECTS.toLocaleString('en')} subjects / ${RECORDS.toLocaleString('en')} records)`,
    metric: 'requests/s',
    value: Math.round(fileResult.requests.average),
    unit: 'req/s',
    baseline: `Fastify static JSON of ${Buffer.byteLength(sample)} bytes (median file)`,
    baselineValue: Math.round(staticResult.requests.average),
    ratio: fileResult.requests.average / staticResult.requests.average,
    goal: 'ratio ≥ 0.3',
    notes: `p99 latency ${fileResult.latency.p99} ms, errors ${fileResult.errors + fileResult.non2xx}; page cache warmed first (${Math.round(warmMs)} ms to read the database file)`,
  },
  {
    name: 'name search p95 (2–4 characters)',
    metric: 'ms',
    value: Number(p95(nameTimes).toFixed(2)),
    unit: 'ms',
    baseline: 'exact USCC lookup p95',
    baselineValue: Number(p95(codeTimes).toFixed(2)),
    ratio: p95(codeTimes) / p95(nameTimes),
    goal: '< 20 ms',
  },
];
emit(results);
