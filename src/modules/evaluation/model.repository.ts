import type { Insertable, Selectable } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { EvaluationModelTable } from './evaluation.table.js';

export type ModelRow = Selectable<EvaluationModelTable>;

export function findModels(db: Queryable): Promise<ModelRow[]> {
  return db.selectFrom('evaluation_model').selectAll().orderBy('code').orderBy('version').execute();
}

export function findModelById(db: Queryable, id: number): Promise<ModelRow | undefined> {
  return db.selectFrom('evaluation_model').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findModelVersion(
  db: Queryable,
  code: string,
  version: number,
): Promise<ModelRow | undefined> {
  return db
    .selectFrom('evaluation_model')
    .selectAll()
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst();
}

export function findLatestModel(db: Queryable, code: string): Promise<ModelRow | undefined> {
  return db
    .selectFrom('evaluation_model')
    .selectAll()
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findDefaultModel(db: Queryable): Promise<ModelRow | undefined> {
  return db
    .selectFrom('evaluation_model')
    .selectAll()
    .where('is_default', '=', 1)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertModel(tx: Tx, row: Insertable<EvaluationModelTable>): Promise<ModelRow> {
  return tx.insertInto('evaluation_model').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function makeDefaultModel(tx: Tx, id: number): Promise<void> {
  await tx.updateTable('evaluation_model').set({ is_default: 0 }).where('is_default', '=', 1).execute();
  await tx.updateTable('evaluation_model').set({ is_default: 1 }).where('id', '=', id).execute();
}
