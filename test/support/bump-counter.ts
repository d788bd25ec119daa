import type { Db } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';

/** One write unit as a route makes it: reads a counter in `app_meta`, then inserts or increments it. */
export function bumpCounter(db: Db, key: string): Promise<void> {
  return inTransaction(db, async (tx) => {
    const row = await tx.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
    const at = new Date().toISOString();
    if (row === undefined)
      await tx.insertInto('app_meta').values({ key, value: '1', updated_at: at }).execute();
    else
      await tx
        .updateTable('app_meta')
        .set({ value: String(Number(row.value) + 1), updated_at: at })
        .where('key', '=', key)
        .execute();
  });
}
