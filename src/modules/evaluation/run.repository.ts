import type { Insertable, Selectable } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { EvaluationRunTable } from './evaluation.table.js';

export type RunRow = Selectable<EvaluationRunTable>;

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
