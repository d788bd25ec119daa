import type { Queryable } from '../../platform/db/database.js';
import type { RecordRow } from './record.repository.js';

/** The columns a check needs of a record in force (verdicts, triggers, receipts). */
export const IN_FORCE_COLUMNS = [
  'id',
  'version',
  'subject_id',
  'item_id',
  'item_code',
  'provider_id',
  'fields',
  'severity',
  'decision_date',
  'publicity_end',
] as const satisfies readonly (keyof RecordRow)[];

export type InForceRecord = Pick<RecordRow, (typeof IN_FORCE_COLUMNS)[number]>;

/**
 * Records in force for checks and evaluation: the versions current at instant `at`, active (not revoked, repaired
 * or removed), shared with authorised readers (not government-only), of the given items, whose window contains
 * `date` — list entries inside their validity period, penalties inside their publicity window. Chunked by subject;
 * only {@link IN_FORCE_COLUMNS} are read (a bulk check reads tens of thousands of rows).
 */
export async function findInForceRecords(
  db: Queryable,
  subjectIds: readonly number[],
  items: readonly string[],
  at: string,
  date: string,
): Promise<InForceRecord[]> {
  if (subjectIds.length === 0 || items.length === 0) return [];
  const out: InForceRecord[] = [];
  const unique = [...new Set(subjectIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('record')
      .select(IN_FORCE_COLUMNS)
      .where('subject_id', 'in', unique.slice(i, i + 500))
      .where('item_code', 'in', [...items])
      .where('recorded_at', '<=', at)
      .where((eb) => eb.or([eb('superseded_at', 'is', null), eb('superseded_at', '>', at)]))
      .where('status', '=', 'active')
      .where('disclosure', '!=', 'government')
      .where((eb) => eb.or([eb('publicity_start', 'is', null), eb('publicity_start', '<=', date)]))
      .where((eb) => eb.or([eb('publicity_end', 'is', null), eb('publicity_end', '>', date)]))
      .execute();
    out.push(...rows);
  }
  return out;
}
