import type { Queryable, Tx } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { findRecordById, findSubjectRecords, type RecordRow } from './record.repository.js';
import type { RecordStatus } from './record.table.js';

export type { RecordRow } from './record.repository.js';

/** 记录状态 as people read them. */
export const RECORD_STATUS_LABELS: Readonly<Record<RecordStatus, string>> = {
  active: '有效',
  revoked: '已撤销',
  repaired: '已信用修复',
  removed: '已移出名单',
};

/**
 * The current version of every record chain about a subject, whatever its status or publicity (revoked, repaired,
 * ended windows included), ordered by item, decision date (newest first) and id. Callers decide what to show.
 */
export function currentRecordsOf(db: Queryable, subjectId: number): Promise<RecordRow[]> {
  return findSubjectRecords(db, subjectId);
}

/** One record version by id. @throws AppError not_found */
export async function getRecordRow(db: Queryable, id: number): Promise<RecordRow> {
  const r = await findRecordById(db, id);
  if (r === undefined) throw notFound(`记录 ${id}`);
  return r;
}

/** The current version of the chain `id` belongs to. @throws AppError not_found */
export async function getCurrentVersionOf(db: Queryable, id: number): Promise<RecordRow> {
  const r = await getRecordRow(db, id);
  if (r.is_current === 1) return r;
  const current = await db
    .selectFrom('record')
    .selectAll()
    .where('item_code', '=', r.item_code)
    .where('provider_id', '=', r.provider_id)
    .where('business_key', '=', r.business_key)
    .where('is_current', '=', 1)
    .executeTakeFirst();
  if (current === undefined) throw notFound(`记录 ${id} 的当前版本`);
  return current;
}

/**
 * Sets the objection mark (异议处理中) on the current version of a record's chain. The mark is a display state of
 * the current version, changed in place; the objection itself keeps the history.
 */
export async function setObjectionMark(
  tx: Tx,
  recordId: number,
  state: 'none' | 'under_objection',
): Promise<number> {
  const current = await getCurrentVersionOf(tx, recordId);
  await tx.updateTable('record').set({ objection_state: state }).where('id', '=', current.id).execute();
  return current.id;
}

/** Marks a record's current version as publicity ended today (repairs). */
export async function markPublicityEnded(tx: Tx, recordId: number, date: string): Promise<void> {
  await tx
    .updateTable('record')
    .set({ publicity_ended_on: date })
    .where('id', '=', recordId)
    .where('publicity_ended_on', 'is', null)
    .execute();
}

/** A current record chain as the duplicate check of collection sees it. */
export interface HeldRecord {
  readonly providerId: number;
  readonly subjectId: number;
  readonly businessKey: string;
  /** Normalised field values by field code (sensitive fields excluded). */
  readonly fields: Readonly<Record<string, unknown>>;
}

const SUBJECT_CHUNK = 500;

/**
 * The current versions of `itemCode` records about any of `subjectIds`, except revoked ones (a revoked record is
 * no longer held: its decision may be reported again): from every provider, or only from / all but one provider
 * (`providers`). Uses the (subject_id, item_code) index.
 */
export async function heldRecordsAbout(
  db: Queryable,
  itemCode: string,
  subjectIds: readonly number[],
  providers: { readonly only?: number; readonly except?: number } = {},
): Promise<HeldRecord[]> {
  const ids = [...new Set(subjectIds)];
  const out: HeldRecord[] = [];
  for (let i = 0; i < ids.length; i += SUBJECT_CHUNK) {
    const rows = await db
      .selectFrom('record')
      .select(['provider_id', 'subject_id', 'business_key', 'fields'])
      .where('subject_id', 'in', ids.slice(i, i + SUBJECT_CHUNK))
      .where('item_code', '=', itemCode)
      .where('is_current', '=', 1)
      .where('status', '!=', 'revoked')
      .$if(providers.only !== undefined, (q) => q.where('provider_id', '=', providers.only ?? 0))
      .$if(providers.except !== undefined, (q) => q.where('provider_id', '!=', providers.except ?? 0))
      .execute();
    for (const r of rows) {
      out.push({
        providerId: r.provider_id,
        subjectId: r.subject_id,
        businessKey: r.business_key,
        fields: JSON.parse(r.fields) as Record<string, unknown>,
      });
    }
  }
  return out;
}
