import type { Db, Tx } from './database.js';
import { engineOf } from './engine.js';

type Hook = () => void | Promise<void>;

const hooksByTx = new WeakMap<Tx, Hook[]>();

/** How long a transaction waits in all for SQLite's write lock, by default; the same as a statement's busy timeout. */
export const DEFAULT_BUSY_WAIT_MS = 10_000;

export interface TransactionOptions {
  /**
   * The unit only reads, and reads one snapshot (figures compared with each other agree). On SQLite it starts as a
   * deferred reader and never waits for the write lock; on PostgreSQL it is `read only` (a write in it fails) and
   * `repeatable read`. Default false: a writer (`BEGIN IMMEDIATE` on SQLite).
   */
  readonly readOnly?: boolean;
  /**
   * Milliseconds the unit may wait in all for SQLite's write lock (another process writing), retried with backoff;
   * then it fails with the last busy error. Default {@link DEFAULT_BUSY_WAIT_MS}.
   */
  readonly busyWaitMs?: number;
}

/**
 * Runs `work` in one transaction and, only after it commits, the hooks registered with {@link afterCommit}
 * (webhooks, files, notifications). On SQLite a writer transaction takes the write lock when it begins (see
 * create-database.ts); while another connection holds it, the unit waits asynchronously with backoff, for at most
 * `busyWaitMs`, and a busy error inside the unit retries the whole unit the same way — so `work` must not have side
 * effects outside the transaction.
 */
export async function inTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retry = engineOf(db) === 'sqlite';
  const deadline = Date.now() + (options.busyWaitMs ?? DEFAULT_BUSY_WAIT_MS);
  const builder =
    options.readOnly === true
      ? db.transaction().setAccessMode('read only').setIsolationLevel('repeatable read')
      : db.transaction();
  for (let attempt = 1; ; attempt++) {
    let hooks: Hook[] = [];
    try {
      const result = await builder.execute(async (tx) => {
        hooks = [];
        hooksByTx.set(tx, hooks);
        return work(tx);
      });
      for (const hook of hooks) await hook();
      return result;
    } catch (error) {
      if (!retry || !isSqliteBusy(error)) throw error;
      const pause = busyPause(attempt);
      if (Date.now() + pause > deadline) throw error;
      await sleep(pause);
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

/** Whether `error` is SQLite's "database is locked" (or a stale read snapshot), which a retry may get past. */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/** Backoff between attempts: 2, 4, 8 … ms up to 64 ms, with jitter so that waiting processes do not keep colliding. */
function busyPause(attempt: number): number {
  return Math.min(64, 2 ** attempt) * (0.5 + Math.random());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
