import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Db } from '../../platform/db/database.js';
import { engineOf } from '../../platform/db/engine.js';
import { serializeOn } from '../../platform/db/serialize.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError, asOfInFuture, asOfInvalid } from '../../platform/errors.js';
import { addCalendarDays, isCalendarDate, shanghaiDate } from '../../standards/calendar-date.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import {
  subjectsCreatedAfter,
  subjectsCrossingDates,
  subjectsWithNewVersions,
} from './changed-subjects.repository.js';
import { type AsOfBounds, extractsOf, loadEvalRecords, scanEvalRecords } from './eval-record.repository.js';
import {
  compiledModel,
  type EvaluationModel,
  ensureShippedModels,
  resolveModel,
} from './evaluation-model.service.js';
import { storeExplanation } from './explanation.js';
import { createRecordStore } from './record-store.js';
import {
  findCurrentResults,
  findCurrentResultsInRange,
  type NewResult,
  writeResults,
} from './result.repository.js';
import {
  findLastCompletedRun,
  findLiveRun,
  insertRun,
  maxRecordId,
  maxSubjectId,
  type RunRow,
  updateRun,
} from './run.repository.js';
import {
  type CompiledModel,
  minusYears,
  type ScoringDate,
  scoreSubject,
  scoringDate,
} from './score-subject.js';
import {
  countSubjectsInScope,
  filterSubjectsInScope,
  nextSubjectsInScope,
} from './subject-scope.repository.js';

/**
 * The instant and date an evaluation reads: for a calendar date, the last millisecond of that day in Asia/Shanghai
 * (everything recorded during the day counts); for an instant, itself and its Shanghai date.
 * @throws AppError validation_failed for anything else
 */
export function asOfBounds(asOf: string): AsOfBounds {
  if (isCalendarDate(asOf)) {
    const at = new Date(Date.parse(`${addCalendarDays(asOf, 1)}T00:00:00+08:00`) - 1).toISOString();
    return { at, date: asOf };
  }
  const t = Date.parse(asOf);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(asOf) || Number.isNaN(t))
    throw asOfInvalid(asOf, '日期 YYYY-MM-DD 或 ISO-8601 时间');
  const at = new Date(t);
  return { at: at.toISOString(), date: shanghaiDate(at) };
}

/**
 * {@link asOfBounds} checked against `now`: absent = now; today's date = now (the rest of the day has not
 * happened); a later date or instant is refused.
 * @throws AppError validation_failed
 */
export function boundedAsOf(asOf: string | undefined, now: Date): AsOfBounds {
  const nowIso = now.toISOString();
  if (asOf === undefined) return { at: nowIso, date: shanghaiDate(now) };
  const b = asOfBounds(asOf);
  if (b.date > shanghaiDate(now) || (!isCalendarDate(asOf) && b.at > nowIso)) throw asOfInFuture(asOf);
  return b.at > nowIso ? { at: nowIso, date: b.date } : b;
}

export interface RunProgress {
  /** reading: the sequential pass over the records; scoring: subjects scored and written (`done` of `total`). */
  readonly phase: 'reading' | 'scoring';
  readonly done: number;
  readonly total: number;
}

export interface RunOptions {
  /** Model reference (CODE, CODE@VERSION or id); default model when absent. */
  readonly model?: string;
  /** Evaluate as of this date (end of day) or instant; now when absent. Not with `changed`. */
  readonly asOf?: string;
  /** Re-evaluate only subjects whose records changed (or crossed a date boundary) since the last completed run. */
  readonly changed?: boolean;
  /** Subjects per chunk (one write transaction). Default 10000. */
  readonly chunkSize?: number;
  /**
   * Full runs read every record once in id order and hold the counting ones column-wise in memory; above this many
   * records (default 10,000,000) the subjects are split into id ranges, one pass each, to bound memory.
   */
  readonly recordsPerPass?: number;
  readonly onProgress?: (p: RunProgress) => void;
}

