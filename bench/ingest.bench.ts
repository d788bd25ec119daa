// Ingest throughput: a generated 行政处罚 CSV through the full pipeline into SQLite, against a baseline of
// csv-parse → plain prepared INSERTs of the same rows into a bare table with better-sqlite3, in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { parse } from 'csv-parse';
import { ingest } from '../src/modules/ingestion/ingest.service.js';
import { systemActor } from '../src/platform/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { openRuntime } from '../src/runtime.js';
import { type BenchResult, emit } from './bench-result.js';
import { syntheticSubjects, writePenaltyCsv } from './generate-data.js';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const cacheDir = path.resolve(import.meta.dirname, '.cache');
fs.mkdirSync(cacheDir, { recursive: true });
const csv = path.join(cacheDir, `xzcf-${rows}.csv`);
if (!fs.existsSync(csv)) {
  process.stderr.write(`generating ${rows} rows → ${csv}\n`);
  writePenaltyCsv(csv, rows, syntheticSubjects(Math.max(1000, Math.round(rows / 10))));
}

async function baseline(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-bench-base-'));
  const db = new SQLite(path.join(dir, 'base.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const parser = fs.createReadStream(csv).pipe(parse({ relax_quotes: true }));
  let insert: SQLite.Statement | undefined;
  let buffer: string[][] = [];
  const flush = db.transaction((batch: string[][]) => {
    for (const r of batch) insert?.run(r);
  });
  const t = performance.now();
  let n = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (insert === undefined) {
      db.exec(`create table penalty (${record.map((h) => `"${h}" text`).join(',')})`);
      insert = db.prepare(`insert into penalty values (${record.map(() => '?').join(',')})`);
      continue;
    }
    buffer.push(record);
    n++;
    if (buffer.length === 1000) {
      flush(buffer);
      buffer = [];
    }
  }
  flush(buffer);
  const seconds = (performance.now() - t) / 1000;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return n / seconds;
}

async function pipeline(): Promise<{ rate: number; timings: Record<string, number> | undefined }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-bench-ingest-'));
  const config = loadConfig({ XINYONG_DATA_DIR: dir, XINYONG_LOG_LEVEL: 'silent' });
  const rt = await openRuntime(config);
  try {
    const t = performance.now();
    const s = await ingest(rt, {
      actor: systemActor('bench'),
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: { kind: 'file', path: csv, fileName: path.basename(csv) },
      origin: 'file',
    });
    const seconds = (performance.now() - t) / 1000;
    if (s.status !== 'completed' || s.inserted !== rows)
      throw new Error(`ingest ended ${s.status} with ${s.inserted}/${rows} inserted`);
    return { rate: rows / seconds, timings: s.timings as Record<string, number> | undefined };
  } finally {
    await rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const base = await baseline();
const run = await pipeline();
const rssMb = process.resourceUsage().maxRSS / 1024;
const results: BenchResult[] = [
  {
    name: `ingest ${rows.toLocaleString('en')} 行政处罚 rows (SQLite)`,
    metric: 'rows/s',
    value: Math.round(run.rate),
    unit: 'rows/s',
    baseline: 'csv-parse → prepared INSERT, bare table',
    baselineValue: Math.round(base),
    ratio: run.rate / base,
    goal: '≥ 50,000 rows/s, ratio ≥ 0.5',
    notes: `stages ms ${JSON.stringify(run.timings ?? {})}`,
  },
  {
    name: 'ingest peak RSS',
    metric: 'MB',
    value: Math.round(rssMb),
    unit: 'MB',
    baseline: '-',
    baselineValue: 0,
    ratio: null,
    goal: '< 400 MB',
  },
];
emit(results);
