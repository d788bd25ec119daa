// Public credit evaluation on the bench database (default 1,000,000 subjects / 5,000,000 records, SQLite):
// a full run of the default model against a `select subject_id, count(*) … group by subject_id` over the same
// records in the same run, then an incremental run after 1,000 subjects changed (a record version each) against
// a plain read of those subjects' records. Works on a copy of the cached database, which stays untouched.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { runEvaluation } from '../src/modules/evaluation/run-evaluation.service.js';
import { systemActor } from '../src/platform/actor.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { openRuntime } from '../src/runtime.js';
import { createRng } from '../src/sample/random.js';
import { benchConfig, ensureBenchDb } from './bench-db.js';
import { type BenchResult, emit } from './bench-result.js';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 5_000_000);
const CHANGED = Math.min(1000, Math.max(1, Math.floor(SUBJECTS / 10)));

const cached = await ensureBenchDb(SUBJECTS, RECORDS);
const work = path.resolve(import.meta.dirname, '.cache', `evaluation-work-${process.pid}`);
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
for (const f of ['xinyong.sqlite', 'secrets.json'])
  fs.copyFileSync(path.join(cached.dir, f), path.join(work, f));
fs.chmodSync(path.join(work, 'secrets.json'), 0o600);

const log = (m: string) => process.stderr.write(`[evaluation] ${m}\n`);
const rt = await openRuntime(benchConfig(work));
const actor = systemActor('bench');
let results: BenchResult[];
try {
  // baseline: one set-based aggregate over the same records, all groups fetched
  let t = performance.now();
  const groups = await sql<{
    subject_id: number;
    n: number;
  }>`select subject_id, count(*) as n from record group by subject_id`.execute(rt.db);
  const baselineFull = (performance.now() - t) / 1000;
  log(`baseline group-by: ${groups.rows.length} groups in ${baselineFull.toFixed(2)} s`);

  const full = await runEvaluation(rt, actor, {
    onProgress: (p) => {
      if (p.phase === 'scoring' && (p.done % 200_000 === 0 || p.done === p.total))
        log(`full ${p.done}/${p.total}`);
    },
  });
  log(
    `full run: ${full.subjectsEvaluated} subjects in ${full.seconds.toFixed(1)} s ${JSON.stringify(full.timings)} ${JSON.stringify(full.gradeCounts)}`,
  );

  // 1,000 subjects change: one of their current records gets a new version (a revocation)
  const rng = createRng(17);
  const picked = new Set<number>();
  while (picked.size < Math.min(CHANGED, groups.rows.length))
    picked.add(Number(groups.rows[Math.floor(rng.next() * groups.rows.length)]?.subject_id));
  const subjectIds = [...picked];
  const now = new Date().toISOString();
  await inTransaction(rt.db, async (tx) => {
    for (let i = 0; i < subjectIds.length; i += 500) {
      const part = subjectIds.slice(i, i + 500);
      const rows = await tx
        .selectFrom('record')
        .selectAll()
        .where('subject_id', 'in', part)
        .where('is_current', '=', 1)
        .where('item_code', '=', 'XZCF')
        .execute();
      const one = new Map<number, (typeof rows)[number]>();
      for (const r of rows) if (!one.has(r.subject_id)) one.set(r.subject_id, r);
      for (const r of one.values()) {
        await tx
          .updateTable('record')
          .set({ is_current: 0, superseded_at: now })
          .where('id', '=', r.id)
          .execute();
        const { id: _id, ...rest } = r;
        await tx
          .insertInto('record')
          .values({
            ...rest,
            version: r.version + 1,
            is_current: 1,
            status: 'revoked',
            change_kind: 'revocation',
            change_reason: 'bench',
            recorded_at: now,
            superseded_at: null,
          })
          .execute();
      }
    }
  });
  t = performance.now();
  for (let i = 0; i < subjectIds.length; i += 500)
    await rt.db
      .selectFrom('record')
      .select(['id', 'subject_id', 'item_code', 'status', 'decision_date'])
      .where('subject_id', 'in', subjectIds.slice(i, i + 500))
      .where('is_current', '=', 1)
      .execute();
  const baselineIncr = (performance.now() - t) / 1000;
  const incr = await runEvaluation(rt, actor, { changed: true });
  log(
    `incremental: ${incr.subjectsEvaluated} evaluated, ${incr.resultsWritten} written in ${incr.seconds.toFixed(2)} s`,
  );

  results = [
    {
      name: `evaluation, full run (${full.subjectsEvaluated.toLocaleString('en')} subjects / ${RECORDS.toLocaleString('en')} records, SQLite)`,
      metric: 'seconds',
      value: Number(full.seconds.toFixed(1)),
      unit: 's',
      baseline: 'select subject_id, count(*) … group by subject_id',
      baselineValue: Number(baselineFull.toFixed(2)),
      ratio: baselineFull / full.seconds,
      goal: '< 60 s',
      notes: `${Math.round(full.subjectsEvaluated / full.seconds).toLocaleString('en')} subjects/s, ${full.resultsWritten.toLocaleString('en')} results written; read ${(full.timings.readMs / 1000).toFixed(1)} s, score ${(full.timings.scoreMs / 1000).toFixed(1)} s, write ${(full.timings.writeMs / 1000).toFixed(1)} s; grades ${JSON.stringify(full.gradeCounts)}`,
    },
    {
      name: `evaluation, incremental after ${subjectIds.length.toLocaleString('en')} changed subjects`,
      metric: 'seconds',
      value: Number(incr.seconds.toFixed(3)),
      unit: 's',
      baseline: `reading those subjects' current records`,
      baselineValue: Number(baselineIncr.toFixed(3)),
      ratio: baselineIncr / incr.seconds,
      goal: '< 2 s',
      notes: `${incr.subjectsEvaluated} subjects re-evaluated, ${incr.resultsWritten} results written (only changed scores)`,
    },
  ];
} finally {
  await rt.close();
  fs.rmSync(work, { recursive: true, force: true });
}
emit(results);
