import type { Db, Tx } from './database.js';
import { inTransaction } from './transaction.js';

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

/**
 * Runs `work` in a transaction and always rolls it back, returning what `work` returned (dry runs). It may write, so
 * it is a writer like any {@link inTransaction} unit, retried when SQLite is busy.
 */
export async function rollbackAfter<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await inTransaction(db, async (tx) => {
      throw new Rollback(await work(tx));
    });
  } catch (e) {
    if (e instanceof Rollback) return e.value as T;
    throw e;
  }
  throw new Error('unreachable');
}