export interface RunSummary {
  readonly runId: number;
  readonly model: { readonly id: number; readonly code: string; readonly version: number };
  readonly kind: 'full' | 'changed';
  /** The run this incremental run started from (null for a full run). */
  readonly basedOnRunId: number | null;
  readonly asOf: string;
  readonly asOfDate: string;
  readonly subjectsEvaluated: number;
  readonly resultsWritten: number;
  readonly gradeCounts: Readonly<Record<string, number>>;
  readonly seconds: number;
  /** Milliseconds spent reading subjects and records, scoring, and writing results. */
  readonly timings: { readonly readMs: number; readonly scoreMs: number; readonly writeMs: number };
}

/**
 * Record ids re-examined below the previous run's mark on PostgreSQL, where a transaction that took its ids
 * before the mark may commit after it. SQLite has one writer at a time, so ids commit in order there.
 */
export const HIGH_WATER_OVERLAP = 5000;
const STALE_RUN_MS = 15 * 60 * 1000;
/** Record ids per statement of the sequential pass. */
const SCAN_CHUNK = 100_000;

interface RunContext {
  readonly db: Db;
  readonly model: EvaluationModel;
  readonly compiled: CompiledModel;
  readonly sd: ScoringDate;
  readonly asOf: AsOfBounds;
  readonly run: RunRow;
  readonly actor: string;
  readonly clock: () => Date;
  readonly counts: Record<string, number>;
  readonly timings: { readMs: number; scoreMs: number; writeMs: number };
}

/**
 * Evaluates subjects under one model version (公共信用综合评价) and stores the results.
 * Full run: every subject in the model's scope. The record versions current at the as-of instant are read once,
 * in record-id order (sequential pages), filtered in SQL and held column-wise (record-store.ts); above
 * `recordsPerPass` records the subjects are split into id ranges, one pass each. Subjects are then scored in id
 * order and written in chunks (one bulk insert, one transaction and one audit event per chunk).
 * Incremental run (`changed`): only subjects with record versions after the last completed run's high-water mark
 * (minus {@link HIGH_WATER_OVERLAP} on PostgreSQL), new subjects, and — when the date moved — subjects whose
 * windows or decay steps crossed it, read by subject id. Without a completed run of the model an incremental run is
 * a full run. Both store a new result row only when score, grade or explanation differ from the current result
 * (the current one then explains the grade as of this instant too); the current marker moves to the new row.
 * Authorised for `evaluation.run` (the system actor for the CLI and jobs). Every chunk is audited.
 * @throws AppError forbidden, conflict (another run of the model is running), validation_failed (as-of), not_found
 */
