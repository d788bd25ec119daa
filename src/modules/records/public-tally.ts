// The maintained summary behind the portal's "records in publicity" figure (docs/adr/0012-dashboard-read-model.md):
// `public_record_tally` holds, per item, the records entering and leaving the public view on each date, at year,
// month and day resolution (migration 0014). Every write that makes a version current or closes one calls
// recordPublicTallyChange in the same transaction; the count on any date then reads a few hundred rows at most.

import { countValue } from '../../platform/db/count-value.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { RecordRow } from './record.repository.js';

/** What decides whether, and when, a current version is in the public view (records/record-view.ts). */
export type TallyFields = Pick<
  RecordRow,
  'item_code' | 'status' | 'published' | 'disclosure' | 'publicity_start' | 'publicity_end'
>;

/** Stands for an open publicity start: before every date. */
const OPEN_START = '0000-01-01';

type Deltas = Map<string, number>;

function addEvent(acc: Deltas, item: string, day: string, n: number): void {
  const periods = [day.slice(0, 4), day.slice(0, 7), day];
  periods.forEach((period, level) => {
    const key = `${level}|${period}|${item}`;
    acc.set(key, (acc.get(key) ?? 0) + n);
  });
}

/**
 * Adds `n` current versions with these fields (negative: versions no longer current) to `acc`: +n on the day the
 * window opens, −n on the day it ends, when the version can be in the public view at all (the rule of
 * `publiclyVisible`: active, published, public). A window ending on or before its start is never visible.
 */
function addVersion(acc: Deltas, r: TallyFields, n: number): void {
  if (r.status !== 'active' || r.published !== 1 || r.disclosure !== 'public') return;
  const start = r.publicity_start;
  const end = r.publicity_end;
  if (start !== null && end !== null && end <= start) return;
  addEvent(acc, r.item_code, start ?? OPEN_START, n);
  if (end !== null) addEvent(acc, r.item_code, end, -n);
}

/**
 * Keeps the tally in step with a write to `record`: `closed` are versions that stop being current (superseded),
 * `opened` the versions that become current. Runs in the writing transaction. Rows are upserted in key order, one
 * statement per 500 keys, so concurrent writers on PostgreSQL lock tally rows in the same order (no deadlock); a
 * caller writes the tally once per transaction where it can (ingestion: once per chunk).
 */
export async function recordPublicTallyChange(
  tx: Tx,
  closed: readonly TallyFields[],
  opened: readonly TallyFields[],
): Promise<void> {
  const acc: Deltas = new Map();
  for (const r of closed) addVersion(acc, r, -1);
  for (const r of opened) addVersion(acc, r, 1);
  await writeDeltas(tx, acc, 'add');
}

async function writeDeltas(tx: Tx, acc: Deltas, mode: 'add' | 'replace'): Promise<void> {
  const rows = [...acc]
    .filter(([, delta]) => delta !== 0)
    .map(([key, delta]) => {
      const [level, period, item] = key.split('|') as [string, string, string];
      return { level: Number(level), period, item_code: item, delta };
    })
    .sort(
      (a, b) =>
        a.level - b.level ||
        (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
        (a.item_code < b.item_code ? -1 : a.item_code > b.item_code ? 1 : 0),
    );
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    if (mode === 'replace') await tx.insertInto('public_record_tally').values(part).execute();
    else
      await tx
        .insertInto('public_record_tally')
        .values(part)
        .onConflict((oc) =>
          oc
            .columns(['level', 'period', 'item_code'])
            .doUpdateSet((eb) => ({ delta: eb('public_record_tally.delta', '+', eb.ref('excluded.delta')) })),
        )
        .execute();
  }
}

/**
 * Records in the public view on `date` (YYYY-MM-DD, Asia/Shanghai) by item, from the tally: the year rows before
 * the date's year, the month rows of its year before its month, the day rows of its month up to the date. Items
 * with none are left out, as a count over the records would leave them out.
 */
export async function publicRecordCountsByItem(
  db: Queryable,
  date: string,
): Promise<{ item: string; count: number }[]> {
  const year = date.slice(0, 4);
  const month = date.slice(0, 7);
  const rows = await db
    .selectFrom('public_record_tally')
    .select(['item_code', (eb) => eb.fn.sum<number>('delta').as('n')])
    .where((eb) =>
      eb.or([
        eb.and([eb('level', '=', 0), eb('period', '<', year)]),
        eb.and([eb('level', '=', 1), eb('period', '>=', `${year}-01`), eb('period', '<', month)]),
        eb.and([eb('level', '=', 2), eb('period', '>=', `${month}-01`), eb('period', '<=', date)]),
      ]),
    )
    .groupBy('item_code')
    .execute();
  return rows
    .map((r) => ({ item: r.item_code, count: countValue(r.n) }))
    .filter((r) => r.count !== 0)
    .sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

/**
 * The same figure counted over the records themselves (the rule of record-view.ts `publiclyVisible`): the
 * reference the tally is verified against (`xinyong dashboard verify`, tests). Reads every current record.
 */
export async function countPublicRecordsLive(
  db: Queryable,
  date: string,
): Promise<{ item: string; count: number }[]> {
  const rows = await db
    .selectFrom('record')
    .select(['item_code', (eb) => eb.fn.countAll().as('n')])
    .where('is_current', '=', 1)
    .where('status', '=', 'active')
    .where('published', '=', 1)
    .where('disclosure', '=', 'public')
    .where((eb) => eb.or([eb('publicity_start', 'is', null), eb('publicity_start', '<=', date)]))
    .where((eb) => eb.or([eb('publicity_end', 'is', null), eb('publicity_end', '>', date)]))
    .groupBy('item_code')
    .execute();
  return rows
    .map((r) => ({ item: r.item_code, count: countValue(r.n) }))
    .sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

/**
 * Recomputes the tally from the current records (after records were written around the services, e.g. the bench
 * database, or to repair a tally found wrong by verify). Reads every current public record once, grouped by
 * window; run inside one transaction so readers see the old or the new tally, never a half.
 */
export async function rebuildPublicRecordTally(tx: Tx): Promise<void> {
  const groups = await tx
    .selectFrom('record')
    .select(['item_code', 'publicity_start', 'publicity_end', (eb) => eb.fn.countAll().as('n')])
    .where('is_current', '=', 1)
    .where('status', '=', 'active')
    .where('published', '=', 1)
    .where('disclosure', '=', 'public')
    .groupBy(['item_code', 'publicity_start', 'publicity_end'])
    .execute();
  const acc: Deltas = new Map();
  for (const g of groups)
    addVersion(acc, { ...g, status: 'active', published: 1, disclosure: 'public' }, countValue(g.n));
  await tx.deleteFrom('public_record_tally').execute();
  await writeDeltas(tx, acc, 'replace');
}
