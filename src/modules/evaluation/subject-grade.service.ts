import type { Actor } from '../../platform/actor.js';
import type { Db, Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { logAccess } from '../access/access-log.service.js';
import { authorize } from '../access/policy.js';
import { getSubjectById, getSubjectByRef, SUBJECT_KIND_LABELS } from '../subjects/subject.service.js';
import type { SubjectKind } from '../subjects/subject.table.js';
import { findRecordSummaries, loadEvalRecords } from './eval-record.repository.js';
import {
  compiledModel,
  type EvaluationModel,
  ensureShippedModels,
  resolveModel,
} from './evaluation-model.service.js';
import { readExplanation, storeExplanation } from './explanation.js';
import { formatPoints, parsePoints } from './points.js';
import {
  countCurrentGrades,
  findCurrentGrades,
  findResult,
  findResultHistory,
  type ResultRow,
} from './result.repository.js';
import { findRuns, type RunRow } from './run.repository.js';
import { asOfBounds, boundedAsOf } from './run-evaluation.service.js';
import { type Contribution, scoreSubject, scoringDate } from './score-subject.js';

/** One record version behind an indicator's contribution. */
export interface ExplainedRecord {
  readonly id: number;
  readonly version: number;
  readonly item: string;
  readonly decisionDate: string | null;
  /** Recency weight applied, percent. */
  readonly percent: number;
  /** Points of this record, decimal string (2 places). */
  readonly points: string;
}

/** One indicator's part of the score. */
export interface ExplainedContribution {
  readonly indicator: string;
  readonly name: string;
  /** Points entering the score (after the cap), decimal string; deductions are negative. */
  readonly points: string;
  /** Sum of the records' points before the cap. */
  readonly rawPoints: string;
  readonly capped: boolean;
  readonly cap: string | null;
  readonly confirmed: boolean;
  readonly records: ExplainedRecord[];
}

/**
 * A subject's grade under one model version with its explanation: `score = base + Σ contributions.points`
 * exactly (decimal strings with 2 places).
 */
export interface SubjectGrade {
  readonly subjectId: number;
  readonly model: {
    readonly id: number;
    readonly code: string;
    readonly version: number;
    readonly name: string;
  };
  /** The stored result (null for a recomputation). */
  readonly resultId: number | null;
  readonly runId: number | null;
  /** The instant and the Shanghai date the evaluation read records and windows at. */
  readonly asOf: string;
  readonly asOfDate: string;
  readonly evaluatedAt: string | null;
  readonly base: string;
  readonly score: string;
  readonly grade: string;
  readonly gradeDisplay: string;
  readonly gradeLabel: string;
  readonly contributions: ExplainedContribution[];
  /** True when some of the model's numbers are xinyong configuration rather than a confirmed national source. */
  readonly unconfirmed: boolean;
}

async function explain(
  db: Queryable,
  model: EvaluationModel,
  head: {
    subjectId: number;
    resultId: number | null;
    runId: number | null;
    asOf: string;
    asOfDate: string;
    evaluatedAt: string | null;
    score: number;
    grade: string;
  },
  contributions: readonly Contribution[],
): Promise<SubjectGrade> {
  const def = model.definition;
  const indicators = new Map(def.indicators.map((i) => [i.code, i]));
  const band = def.grades.find((g) => g.code === head.grade);
  const records = await findRecordSummaries(
    db,
    contributions.flatMap((c) => c.records.map((r) => r[0])),
  );
  const base = contributions.reduce((s, c) => s - c.points, head.score);
  return {
    subjectId: head.subjectId,
    model: { id: model.id, code: model.code, version: model.version, name: model.name },
    resultId: head.resultId,
    runId: head.runId,
    asOf: head.asOf,
    asOfDate: head.asOfDate,
    evaluatedAt: head.evaluatedAt,
    base: formatPoints(base),
    score: formatPoints(head.score),
    grade: head.grade,
    gradeDisplay: band?.display ?? head.grade,
    gradeLabel: band?.label ?? '',
    contributions: contributions.map((c) => {
      const ind = indicators.get(c.indicator);
      return {
        indicator: c.indicator,
        name: ind?.name ?? c.indicator,
        points: formatPoints(c.points),
        rawPoints: formatPoints(c.raw),
        capped: c.points !== c.raw,
        cap: ind?.cap ?? null,
        confirmed: ind?.confirmed ?? false,
        records: c.records.map(([id, version, percent, points]) => {
          const r = records.get(id);
          return {
            id,
            version,
            item: r?.itemCode ?? ind?.match.item ?? '',
            decisionDate: r?.decisionDate ?? null,
            percent,
            points: formatPoints(points),
          };
        }),
      };
    }),
    unconfirmed: def.indicators.some((i) => !i.confirmed) || def.grades.some((g) => !g.confirmed),
  };
}

function fromResult(db: Queryable, model: EvaluationModel, r: ResultRow): Promise<SubjectGrade> {
  return explain(
    db,
    model,
    {
      subjectId: r.subject_id,
      resultId: r.id,
      runId: r.run_id,
      asOf: r.as_of,
      asOfDate: r.as_of_date,
      evaluatedAt: r.created_at,
      score: r.score,
      grade: r.grade,
    },
    readExplanation(r.explanation),
  );
}

/**
 * For other modules (credit reports, checks): a subject's stored grade with its explanation under the default
 * model (or `model`): the current result, or with `asOf` (a date = end of that day, or an instant) the latest
 * result evaluated as of that moment or earlier. Null when the subject has no result (out of the model's scope —
 * natural persons are not scored — or not evaluated yet). Performs no authorization: the caller has checked
 * that its reader may see the grade. Read-only: works on a handle or inside the caller's transaction.
 * @throws AppError not_found (unknown model), validation_failed (bad asOf)
 */
export async function getSubjectGrade(
  db: Queryable,
  subjectId: number,
  options: { model?: string; asOf?: string } = {},
): Promise<SubjectGrade | null> {
  let model: EvaluationModel;
  try {
    model = await resolveModel(db, options.model);
  } catch (error) {
    // nothing evaluated yet on this installation: no default model stored, so no grade either
    if (options.model === undefined && error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
  const at = options.asOf === undefined ? undefined : asOfBounds(options.asOf).at;
  const r = await findResult(db, model.id, subjectId, at);
  return r === undefined ? null : fromResult(db, model, r);
}

/**
 * Evaluates a subject afresh as of `asOf` (date or instant; now when absent) under the default model or `model`,
 * without storing anything. Re-evaluating as of a stored result's instant gives that result exactly.
 * @throws AppError not_eligible (subject kind not in the model's scope), not_found
 */
export async function evaluateSubject(
  db: Db,
  subjectId: number,
  options: { model?: string; asOf?: string; now: Date },
): Promise<SubjectGrade> {
  await ensureShippedModels(db, options.now);
  const model = await resolveModel(db, options.model);
  const subject = await getSubjectById(db, subjectId);
  if (!model.definition.subjectKinds.includes(subject.kind))
    throw new AppError('not_eligible', notScoredMessage(subject.kind));
  const bounds = boundedAsOf(options.asOf, options.now);
  const compiled = compiledModel(model);
  const records = await loadEvalRecords(db, compiled, [subjectId], bounds);
  const s = scoreSubject(scoringDate(compiled, bounds.date), records.get(subjectId) ?? []);
  return explain(
    db,
    model,
    {
      subjectId,
      resultId: null,
      runId: null,
      asOf: bounds.at,
      asOfDate: bounds.date,
      evaluatedAt: null,
      score: s.score,
      grade: s.grade,
    },
    s.contributions,
  );
}

/** The stored explanation in its compact form, for equality checks (a recomputation must give the same string). */
export function explanationText(g: SubjectGrade): string {
  return storeExplanation(
    g.contributions.map((c) => ({
      indicator: c.indicator,
      points: parsePoints(c.points),
      raw: parsePoints(c.rawPoints),
      records: c.records.map((r) => [r.id, r.version, r.percent, parsePoints(r.points)] as const),
    })),
  );
}

function notScoredMessage(kind: string): string {
  return kind === 'natural_person'
    ? '自然人不参与公共信用综合评价（个人信息保护法第五十五条：未开展个人信息保护影响评估）'
    : `${SUBJECT_KIND_LABELS[kind as SubjectKind] ?? kind}不在该评价模型的评价范围内`;
}

async function subjectForReader(db: Db, actor: Actor, ref: string, purpose: string, now: Date) {
  const subject = await getSubjectByRef(db, ref);
  authorize(actor, 'evaluation.read', { subjectId: subject.id });
  if (actor.kind === 'user' || actor.kind === 'client') {
    if (!(actor.role === 'subject_user' && actor.scope.subjectId === subject.id))
      await logAccess(
        db,
        actor,
        {
          subjectId: subject.id,
          resource: 'evaluation',
          purpose,
          legalBasis: '依法履行监管职责（分级分类监管）',
          authorisationId: null,
        },
        now,
      );
  }
  return subject;
}

/**
 * A subject's grade and why (`GET /evaluation/subjects/:subject`): regulators and the credit centre for any
 * subject (logged in the access log), a subject user for its own subject. `recompute` evaluates afresh instead
 * of reading the stored result.
 * @throws AppError not_found (subject, model, or no result yet), not_eligible (not scored), forbidden
 */
export async function readSubjectGrade(
  deps: { db: Db; clock: () => Date },
  actor: Actor,
  ref: string,
  options: { model?: string; asOf?: string; recompute?: boolean } = {},
): Promise<SubjectGrade> {
  const now = deps.clock();
  const subject = await subjectForReader(deps.db, actor, ref, '查询公共信用综合评价结果', now);
  await ensureShippedModels(deps.db, now);
  const model = await resolveModel(deps.db, options.model);
  if (!model.definition.subjectKinds.includes(subject.kind))
    throw new AppError('not_eligible', notScoredMessage(subject.kind));
  if (options.recompute === true)
    return evaluateSubject(deps.db, subject.id, {
      model: `${model.id}`,
      now,
      ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    });
  const grade = await getSubjectGrade(deps.db, subject.id, {
    model: `${model.id}`,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  });
  if (grade === null) throw new AppError('not_found', `信用主体 ${ref} 尚无评价结果`);
  return grade;
}

export interface GradeHistoryEntry {
  readonly resultId: number;
  readonly runId: number;
  readonly asOf: string;
  readonly asOfDate: string;
  readonly score: string;
  readonly grade: string;
  readonly current: boolean;
  readonly evaluatedAt: string;
}

/**
 * A subject's results under a model, newest first (same access as {@link readSubjectGrade}). `notScored` gives
 * the reason when the model does not score the subject's kind, so a page can say so without a failed request.
 */
export async function readGradeHistory(
  deps: { db: Db; clock: () => Date },
  actor: Actor,
  ref: string,
  options: { model?: string; limit?: number } = {},
): Promise<{
  subjectId: number;
  model: { id: number; code: string; version: number };
  notScored: string | null;
  results: GradeHistoryEntry[];
}> {
  const now = deps.clock();
  const subject = await subjectForReader(deps.db, actor, ref, '查询公共信用综合评价历史', now);
  await ensureShippedModels(deps.db, now);
  const model = await resolveModel(deps.db, options.model);
  const rows = await findResultHistory(deps.db, model.id, subject.id, options.limit ?? 50);
  return {
    subjectId: subject.id,
    model: { id: model.id, code: model.code, version: model.version },
    notScored: model.definition.subjectKinds.includes(subject.kind) ? null : notScoredMessage(subject.kind),
    results: rows.map((r) => ({
      resultId: r.id,
      runId: r.run_id,
      asOf: r.as_of,
      asOfDate: r.as_of_date,
      score: formatPoints(r.score),
      grade: r.grade,
      current: r.is_current === 1,
      evaluatedAt: r.created_at,
    })),
  };
}

export interface GradeDistribution {
  readonly model: { readonly id: number; readonly code: string; readonly version: number };
  readonly region: string | null;
  readonly total: number;
  readonly grades: {
    readonly grade: string;
    readonly display: string;
    readonly label: string;
    readonly count: number;
  }[];
}

/**
 * Current grades counted per grade (dashboards), for subjects whose region code starts with `region` (e.g. 6101).
 * Regulators and the credit centre.
 */
export async function gradeDistribution(
  deps: { db: Db; clock: () => Date },
  actor: Actor,
  options: { model?: string; region?: string } = {},
): Promise<GradeDistribution> {
  authorize(actor, 'evaluation.statistics');
  if (options.region !== undefined && !/^\d{2,6}$/.test(options.region))
    throw new AppError('validation_failed', `行政区划 ${options.region} 应为 GB/T 2260 代码的前 2–6 位数字`);
  await ensureShippedModels(deps.db, deps.clock());
  const model = await resolveModel(deps.db, options.model);
  const counts = new Map(
    (await countCurrentGrades(deps.db, model.id, options.region)).map((c) => [c.grade, c.n]),
  );
  const grades = model.definition.grades.map((g) => ({
    grade: g.code,
    display: g.display,
    label: g.label,
    count: counts.get(g.code) ?? 0,
  }));
  return {
    model: { id: model.id, code: model.code, version: model.version },
    region: options.region ?? null,
    total: grades.reduce((s, g) => s + g.count, 0),
    grades,
  };
}

export interface RunView {
  readonly id: number;
  readonly modelId: number;
  readonly kind: 'full' | 'changed';
  readonly status: RunRow['status'];
  readonly asOf: string;
  readonly asOfDate: string;
  readonly basedOnRunId: number | null;
  readonly highWaterRecordId: number;
  readonly subjectsEvaluated: number;
  readonly resultsWritten: number;
  readonly message: string | null;
  readonly triggeredBy: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

/** Evaluation runs, newest first (regulators and the credit centre). */
export async function listRuns(
  db: Queryable,
  actor: Actor,
  options: { modelId?: number; limit?: number } = {},
): Promise<RunView[]> {
  authorize(actor, 'evaluation.statistics');
  const rows = await findRuns(db, {
    ...(options.modelId === undefined ? {} : { modelId: options.modelId }),
    limit: options.limit ?? 50,
  });
  return rows.map((r) => ({
    id: r.id,
    modelId: r.model_id,
    kind: r.kind,
    status: r.status,
    asOf: r.as_of,
    asOfDate: r.as_of_date,
    basedOnRunId: r.based_on_run_id,
    highWaterRecordId: r.high_water_record_id,
    subjectsEvaluated: r.subjects_evaluated,
    resultsWritten: r.results_written,
    message: r.message,
    triggeredBy: r.triggered_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }));
}

/** Current grades of subjects under a model version (for supervision's sampling strata). */
export function currentGrades(
  db: Queryable,
  modelId: number,
  subjectIds: number[],
): Promise<Map<number, string>> {
  return findCurrentGrades(db, modelId, subjectIds);
}