export async function runEvaluation(
  deps: { db: Db; clock: () => Date },
  actor: Actor,
  options: RunOptions = {},
): Promise<RunSummary> {
  authorize(actor, 'evaluation.run');
  const { db, clock } = deps;
  const started = performance.now();
  const now = clock();
  await ensureShippedModels(db, now);
  const model = await resolveModel(db, options.model);
  if (model.status !== 'active')
    throw new AppError('conflict', `评价模型 ${model.code}@${model.version} 已停用`);
  if (options.changed === true && options.asOf !== undefined)
    throw new AppError('bad_request', '增量评价以当前时间为准，请不要指定查询时点 asOf');
  const asOf = boundedAsOf(options.asOf, now);
  const prev = options.changed === true ? await findLastCompletedRun(db, model.id) : undefined;
  const kind: 'full' | 'changed' = prev === undefined ? 'full' : 'changed';
  // Marks are read before any record: whatever commits later is after them and seen by the next run.
  const highRecord = await maxRecordId(db);
  const highSubject = await maxSubjectId(db);
  const label = actorLabel(actor);
  const run = await inTransaction(db, async (tx) => {
    // "is a run live?" and starting one are one step: two runs of a model (the quarterly and the on-change job
    // at 01:30 on a quarter's first day, or a CLI run beside them) never both start
    await serializeOn(tx, `evaluation-run:${model.id}`);
    const live = await findLiveRun(tx, model.id, new Date(now.getTime() - STALE_RUN_MS).toISOString());
    if (live !== undefined)
      throw new AppError(
        'conflict',
        `评价模型 ${model.code}@${model.version} 的第 ${live.id} 次评价仍在运行`,
      );
    const r = await insertRun(tx, {
      model_id: model.id,
      kind,
      as_of: asOf.at,
      as_of_date: asOf.date,
      status: 'running',
      high_water_record_id: highRecord,
      high_water_subject_id: highSubject,
      based_on_run_id: prev?.id ?? null,
      subjects_evaluated: 0,
      results_written: 0,
      message: null,
      triggered_by: label,
      started_at: now.toISOString(),
      heartbeat_at: now.toISOString(),
      finished_at: null,
    });
    await appendAudit(
      tx,
      [
        {
          actor: label,
          action: 'evaluation.run_started',
          entityType: 'evaluation_run',
          entityId: r.id,
          payload: { model: `${model.code}@${model.version}`, kind, asOf: asOf.at, highRecord, highSubject },
        },
      ],
      now,
    );
    return r;
  });
  const compiled = compiledModel(model);
  const ctx: RunContext = {
    db,
    model,
    compiled,
    sd: scoringDate(compiled, asOf.date),
    asOf,
    run,
    actor: label,
    clock,
    counts: {},
    timings: { readMs: 0, scoreMs: 0, writeMs: 0 },
  };
  const tm = ctx.timings;
  const since = (t0: number) => performance.now() - t0;
  const chunkSize = options.chunkSize ?? 10_000;
  let evaluated = 0;
  let written = 0;
  try {
    if (prev === undefined) {
      const scope = scopeOf(model);
      const total = await countSubjectsInScope(db, scope);
      options.onProgress?.({ phase: 'reading', done: 0, total });
      const extracts = extractsOf(compiled);
      const perPass = options.recordsPerPass ?? 10_000_000;
      const passes = Math.max(1, Math.min(highSubject, Math.ceil(highRecord / perPass)));
      const span = Math.max(1, Math.ceil(highSubject / passes));
      for (let p = 0; p < passes; p++) {
        const lo = p * span + 1;
        const hi = Math.min(highSubject, (p + 1) * span);
        if (lo > hi) break;
        let t = performance.now();
        const store = createRecordStore(extracts, lo, hi);
        for (let after = 0; after < highRecord; after += SCAN_CHUNK) {
          const rows = await scanEvalRecords(
            db,
            compiled,
            extracts,
            {
              afterId: after,
              upToId: Math.min(after + SCAN_CHUNK, highRecord),
              ...(passes > 1 ? { subjects: { from: lo, to: hi } } : {}),
            },
            asOf,
          );
          store.add(rows);
        }
        store.seal();
        tm.readMs += since(t);
        let after = lo - 1;
        for (;;) {
          t = performance.now();
          const ids = await nextSubjectsInScope(db, scope, after, hi, chunkSize);
          tm.readMs += since(t);
          if (ids.length === 0) break;
          const from = after + 1;
          const to = ids.length < chunkSize ? hi : (ids[ids.length - 1] as number);
          t = performance.now();
          const createdAt = clock().toISOString();
          const results = ids.map((id) => resultFor(ctx, id, store.forSubject(id), createdAt));
          tm.scoreMs += since(t);
          t = performance.now();
          const current = await findCurrentResultsInRange(db, model.id, from, to);
          if (current.size === 0) {
            written += await writeChunk(ctx, results, { range: { from, to } }, evaluated + ids.length);
          } else {
            // unchanged grades stay as they are (the stored result still explains them); subjects that left the
            // scope lose their current marker
            const inScope = new Set(ids);
            const retire = [...current.entries()]
              .filter(([id, c]) => !inScope.has(id) && c.as_of <= asOf.at)
              .map(([id]) => id);
            written += await writeChunk(
              ctx,
              results.filter((r) => changed(current.get(r.subject_id), r, asOf.at)),
              { retire },
              evaluated + ids.length,
            );
          }
          tm.writeMs += since(t);
          evaluated += ids.length;
          after = to;
          options.onProgress?.({ phase: 'scoring', done: evaluated, total });
          if (to >= hi) break;
        }
      }
    } else {
      const candidates = await changedSubjects(ctx, prev);
      const ids = await filterSubjectsInScope(db, scopeOf(model), candidates);
      options.onProgress?.({ phase: 'scoring', done: 0, total: ids.length });
      for (let i = 0; i < ids.length; i += chunkSize) {
        const part = ids.slice(i, i + chunkSize);
        let t = performance.now();
        const records = await loadEvalRecords(db, compiled, part, asOf);
        tm.readMs += since(t);
        t = performance.now();
        const current = await findCurrentResults(db, model.id, part);
        const createdAt = clock().toISOString();
        const results = part
          .map((id) => resultFor(ctx, id, records.get(id) ?? [], createdAt))
          .filter((r) => changed(current.get(r.subject_id), r, asOf.at));
        tm.scoreMs += since(t);
        t = performance.now();
        written += await writeChunk(ctx, results, { retire: [] }, evaluated + part.length);
        tm.writeMs += since(t);
        evaluated += part.length;
        options.onProgress?.({ phase: 'scoring', done: evaluated, total: ids.length });
      }
    }
  } catch (error) {
    await updateRun(db, run.id, {
      status: 'failed',
      message: error instanceof Error ? error.message : String(error),
      finished_at: clock().toISOString(),
    });
    throw error;
  }
  await inTransaction(db, async (tx) => {
    await updateRun(tx, run.id, {
      status: 'completed',
      subjects_evaluated: evaluated,
      results_written: written,
      heartbeat_at: clock().toISOString(),
      finished_at: clock().toISOString(),
    });
    await appendAudit(
      tx,
      [
        {
          actor: label,
          action: 'evaluation.run_completed',
          entityType: 'evaluation_run',
          entityId: run.id,
          payload: { evaluated, written, grades: ctx.counts },
        },
      ],
      clock(),
    );
  });
  return {
    runId: run.id,
    model: { id: model.id, code: model.code, version: model.version },
    kind,
    basedOnRunId: prev?.id ?? null,
    asOf: asOf.at,
    asOfDate: asOf.date,
    subjectsEvaluated: evaluated,
    resultsWritten: written,
    gradeCounts: ctx.counts,
    seconds: (performance.now() - started) / 1000,
    timings: {
      readMs: Math.round(tm.readMs),
      scoreMs: Math.round(tm.scoreMs),
      writeMs: Math.round(tm.writeMs),
    },
  };
}

