import type { Expression, ExpressionBuilder, Insertable, Selectable, SqlBool } from 'kysely';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import type { Database, Queryable, Tx } from '../../platform/db/database.js';
import { chunks } from './chunks.js';
import type { EvaluationResultTable } from './evaluation.table.js';

export type ResultRow = Selectable<EvaluationResultTable>;

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
  /** Notes the subjects whose current result is newer than `asOf`, and retires the other current results. */
  const retire = async (
    subjects: (eb: ExpressionBuilder<Database, 'evaluation_result'>) => Expression<SqlBool>,
  ) => {
    const rows = await tx
      .selectFrom('evaluation_result')
      .select('subject_id')
      .where('model_id', '=', modelId)
      .where('is_current', '=', 1)
      .where(subjects)
      .where('as_of', '>', asOf)
      .execute();
    for (const r of rows) newer.add(r.subject_id);
    await tx
      .updateTable('evaluation_result')
      .set({ is_current: 0 })
      .where('model_id', '=', modelId)
      .where('is_current', '=', 1)
      .where(subjects)
      .where('as_of', '<=', asOf)
      .execute();
  };
  if ('range' in scope) {
    const { from, to } = scope.range;
    await retire((eb) => eb.and([eb('subject_id', '>=', from), eb('subject_id', '<=', to)]));
  } else {
    const ids = [...results.map((r) => r.subject_id), ...scope.retire];
    for (const part of chunks(ids)) await retire((eb) => eb('subject_id', 'in', part));
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
