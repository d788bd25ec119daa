import type { Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import type { RecordTable } from './record.table.js';

export type RecordRow = Selectable<RecordTable>;

/** Instant bounds of "as of": the versions current at instant `at` (ISO). */
export interface AsOf {
  readonly at: string;
}

/**
 * Versions of a subject's records as they stood at `asOf.at` (or the current ones when absent), optionally of one
 * item. Ordered by item, then decision date (newest first).
 */
export async function findSubjectRecords(
  db: Queryable,
  subjectId: number,
  filter: { item?: string; asOf?: AsOf } = {},
): Promise<RecordRow[]> {
  let q = db.selectFrom('record').selectAll().where('subject_id', '=', subjectId);
  if (filter.item !== undefined) q = q.where('item_code', '=', filter.item);
  if (filter.asOf === undefined) q = q.where('is_current', '=', 1);
  else {
    const at = filter.asOf.at;
    q = q
      .where('recorded_at', '<=', at)
      .where((eb) => eb.or([eb('superseded_at', 'is', null), eb('superseded_at', '>', at)]));
  }
  return q.orderBy('item_code').orderBy('decision_date', 'desc').orderBy('id').execute();
}

/** Whether `providerId` ever reported a record (any version, any status) about `subjectId`. */
export async function providerReportedAbout(
  db: Queryable,
  providerId: number,
  subjectId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('record')
    .select('id')
    .where('subject_id', '=', subjectId)
    .where('provider_id', '=', providerId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findRecordById(db: Queryable, id: number): Promise<RecordRow | undefined> {
  return db.selectFrom('record').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every version of the chain a record belongs to, oldest first. */
export async function findChain(
  db: Queryable,
  r: Pick<RecordRow, 'item_code' | 'provider_id' | 'business_key'>,
): Promise<RecordRow[]> {
  return db
    .selectFrom('record')
    .selectAll()
    .where('item_code', '=', r.item_code)
    .where('provider_id', '=', r.provider_id)
    .where('business_key', '=', r.business_key)
    .orderBy('version')
    .execute();
}
