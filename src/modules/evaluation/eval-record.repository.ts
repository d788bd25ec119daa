import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import { type Engine, engineOf } from '../../platform/db/engine.js';
import { chunks } from './chunks.js';
import type { RecordSeverity } from './evaluation-model.types.js';
import { type CompiledModel, type EvalRecord, minusYears } from './score-subject.js';

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
