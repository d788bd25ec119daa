// `npm run bench`: runs every bench/*.bench.ts in its own process (so peak memory is per benchmark) and prints one
// table. BENCH_ONLY=ingest runs matching benchmarks only; BENCH_ROWS scales the ingest benchmark.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './bench-result.js';

const dir = import.meta.dirname;
const only = process.env.BENCH_ONLY;
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only === undefined || only.split(',').some((o) => f.includes(o)))
  .sort();

const rows: BenchResult[] = [];
for (const f of files) {
  process.stderr.write(`running ${f} …\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, f)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, XINYONG_LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('[')) {
    process.stderr.write(`${f} failed (exit ${r.status})\n${r.stdout}\n`);
    process.exitCode = 1;
    continue;
  }
  rows.push(...(JSON.parse(last) as BenchResult[]));
}

const fmt = (n: number | null) =>
  n === null || Number.isNaN(n) ? '-' : Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(2);
const table = [
  ['benchmark', 'value', 'baseline (same run)', 'ratio', 'goal'],
  ...rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.baselineValue === 0 ? r.baseline : `${fmt(r.baselineValue)} ${r.unit} (${r.baseline})`,
    fmt(r.ratio),
    r.goal,
  ]),
];
const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => [...(row[i] ?? '')].length))) ?? [];
for (const [i, row] of table.entries()) {
  console.log(row.map((c, j) => c.padEnd(widths[j] ?? 0)).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
}
for (const r of rows) if (r.notes !== undefined) console.log(`  ${r.name}: ${r.notes}`);