function scopeOf(model: EvaluationModel) {
  return { kinds: model.definition.subjectKinds, excludeRegStatuses: model.definition.excludeRegStatuses };
}

function resultFor(
  ctx: RunContext,
  subjectId: number,
  records: Parameters<typeof scoreSubject>[1],
  createdAt: string,
): Omit<NewResult, 'is_current'> {
  const s = scoreSubject(ctx.sd, records);
  ctx.counts[s.grade] = (ctx.counts[s.grade] ?? 0) + 1;
  return {
    run_id: ctx.run.id,
    model_id: ctx.model.id,
    subject_id: subjectId,
    as_of: ctx.asOf.at,
    as_of_date: ctx.asOf.date,
    score: s.score,
    grade: s.grade,
    explanation: storeExplanation(s.contributions),
    created_at: createdAt,
  };
}

/**
 * Whether a new result must be stored: no current result, a current one as of a later instant (this is a
 * historical run: its rows are history), or a different score, grade or explanation. An identical result is not
 * stored again: the current one explains the grade as of this instant too.
 */
function changed(
  current: { score: number; grade: string; explanation: string; as_of: string } | undefined,
  r: Omit<NewResult, 'is_current'>,
  at: string,
): boolean {
  return (
    current === undefined ||
    current.as_of > at ||
    current.score !== r.score ||
    current.grade !== r.grade ||
    current.explanation !== r.explanation
  );
}

