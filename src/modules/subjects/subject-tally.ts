// Subjects by kind for the portal's headline figures, kept in `subject_tally` (migration 0014) by the writes of
// subject.repository.ts in their own transaction, so the public overview does not count the subject table.

import { countValue } from '../../platform/db/count-value.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { SubjectKind } from './subject.table.js';

/**
 * Adds `deltas` (kind → subjects added, negative for removed) to the tally, kinds in a fixed order so concurrent
 * writers on PostgreSQL lock the rows in the same order.
 */
export async function recordSubjectTallyChange(
  tx: Tx,
  deltas: ReadonlyMap<SubjectKind, number>,
): Promise<void> {
  const rows = [...deltas]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([kind, count]) => ({ kind, count }));
  if (rows.length === 0) return;
  await tx
    .insertInto('subject_tally')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('kind')
        .doUpdateSet((eb) => ({ count: eb('subject_tally.count', '+', eb.ref('excluded.count')) })),
    )
    .execute();
}

/** Subjects by kind, from the tally. */
export async function subjectCountsByKind(db: Queryable): Promise<{ kind: SubjectKind; count: number }[]> {
  const rows = await db.selectFrom('subject_tally').select(['kind', 'count']).orderBy('kind').execute();
  return rows.map((r) => ({ kind: r.kind, count: countValue(r.count) })).filter((r) => r.count !== 0);
}

/** The same counted over the subject table: the reference for `xinyong dashboard verify` and the tests. */
export async function countSubjectsLive(db: Queryable): Promise<{ kind: SubjectKind; count: number }[]> {
  const rows = await db
    .selectFrom('subject')
    .select(['kind', (eb) => eb.fn.countAll().as('n')])
    .groupBy('kind')
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, count: countValue(r.n) }));
}

/** Recomputes the tally from the subject table (one pass over its kinds), inside the caller's transaction. */
export async function rebuildSubjectTally(tx: Tx): Promise<void> {
  const live = await countSubjectsLive(tx);
  await tx.deleteFrom('subject_tally').execute();
  if (live.length > 0)
    await tx
      .insertInto('subject_tally')
      .values(live.map((r) => ({ kind: r.kind, count: r.count })))
      .execute();
}
