import type { Db, Tx } from './database.js';
import { engineOf } from './engine.js';

type Hook = () => void | Promise<void>;

const hooksByTx = new WeakMap<Tx, Hook[]>();

export interface TransactionOptions {
  /** Attempts when SQLite reports the database busy (another process writing). Default 5. */
  readonly busyRetries?: number;
}

/**
 * Runs `work` in one transaction and, only after it commits, the hooks registered with {@link afterCommit}
 * (webhooks, files, notifications). SQLite busy errors (another process holds the write lock) retry the
 * whole unit with backoff, so `work` must not have side effects outside the transaction.
 */
export async function inTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = engineOf(db) === 'sqlite' ? (options.busyRetries ?? 5) : 1;
  for (let attempt = 1; ; attempt++) {
    let hooks: Hook[] = [];
    try {
      const result = await db.transaction().execute(async (tx) => {
        hooks = [];
        hooksByTx.set(tx, hooks);
        return work(tx);
      });
      for (const hook of hooks) await hook();
      return result;
    } catch (error) {
      if (attempt >= attempts || !isSqliteBusy(error)) throw error;
      await sleep(25 * 2 ** attempt + Math.random() * 25);
    }
  }
}

/**
 * Registers a side effect to run after the enclosing {@link inTransaction} commits; dropped on rollback.
 * @throws Error if `tx` was not opened by `inTransaction` (a side effect would otherwise be lost silently).
 */
export function afterCommit(tx: Tx, hook: Hook): void {
  const hooks = hooksByTx.get(tx);
  if (hooks === undefined) throw new Error('afterCommit needs a transaction opened by inTransaction()');
  hooks.push(hook);
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
