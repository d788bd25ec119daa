import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { BindingStatus, SubjectBindingTable } from './access.table.js';

export type BindingRow = Selectable<SubjectBindingTable>;

/** The few subject columns a binding shows. `name` is already masked for natural persons. */
export interface SubjectRef {
  readonly id: number;
  readonly kind: string;
  readonly name: string;
  readonly uscc: string | null;
}

// Reads the subjects module's table directly: that module has no lookup service yet (see the access README note).
export async function findSubjectRef(
  db: Queryable,
  by: { id: number } | { uscc: string },
): Promise<SubjectRef | undefined> {
  let q = db.selectFrom('subject').select(['id', 'kind', 'name', 'uscc']);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('uscc', '=', by.uscc);
  return q.executeTakeFirst();
}

export async function findSubjectRefs(
  db: Queryable,
  ids: readonly number[],
): Promise<Map<number, SubjectRef>> {
  const unique = [...new Set(ids)];
  const out = new Map<number, SubjectRef>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('subject')
      .select(['id', 'kind', 'name', 'uscc'])
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

export function insertBinding(tx: Tx, row: Insertable<SubjectBindingTable>): Promise<BindingRow> {
  return tx.insertInto('subject_binding').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findBinding(db: Queryable, id: number): Promise<BindingRow | undefined> {
  return db.selectFrom('subject_binding').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOpenBindings(db: Queryable, userId: number): Promise<BindingRow[]> {
  return db
    .selectFrom('subject_binding')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', 'in', ['pending', 'approved'])
    .execute();
}

export function listBindingRows(
  db: Queryable,
  f: { userId?: number; status?: BindingStatus; limit: number; offset: number },
): Promise<BindingRow[]> {
  let q = db.selectFrom('subject_binding').selectAll();
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return q.orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}

/** Moves a binding from `from` to a new state; returns undefined when it was no longer in `from` (a race). */
export function transitionBinding(
  tx: Tx,
  id: number,
  from: BindingStatus,
  change: Updateable<SubjectBindingTable>,
): Promise<BindingRow | undefined> {
  return tx
    .updateTable('subject_binding')
    .set(change)
    .where('id', '=', id)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst();
}
