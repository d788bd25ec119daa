import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { ApiClientTable } from './access.table.js';

export type ClientRow = Selectable<ApiClientTable>;

export function insertClient(tx: Tx, row: Insertable<ApiClientTable>): Promise<ClientRow> {
  return tx.insertInto('api_client').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findClientById(db: Queryable, id: number): Promise<ClientRow | undefined> {
  return db.selectFrom('api_client').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findClientByKeyId(db: Queryable, keyId: string): Promise<ClientRow | undefined> {
  return db.selectFrom('api_client').selectAll().where('key_id', '=', keyId).executeTakeFirst();
}

export function listClientRows(
  db: Queryable,
  f: { status?: 'active' | 'revoked'; limit: number; offset: number },
): Promise<ClientRow[]> {
  let q = db.selectFrom('api_client').selectAll();
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return q.orderBy('id').limit(f.limit).offset(f.offset).execute();
}

export function updateClientRow(tx: Tx, id: number, change: Updateable<ApiClientTable>): Promise<ClientRow> {
  return tx
    .updateTable('api_client')
    .set(change)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records use at most once a minute per client, so authentication does not write on every request. */
export async function touchClient(db: Queryable, id: number, at: string, ifBefore: string): Promise<void> {
  await db
    .updateTable('api_client')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', ifBefore)]))
    .execute();
}