async function writeChunk(
  ctx: RunContext,
  results: readonly Omit<NewResult, 'is_current'>[],
  scope: Parameters<typeof writeResults>[4],
  evaluatedSoFar: number,
): Promise<number> {
  return inTransaction(ctx.db, async (tx) => {
    const n = await writeResults(tx, ctx.model.id, ctx.asOf.at, results, scope);
    const at = ctx.clock();
    await updateRun(tx, ctx.run.id, { subjects_evaluated: evaluatedSoFar, heartbeat_at: at.toISOString() });
    if (n > 0)
      await appendAudit(
        tx,
        [
          {
            actor: ctx.actor,
            action: 'evaluation.results_written',
            entityType: 'evaluation_run',
            entityId: ctx.run.id,
            payload: {
              count: n,
              firstSubject: results[0]?.subject_id ?? null,
              lastSubject: results[results.length - 1]?.subject_id ?? null,
            },
          },
        ],
        at,
      );
    return n;
  });
}

/** Candidate subjects of an incremental run (not yet filtered by scope), ascending. */
async function changedSubjects(ctx: RunContext, prev: RunRow): Promise<number[]> {
  const { db, compiled, asOf } = ctx;
  const set = new Set<number>();
  const overlap = engineOf(db) === 'postgres' ? HIGH_WATER_OVERLAP : 0;
  for (const id of await subjectsWithNewVersions(
    db,
    compiled.items,
    Math.max(0, prev.high_water_record_id - overlap),
  ))
    set.add(id);
  for (const id of await subjectsCreatedAfter(db, prev.high_water_subject_id)) set.add(id);
  if (asOf.date > prev.as_of_date) {
    const years = new Set<number>();
    for (const ind of compiled.indicators) for (const d of ind.decay ?? []) years.add(d.withinYears);
    const ranges = [...years].map((y) => ({
      after: minusYears(prev.as_of_date, y),
      upTo: minusYears(asOf.date, y),
    }));
    for (const id of await subjectsCrossingDates(db, compiled.items, asOf, prev.as_of_date, ranges))
      set.add(id);
  }
  return [...set].sort((a, b) => a - b);
}

/** The last day of the quarter before the one containing `date` (YYYY-MM-DD), e.g. 2026-04-01 → 2026-03-31. */
export function previousQuarterEnd(date: string): string {
  const y = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
  const start = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return addCalendarDays(start, -1);
}

/**
 * The scheduled evaluations of the default model, when its schedule asks for them: `quarterly` evaluates everyone
 * as of the end of the previous quarter (the Shandong practice: quarter-end platform data); `on_change`
 * re-evaluates subjects whose records changed. A run of the model already in progress makes this one skip.
 */
export async function runScheduledEvaluation(
  deps: { db: Db; clock: () => Date },
  schedule: 'quarterly' | 'on_change',
  now: Date,
): Promise<Record<string, unknown>> {
  await ensureShippedModels(deps.db, now);
  const model = await resolveModel(deps.db);
  if (schedule === 'quarterly' ? !model.definition.schedule.quarterly : !model.definition.schedule.onChange)
    return { skipped: `model ${model.code}@${model.version} has no ${schedule} schedule` };
  const actor: Actor = { kind: 'system', name: `evaluation-${schedule}` };
  try {
    const s = await runEvaluation(
      { db: deps.db, clock: deps.clock },
      actor,
      schedule === 'quarterly' ? { asOf: previousQuarterEnd(shanghaiDate(now)) } : { changed: true },
    );
    const { runId, kind, asOfDate, subjectsEvaluated, resultsWritten, gradeCounts } = s;
    return {
      runId,
      model: `${model.code}@${model.version}`,
      kind,
      asOfDate,
      subjectsEvaluated,
      resultsWritten,
      gradeCounts,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return { skipped: error.message };
    throw error;
  }
}
