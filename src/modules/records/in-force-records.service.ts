import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import type { RecordRow } from './record.repository.js';

/**
 * The columns a verdict is decided on (item, severity, decision date, window). For current reads all of them are
 * in the `record_in_force` index (migration 0009), so a bulk check reads the index alone.
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

/**
 * The `record_in_force` index's predicate (migration 0009), written literally: both engines use a partial index
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
  const { date } = when;
  for (let i = 0; i < unique.length; i += CHUNK) {
    let q = db
      .selectFrom('record')
      .select(IN_FORCE_COLUMNS)
      .where('subject_id', 'in', unique.slice(i, i + CHUNK))
      .where('item_code', 'in', [...items])
      .where((eb) => eb.or([eb('publicity_start', 'is', null), eb('publicity_start', '<=', date)]))
      .where((eb) => eb.or([eb('publicity_end', 'is', null), eb('publicity_end', '>', date)]));
    if ('current' in when) {
      q = q.where(IN_FORCE_PREDICATE);
    } else {
      q = q
        .where('recorded_at', '<=', when.at)
        .where((eb) => eb.or([eb('superseded_at', 'is', null), eb('superseded_at', '>', when.at)]))
        .where('status', '=', 'active')
        .where('disclosure', '!=', 'government');
    }
    out.push(...(await q.execute()));
  }
  return out;
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
