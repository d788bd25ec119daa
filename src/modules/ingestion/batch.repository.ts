import type { Selectable } from 'kysely';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { IssueDetail } from '../../platform/errors.js';
import { maskIdentifiersInText } from '../../standards/mask.js';
import type { BatchStatus, BatchTable } from './batch.table.js';

export interface BatchCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warned: number;
}

export type BatchRow = Selectable<BatchTable>;

export async function insertBatch(
  tx: Tx,
  b: Pick<
    BatchTable,
    | 'provider_id'
    | 'item_code'
    | 'item_version'
    | 'source'
    | 'file_name'
    | 'file_name_cipher'
    | 'file_digest'
    | 'encoding'
    | 'profile'
    | 'status'
    | 'created_by'
    | 'owner'
  > & { queued_at?: string | null },
  at: string,
): Promise<number> {
  const row = await tx
    .insertInto('batch')
    .values({ ...b, started_at: at, heartbeat_at: at, finished_at: null, message: null, timings: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a chunk's counts and moves the progress marker; runs in the chunk's transaction. */
export async function addBatchProgress(
  tx: Tx,
  id: number,
  delta: BatchCounts,
  lastRow: number,
  at: string,
): Promise<void> {
  await tx
    .updateTable('batch')
    .set((eb) => ({
      read_rows: eb('read_rows', '+', delta.read),
      inserted: eb('inserted', '+', delta.inserted),
      updated: eb('updated', '+', delta.updated),
      unchanged: eb('unchanged', '+', delta.unchanged),
      rejected: eb('rejected', '+', delta.rejected),
      warned: eb('warned', '+', delta.warned),
      last_row: lastRow,
      heartbeat_at: at,
    }))
    .where('id', '=', id)
    .execute();
}

/** Shows a batch waiting for an ingest slot as alive. */
export async function touchBatch(db: Queryable, id: number, at: string): Promise<void> {
  await db.updateTable('batch').set({ heartbeat_at: at }).where('id', '=', id).execute();
}

/** A queued batch got its slot: it runs from now on with the status it was submitted for. */
export async function startQueuedBatch(
  db: Queryable,
  id: number,
  status: 'applying' | 'dry_run',
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('batch')
    .set({ status, queued_at: null, heartbeat_at: at })
    .where('id', '=', id)
    .where('status', '=', 'applying')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function finishBatch(
  tx: Tx | Queryable,
  id: number,
  status: BatchStatus,
  message: string | null,
  at: string,
  timings?: Readonly<Record<string, number>>,
): Promise<void> {
  await tx
    .updateTable('batch')
    .set({
      status,
      message: message === null ? null : maskIdentifiersInText(message).text,
      finished_at: at,
      heartbeat_at: at,
      queued_at: null,
      ...(timings === undefined ? {} : { timings: JSON.stringify(timings) }),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertIssues(
  tx: Tx | Queryable,
  batchId: number,
  issues: readonly (IssueDetail & { severity: 'error' | 'warning'; raw?: string | null })[],
): Promise<void> {
  await bulkInsert(
    tx,
    'batch_issue',
    ['batch_id', 'row', 'field', 'severity', 'code', 'message', 'raw_value'],
    issues.map((x) => ({
      batch_id: batchId,
      row: x.row ?? 0,
      field: x.field ?? null,
      severity: x.severity,
      code: x.code,
      // the last line of defence: no id or mobile number reaches the issue report, whatever produced the issue
      message: maskIdentifiersInText(x.message).text,
      raw_value: x.raw === undefined || x.raw === null ? null : maskIdentifiersInText(x.raw).text,
    })),
  );
}

export async function findBatch(db: Queryable, id: number): Promise<BatchRow | undefined> {
  return db.selectFrom('batch').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listBatches(
  db: Queryable,
  filter: { providerId?: number; limit: number; offset: number },
): Promise<BatchRow[]> {
  let q = db.selectFrom('batch').selectAll();
  if (filter.providerId !== undefined) q = q.where('provider_id', '=', filter.providerId);
  return q.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

export interface IssueRow {
  row: number;
  field: string | null;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  raw_value: string | null;
}

export async function findIssues(
  db: Queryable,
  batchId: number,
  filter: { severity?: 'error' | 'warning'; code?: string; limit?: number; offset?: number } = {},
): Promise<IssueRow[]> {
  let q = db
    .selectFrom('batch_issue')
    .select(['row', 'field', 'severity', 'code', 'message', 'raw_value'])
    .where('batch_id', '=', batchId);
  if (filter.severity !== undefined) q = q.where('severity', '=', filter.severity);
  if (filter.code !== undefined) q = q.where('code', '=', filter.code);
  q = q.orderBy('row').orderBy('id');
  if (filter.limit !== undefined) q = q.limit(filter.limit).offset(filter.offset ?? 0);
  return q.execute();
}

export async function countIssuesByCode(
  db: Queryable,
  batchId: number,
): Promise<{ code: string; severity: string; count: number }[]> {
  const rows = await db
    .selectFrom('batch_issue')
    .select(['code', 'severity', (eb) => eb.fn.countAll<number>().as('count')])
    .where('batch_id', '=', batchId)
    .groupBy(['code', 'severity'])
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, severity: r.severity, count: Number(r.count) }));
}

/** Batches still marked `applying` whose owner is gone: the process that applied them died mid-way. */
export async function findApplyingBatches(
  db: Queryable,
): Promise<Pick<BatchRow, 'id' | 'owner' | 'heartbeat_at' | 'last_row' | 'queued_at'>[]> {
  return db
    .selectFrom('batch')
    .select(['id', 'owner', 'heartbeat_at', 'last_row', 'queued_at'])
    .where('status', '=', 'applying')
    .execute();
}

/** When the platform first collected records (the earliest batch that inserted any), or null if it has none. */
export async function firstCollectedAt(db: Queryable): Promise<string | null> {
  const row = await db
    .selectFrom('batch')
    .select((eb) => eb.fn.min('started_at').as('since'))
    .where('inserted', '>', 0)
    .executeTakeFirst();
  return row?.since ?? null;
}
