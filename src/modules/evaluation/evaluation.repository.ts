import { type Insertable, type RawBuilder, type Selectable, sql } from 'kysely';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { type Engine, engineOf } from '../../platform/db/engine.js';
import type { SubjectKind } from '../subjects/subject.table.js';
import type { EvaluationModelTable, EvaluationResultTable, EvaluationRunTable } from './evaluation.table.js';
import type { RecordSeverity } from './evaluation-model.types.js';
import { type CompiledModel, type EvalRecord, minusYears } from './score-subject.js';

export type ModelRow = Selectable<EvaluationModelTable>;
export type RunRow = Selectable<EvaluationRunTable>;
export type ResultRow = Selectable<EvaluationResultTable>;

const IN_CHUNK = 500;

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---- models ---------------------------------------------------------------------------------------------------

export function findModels(db: Queryable): Promise<ModelRow[]> {
  return db.selectFrom('evaluation_model').selectAll().orderBy('code').orderBy('version').execute();
}

export function findModelById(db: Queryable, id: number): Promise<ModelRow | undefined> {
  return db.selectFrom('evaluation_model').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findModelVersion(
  db: Queryable,
  code: string,
  version: number,
): Promise<ModelRow | undefined> {
  return db
    .selectFrom('evaluation_model')
    .selectAll()
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
}

export function findLatestModel(db: Queryable, code: string): Promise<ModelRow | undefined> {
  return db
    .selectFrom('evaluation_model')
    .selectAll()
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findDefaultModel(db: Queryable): Promise<ModelRow | undefined> {
  return db
    .selectFrom('evaluation_model')
    .selectAll()
    .where('is_default', '=', 1)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertModel(tx: Tx, row: Insertable<EvaluationModelTable>): Promise<ModelRow> {
  return tx.insertInto('evaluation_model').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function makeDefaultModel(tx: Tx, id: number): Promise<void> {
  await tx.updateTable('evaluation_model').set({ is_default: 0 }).where('is_default', '=', 1).execute();
  await tx.updateTable('evaluation_model').set({ is_default: 1 }).where('id', '=', id).execute();
}

// ---- runs -----------------------------------------------------------------------------------------------------

export async function insertRun(tx: Tx, row: Insertable<EvaluationRunTable>): Promise<RunRow> {
  return tx.insertInto('evaluation_run').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateRun(
  db: Queryable,
  id: number,
  set: Partial<
    Pick<
      RunRow,
      'status' | 'subjects_evaluated' | 'results_written' | 'message' | 'heartbeat_at' | 'finished_at'
    >
  >,
): Promise<void> {
  await db.updateTable('evaluation_run').set(set).where('id', '=', id).execute();
}

/** A run of `modelId` that is still running and has shown life since `since` (ISO instant). */
export function findLiveRun(db: Queryable, modelId: number, since: string): Promise<RunRow | undefined> {
  return db
    .selectFrom('evaluation_run')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('status', '=', 'running')
    .where('heartbeat_at', '>', since)
    .executeTakeFirst();
}

/**
 * The latest completed run of `modelId` that evaluated as of its own start (not a historical as-of run, whose
 * record mark does not match its instant): the base of the next incremental run.
 */
export function findLastCompletedRun(db: Queryable, modelId: number): Promise<RunRow | undefined> {
  return db
    .selectFrom('evaluation_run')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('status', '=', 'completed')
    .whereRef('as_of', '>=', 'started_at')
    .orderBy('as_of', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findRuns(db: Queryable, filter: { modelId?: number; limit: number }): Promise<RunRow[]> {
  let q = db.selectFrom('evaluation_run').selectAll();
  if (filter.modelId !== undefined) q = q.where('model_id', '=', filter.modelId);
  return q.orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function maxRecordId(db: Queryable): Promise<number> {
  const r = await db
    .selectFrom('record')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function maxSubjectId(db: Queryable): Promise<number> {
  const r = await db
    .selectFrom('subject')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

// ---- subjects in scope ----------------------------------------------------------------------------------------

export interface SubjectScope {
  readonly kinds: readonly SubjectKind[];
  readonly excludeRegStatuses: readonly string[];
}

export async function countSubjectsInScope(db: Queryable, scope: SubjectScope): Promise<number> {
  let q = db
    .selectFrom('subject')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', 'in', [...scope.kinds]);
  if (scope.excludeRegStatuses.length > 0)
    q = q.where((eb) =>
      eb.or([eb('reg_status', 'is', null), eb('reg_status', 'not in', [...scope.excludeRegStatuses])]),
    );
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The next `limit` subjects in scope with `afterId` < id ≤ `upToId`, in id order. */
export async function nextSubjectsInScope(
  db: Queryable,
  scope: SubjectScope,
  afterId: number,
  upToId: number,
  limit: number,
): Promise<number[]> {
  let q = db
    .selectFrom('subject')
    .select('id')
    .where('id', '>', afterId)
    .where('id', '<=', upToId)
    .where('kind', 'in', [...scope.kinds]);
  if (scope.excludeRegStatuses.length > 0)
    q = q.where((eb) =>
      eb.or([eb('reg_status', 'is', null), eb('reg_status', 'not in', [...scope.excludeRegStatuses])]),
    );
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Which of `ids` are subjects in scope, ascending. */
export async function filterSubjectsInScope(
  db: Queryable,
  scope: SubjectScope,
  ids: readonly number[],
): Promise<number[]> {
  const out: number[] = [];
  for (const part of chunks(ids)) {
    let q = db
      .selectFrom('subject')
      .select('id')
      .where('id', 'in', part)
      .where('kind', 'in', [...scope.kinds]);
    if (scope.excludeRegStatuses.length > 0)
      q = q.where((eb) =>
        eb.or([eb('reg_status', 'is', null), eb('reg_status', 'not in', [...scope.excludeRegStatuses])]),
      );
    for (const r of await q.execute()) out.push(r.id);
  }
  return out.sort((a, b) => a - b);
}

// ---- records --------------------------------------------------------------------------------------------------

/** Text of one top-level key of the `fields` JSON document (SQLite json_extract, PostgreSQL ->>). */
function jsonText(engine: Engine, key: string): RawBuilder<unknown> {
  return engine === 'sqlite' ? sql`json_extract(fields, ${`$.${key}`})` : sql`(fields::json ->> ${key})`;
}

export interface AsOfBounds {
  /** The instant: versions with recorded_at <= at < coalesce(superseded_at, ∞). */
  readonly at: string;
  /** The calendar date publicity windows are read on. */
  readonly date: string;
}

/** One record version as the evaluation query returns it; `f0…` hold the extracted field values. */
export interface ScanRow {
  readonly subject_id: number;
  readonly id: number;
  readonly version: number;
  readonly item_code: string;
  readonly status: string;
  readonly severity: string | null;
  readonly published: number;
  readonly decision_date: string | null;
  readonly publicity_start: string | null;
  readonly publicity_end: string | null;
  readonly [extract: string]: unknown;
}

/** Which field each extract column `f<k>` holds, and for which item. */
export interface Extract {
  readonly alias: string;
  readonly item: string;
  readonly field: string;
}

export function extractsOf(model: CompiledModel): Extract[] {
  const extracts: Extract[] = [];
  for (const [item, fields] of model.fieldsByItem)
    for (const field of fields) extracts.push({ alias: `f${extracts.length}`, item, field });
  return extracts;
}

/**
 * The evaluation query: record versions of the model's items as they stood at `asOf.at`, active and inside their
 * publicity window on `asOf.date`, restricted by `where`. Field values the model's conditions use are extracted
 * in SQL, only for the items that need them.
 */
async function evalRecordQuery(
  db: Queryable,
  model: CompiledModel,
  extracts: readonly Extract[],
  where: RawBuilder<unknown>,
  asOf: AsOfBounds,
): Promise<ScanRow[]> {
  if (model.items.length === 0) return [];
  const engine = engineOf(db);
  const extraCols = extracts.map(
    (e) =>
      sql`, case when item_code = ${e.item} then ${jsonText(engine, e.field)} end as ${sql.ref(e.alias)}`,
  );
  // records older than every decay step of their item count nothing: leave them out early
  const horizons = [...model.horizonYears].map(
    ([item, years]) => sql`(item_code = ${item} and (coalesce(decision_date, publicity_start) is null
      or coalesce(decision_date, publicity_start) > ${minusYears(asOf.date, years)}))`,
  );
  const recent =
    horizons.length === 0
      ? sql``
      : sql` and ((item_code || '') not in (${sql.join([...model.horizonYears.keys()].map((i) => sql`${i}`))})
          or ${sql.join(horizons, sql` or `)})`;
  // `(item_code || '')` keeps both planners off the (item_code, …) index: the range or id list decides the access.
  const result = await sql<ScanRow>`select subject_id, id, version, item_code, status, severity, published,
      decision_date, publicity_start, publicity_end${sql.join(extraCols, sql``)}
    from record where ${where}
      and (item_code || '') in (${sql.join(model.items.map((i) => sql`${i}`))})
      and recorded_at <= ${asOf.at} and (superseded_at is null or superseded_at > ${asOf.at})
      and status = 'active'
      and (publicity_start is null or publicity_start <= ${asOf.date})
      and (publicity_end is null or publicity_end > ${asOf.date})${recent}`.execute(db);
  return result.rows;
}

/**
 * One slice of a sequential pass over the record table: ids in (`afterId`, `upToId`], optionally only subjects
 * in [`subjects.from`, `subjects.to`]. Reading in id order walks the table pages in order (a full run reads every
 * record once, instead of one random lookup per record through the subject index).
 */
export function scanEvalRecords(
  db: Queryable,
  model: CompiledModel,
  extracts: readonly Extract[],
  range: {
    readonly afterId: number;
    readonly upToId: number;
    readonly subjects?: { from: number; to: number };
  },
  asOf: AsOfBounds,
): Promise<ScanRow[]> {
  const ids = sql`id > ${range.afterId} and id <= ${range.upToId}`;
  // `(subject_id + 0)` keeps the planner on the id range rather than the subject index
  const where =
    range.subjects === undefined
      ? ids
      : sql`${ids} and (subject_id + 0) >= ${range.subjects.from} and (subject_id + 0) <= ${range.subjects.to}`;
  return evalRecordQuery(db, model, extracts, where, asOf);
}

/** A scan row as a scoring record (field values typed, multi-valued fields as arrays). */
function toEvalRecord(r: ScanRow, extracts: readonly Extract[]): EvalRecord {
  const fields: Record<string, string | readonly string[] | null> = {};
  for (const e of extracts) if (r.item_code === e.item) fields[e.field] = fieldValue(r[e.alias]);
  return {
    id: Number(r.id),
    version: Number(r.version),
    itemCode: r.item_code,
    status: r.status as EvalRecord['status'],
    severity: (r.severity ?? null) as RecordSeverity | null,
    published: Number(r.published) === 1,
    decisionDate: r.decision_date ?? null,
    publicityStart: r.publicity_start ?? null,
    publicityEnd: r.publicity_end ?? null,
    fields,
  };
}

/**
 * The records the model reads for a list of subjects (at most a few thousand: incremental runs, single
 * evaluations), 500 ids per statement, grouped by subject.
 */
export async function loadEvalRecords(
  db: Queryable,
  model: CompiledModel,
  subjectIds: readonly number[],
  asOf: AsOfBounds,
): Promise<Map<number, EvalRecord[]>> {
  const extracts = extractsOf(model);
  const out = new Map<number, EvalRecord[]>();
  for (const part of chunks(subjectIds)) {
    const rows = await evalRecordQuery(
      db,
      model,
      extracts,
      sql`subject_id in (${sql.join(part.map((i) => sql`${i}`))})`,
      asOf,
    );
    for (const r of rows) {
      const subjectId = Number(r.subject_id);
      const rec = toEvalRecord(r, extracts);
      const list = out.get(subjectId);
      if (list === undefined) out.set(subjectId, [rec]);
      else list.push(rec);
    }
  }
  return out;
}

export function fieldValue(raw: unknown): string | readonly string[] | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw);
  if (text.startsWith('[')) {
    try {
      const arr = JSON.parse(text) as unknown;
      if (Array.isArray(arr)) return arr.map((v) => String(v));
    } catch {
      return text;
    }
  }
  return text;
}

/** Subjects with a version of one of `items` recorded after record id `afterId` (new, corrected, revoked, repaired). */
export async function subjectsWithNewVersions(
  db: Queryable,
  items: readonly string[],
  afterId: number,
): Promise<number[]> {
  if (items.length === 0) return [];
  const rows = await sql<{ subject_id: number }>`select distinct subject_id from record
    where id > ${afterId} and (item_code || '') in (${sql.join(items.map((i) => sql`${i}`))})`.execute(db);
  return rows.rows.map((r) => Number(r.subject_id));
}

export async function subjectsCreatedAfter(db: Queryable, afterId: number): Promise<number[]> {
  const rows = await db.selectFrom('subject').select('id').where('id', '>', afterId).execute();
  return rows.map((r) => r.id);
}

/**
 * Subjects with a record version (current at `asOf.at`) that crosses a date boundary between `fromDate`
 * (exclusive) and `asOf.date` (inclusive): its publicity window opens or closes, or a decay step of the model
 * passes (decision dates in `decisionRanges`, each `(after, upTo]`).
 */
export async function subjectsCrossingDates(
  db: Queryable,
  items: readonly string[],
  asOf: AsOfBounds,
  fromDate: string,
  decisionRanges: readonly { after: string; upTo: string }[],
): Promise<number[]> {
  if (items.length === 0) return [];
  const d1 = fromDate;
  const d2 = asOf.date;
  const conditions = [
    sql`(publicity_start > ${d1} and publicity_start <= ${d2})`,
    sql`(publicity_end > ${d1} and publicity_end <= ${d2})`,
    ...decisionRanges.map((r) => sql`(decision_date > ${r.after} and decision_date <= ${r.upTo})`),
  ];
  const rows = await sql<{ subject_id: number }>`select distinct subject_id from record
    where (item_code || '') in (${sql.join(items.map((i) => sql`${i}`))})
      and recorded_at <= ${asOf.at} and (superseded_at is null or superseded_at > ${asOf.at})
      and status = 'active' and (${sql.join(conditions, sql` or `)})`.execute(db);
  return rows.rows.map((r) => Number(r.subject_id));
}

/** Version, item and decision date of record versions by id (for explanations). */
export async function findRecordSummaries(
  db: Queryable,
  ids: readonly number[],
): Promise<Map<number, { itemCode: string; version: number; decisionDate: string | null; status: string }>> {
  const out = new Map<
    number,
    { itemCode: string; version: number; decisionDate: string | null; status: string }
  >();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('record')
      .select(['id', 'item_code', 'version', 'decision_date', 'status'])
      .where('id', 'in', part)
      .execute();
    for (const r of rows)
      out.set(r.id, {
        itemCode: r.item_code,
        version: r.version,
        decisionDate: r.decision_date,
        status: r.status,
      });
  }
  return out;
}

// ---- results --------------------------------------------------------------------------------------------------

export const RESULT_COLUMNS = [
  'run_id',
  'model_id',
  'subject_id',
  'as_of',
  'as_of_date',
  'score',
  'grade',
  'explanation',
  'is_current',
  'created_at',
] as const satisfies readonly (keyof Insertable<EvaluationResultTable>)[];

export type NewResult = Pick<Insertable<EvaluationResultTable>, (typeof RESULT_COLUMNS)[number]>;

/**
 * Writes results and moves the current marker of each written subject to its new result — unless the subject
 * already has a current result as of a later instant (a historical run never displaces a newer grade). `range`:
 * every current result of the model in that subject range as of `asOf` or earlier stops being current (a full
 * run's chunk: subjects that left the scope lose theirs too); otherwise only the written subjects' and those in
 * `retire`. Rows are only inserted; old results keep everything but the marker.
 */
export async function writeResults(
  tx: Tx,
  modelId: number,
  asOf: string,
  results: readonly Omit<NewResult, 'is_current'>[],
  scope:
    | { readonly range: { readonly from: number; readonly to: number } }
    | { readonly retire: readonly number[] },
): Promise<number> {
  const newer = new Set<number>();
  if ('range' in scope) {
    const { from, to } = scope.range;
    const rows = await tx
      .selectFrom('evaluation_result')
      .select('subject_id')
      .where('model_id', '=', modelId)
      .where('is_current', '=', 1)
      .where('subject_id', '>=', from)
      .where('subject_id', '<=', to)
      .where('as_of', '>', asOf)
      .execute();
    for (const r of rows) newer.add(r.subject_id);
    await tx
      .updateTable('evaluation_result')
      .set({ is_current: 0 })
      .where('model_id', '=', modelId)
      .where('is_current', '=', 1)
      .where('subject_id', '>=', from)
      .where('subject_id', '<=', to)
      .where('as_of', '<=', asOf)
      .execute();
  } else {
    const ids = [...results.map((r) => r.subject_id), ...scope.retire];
    for (const part of chunks(ids)) {
      const rows = await tx
        .selectFrom('evaluation_result')
        .select('subject_id')
        .where('model_id', '=', modelId)
        .where('is_current', '=', 1)
        .where('subject_id', 'in', part)
        .where('as_of', '>', asOf)
        .execute();
      for (const r of rows) newer.add(r.subject_id);
      await tx
        .updateTable('evaluation_result')
        .set({ is_current: 0 })
        .where('model_id', '=', modelId)
        .where('is_current', '=', 1)
        .where('subject_id', 'in', part)
        .where('as_of', '<=', asOf)
        .execute();
    }
  }
  await bulkInsert<NewResult>(
    tx,
    'evaluation_result',
    RESULT_COLUMNS,
    results.map((r) => ({ ...r, is_current: newer.has(r.subject_id) ? 0 : 1 })),
  );
  return results.length;
}

/** Current results of `modelId` for subjects in an id range, by subject id. */
export async function findCurrentResultsInRange(
  db: Queryable,
  modelId: number,
  from: number,
  to: number,
): Promise<Map<number, Pick<ResultRow, 'score' | 'grade' | 'explanation' | 'as_of'>>> {
  const rows = await db
    .selectFrom('evaluation_result')
    .select(['subject_id', 'score', 'grade', 'explanation', 'as_of'])
    .where('model_id', '=', modelId)
    .where('is_current', '=', 1)
    .where('subject_id', '>=', from)
    .where('subject_id', '<=', to)
    .execute();
  return new Map(rows.map((r) => [r.subject_id, r]));
}

/** Current results of `modelId` for subjects, by subject id. */
export async function findCurrentResults(
  db: Queryable,
  modelId: number,
  subjectIds: readonly number[],
): Promise<Map<number, Pick<ResultRow, 'score' | 'grade' | 'explanation' | 'as_of'>>> {
  const out = new Map<number, Pick<ResultRow, 'score' | 'grade' | 'explanation' | 'as_of'>>();
  for (const part of chunks(subjectIds)) {
    const rows = await db
      .selectFrom('evaluation_result')
      .select(['subject_id', 'score', 'grade', 'explanation', 'as_of'])
      .where('model_id', '=', modelId)
      .where('is_current', '=', 1)
      .where('subject_id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.subject_id, r);
  }
  return out;
}

/** The current result, or the latest one evaluated as of `at` or earlier. */
export function findResult(
  db: Queryable,
  modelId: number,
  subjectId: number,
  at?: string,
): Promise<ResultRow | undefined> {
  let q = db
    .selectFrom('evaluation_result')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('subject_id', '=', subjectId);
  q = at === undefined ? q.where('is_current', '=', 1) : q.where('as_of', '<=', at);
  return q.orderBy('as_of', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function findResultHistory(
  db: Queryable,
  modelId: number,
  subjectId: number,
  limit: number,
): Promise<
  Pick<
    ResultRow,
    'id' | 'run_id' | 'as_of' | 'as_of_date' | 'score' | 'grade' | 'is_current' | 'created_at'
  >[]
> {
  return db
    .selectFrom('evaluation_result')
    .select(['id', 'run_id', 'as_of', 'as_of_date', 'score', 'grade', 'is_current', 'created_at'])
    .where('model_id', '=', modelId)
    .where('subject_id', '=', subjectId)
    .orderBy('as_of', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Current grades of `modelId` counted per grade, optionally for subjects whose region code starts with `region`. */
export async function countCurrentGrades(
  db: Queryable,
  modelId: number,
  region?: string,
): Promise<{ grade: string; n: number }[]> {
  let q = db
    .selectFrom('evaluation_result as r')
    .select(['r.grade', (eb) => eb.fn.countAll<number>().as('n')])
    .where('r.model_id', '=', modelId)
    .where('r.is_current', '=', 1);
  if (region !== undefined)
    q = q.innerJoin('subject as s', 's.id', 'r.subject_id').where('s.region_code', 'like', `${region}%`);
  const rows = await q.groupBy('r.grade').execute();
  return rows.map((r) => ({ grade: r.grade, n: Number(r.n) }));
}

/** Current grade per subject for a set of subjects (supervision strata). */
export async function findCurrentGrades(
  db: Queryable,
  modelId: number,
  subjectIds: readonly number[],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const part of chunks(subjectIds)) {
    const rows = await db
      .selectFrom('evaluation_result')
      .select(['subject_id', 'grade'])
      .where('model_id', '=', modelId)
      .where('is_current', '=', 1)
      .where('subject_id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.subject_id, r.grade);
  }
  return out;
}
