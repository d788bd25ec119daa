import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import type { AsOfBounds } from './eval-record.repository.js';

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
