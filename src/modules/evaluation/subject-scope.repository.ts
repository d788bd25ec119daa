import type { Queryable } from '../../platform/db/database.js';
import type { SubjectKind } from '../subjects/subject.table.js';
import { chunks } from './chunks.js';

export interface SubjectScope {
  readonly kinds: readonly SubjectKind[];
  readonly excludeRegStatuses: readonly string[];
}

export async function countSubjectsInScope(db: Queryable, scope: SubjectScope): Promise<number> {
  let q = db
    .selectFrom('subject')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', 'in', [...scope.kinds]);
  if (scope.excludeRegStatuses.length > 0)
    q = q.where((eb) =>
      eb.or([eb('reg_status', 'is', null), eb('reg_status', 'not in', [...scope.excludeRegStatuses])]),
    );
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The next `limit` subjects in scope with `afterId` < id ≤ `upToId`, in id order. */
export async function nextSubjectsInScope(
  db: Queryable,
  scope: SubjectScope,
  afterId: number,
  upToId: number,
  limit: number,
): Promise<number[]> {
  let q = db
    .selectFrom('subject')
    .select('id')
    .where('id', '>', afterId)
    .where('id', '<=', upToId)
    .where('kind', 'in', [...scope.kinds]);
  if (scope.excludeRegStatuses.length > 0)
    q = q.where((eb) =>
      eb.or([eb('reg_status', 'is', null), eb('reg_status', 'not in', [...scope.excludeRegStatuses])]),
    );
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Which of `ids` are subjects in scope, ascending. */
export async function filterSubjectsInScope(
  db: Queryable,
  scope: SubjectScope,
  ids: readonly number[],
): Promise<number[]> {
  const out: number[] = [];
  for (const part of chunks(ids)) {
    let q = db
      .selectFrom('subject')
      .select('id')
      .where('id', 'in', part)
      .where('kind', 'in', [...scope.kinds]);
    if (scope.excludeRegStatuses.length > 0)
      q = q.where((eb) =>
        eb.or([eb('reg_status', 'is', null), eb('reg_status', 'not in', [...scope.excludeRegStatuses])]),
      );
    for (const r of await q.execute()) out.push(r.id);
  }
  return out.sort((a, b) => a - b);
}
