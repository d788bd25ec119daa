import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import type { RecordRow } from './record.repository.js';

/**
 * The columns a verdict is decided on (item, severity, decision date, window). For current reads all of them are
 * in the `record_in_force` index (migrations 0009, 0012), so a bulk check reads the index alone.
 */
export const IN_FORCE_COLUMNS = [
  'id',
  'subject_id',
  'item_code',
  'severity',
  'decision_date',
  'publicity_end',
] as const satisfies readonly (keyof RecordRow)[];

export type InForceRecord = Pick<RecordRow, (typeof IN_FORCE_COLUMNS)[number]>;

/** What a check cites of a record that triggered a measure, or reads to match a trigger on a field value. */
export type InForceDetail = Pick<RecordRow, 'id' | 'version' | 'item_id' | 'provider_id' | 'fields'>;

/**
 * Which versions to read: `current` — the versions in force now (a check without asOf), read from the
 * `record_in_force` partial index; or `at` — the versions current at that earlier instant (a check with asOf, a
 * receipt re-verified), read from the table. `date` (YYYY-MM-DD, Asia/Shanghai) is the day the window must contain.
 */
export type InForceAt =
  | { readonly current: true; readonly date: string }
  | { readonly at: string; readonly date: string };

const CHUNK = 500;
/** A window without a start or an end: null read as the earliest or latest day. */
const OPEN_START = '0001-01-01';
const OPEN_END = '9999-12-31';

/**
 * The `record_in_force` index's predicate (migrations 0009, 0012), written literally: both engines use a partial index
 * only when they can prove a query implies its predicate, and a bound parameter proves nothing.
 */
export const IN_FORCE_PREDICATE = sql<boolean>`is_current = 1 and status = 'active' and disclosure <> 'government'`;

/**
 * Records in force for checks: versions current at the instant, active (not revoked, repaired or removed), shared
 * with authorised readers (not government-only), of the given items, whose window contains the date — list
 * entries inside their validity period, penalties inside their publicity window. Chunked by subject; only
 * {@link IN_FORCE_COLUMNS} are read (a bulk check reads tens of thousands of rows): the rest of a record, with
 * its fields, comes from {@link findInForceDetails} for the few records that need it.
 */
export async function findInForceRecords(
  db: Queryable,
  subjectIds: readonly number[],
  items: readonly string[],
  when: InForceAt,
): Promise<InForceRecord[]> {
  if (subjectIds.length === 0 || items.length === 0) return [];
  const out: InForceRecord[] = [];
  const unique = [...new Set(subjectIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    out.push(...(await inForceQuery(db, unique.slice(i, i + CHUNK), items, when).execute()));
  }
  return out;
}

/**
 * The statement {@link findInForceRecords} runs for one chunk of subjects (at most 500, SQLite's parameter limit
 * in mind). For `current` reads its plan is a covering scan of `record_in_force` on both engines (migration 0012).
 */
export function inForceQuery(
  db: Queryable,
  subjectIds: readonly number[],
  items: readonly string[],
  when: InForceAt,
) {
  const { date } = when;
  const q = db
    .selectFrom('record')
    .select(IN_FORCE_COLUMNS)
    .where('subject_id', 'in', [...subjectIds])
    .where('item_code', 'in', [...items])
    // the window as coalesce, not `is null or …`: an OR over an indexed column invites a plan that merges two
    // other indexes (both engines did so without statistics) instead of the one covering index
    .where((eb) => eb(eb.fn.coalesce('publicity_start', sql.lit(OPEN_START)), '<=', date))
    .where((eb) => eb(eb.fn.coalesce('publicity_end', sql.lit(OPEN_END)), '>', date));
  if ('current' in when) return q.where(IN_FORCE_PREDICATE);
  return q
    .where('recorded_at', '<=', when.at)
    .where((eb) => eb.or([eb('superseded_at', 'is', null), eb('superseded_at', '>', when.at)]))
    .where('status', '=', 'active')
    .where('disclosure', '!=', 'government');
}

/** Version, item version, provider and fields (JSON text) of the given records, by id. */
export async function findInForceDetails(
  db: Queryable,
  ids: readonly number[],
): Promise<Map<number, InForceDetail>> {
  const out = new Map<number, InForceDetail>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('record')
      .select(['id', 'version', 'item_id', 'provider_id', 'fields'])
      .where('id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
