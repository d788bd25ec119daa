import os from 'node:os';
import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAudit } from '../audit/audit.service.js';
import { findApplyingBatches, finishBatch } from './batch.repository.js';

/** A batch whose owner has not reported for this long is considered interrupted even on another host. */
export const STALE_AFTER_MS = 10 * 60 * 1000;

/** Whether the `host:pid` owner of a batch or upload is running: undefined when it is on another host. */
export function ownerAlive(owner: string): boolean | undefined {
  const [host, pid] = owner.split(':');
  if (host !== os.hostname() || pid === undefined) return undefined;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks `applying` batches whose process is gone as `interrupted`, so batch statuses tell the truth after a crash
 * or kill: same host and dead pid, or no heartbeat for {@link STALE_AFTER_MS}. Rows up to `last_row` are applied
 * (chunks commit atomically); re-running the same file completes the rest, counting applied rows as unchanged.
 * @returns the ids it marked.
 */
export async function reconcileInterruptedBatches(db: Db, now: Date): Promise<number[]> {
  const marked: number[] = [];
  for (const b of await findApplyingBatches(db)) {
    const alive = ownerAlive(b.owner);
    const stale = now.getTime() - Date.parse(b.heartbeat_at) > STALE_AFTER_MS;
    if (alive === true || (alive === undefined && !stale)) continue;
    const message =
      b.queued_at !== null
        ? '处理中断：文件排队等待期间进程停止，未读取任何数据；请重新提交同一文件'
        : `处理中断：进程在第 ${b.last_row} 行之后停止，第 ${b.last_row} 行及之前的数据已入库；请重新提交同一文件以完成处理`;
    await inTransaction(db, async (tx) => {
      await finishBatch(tx, b.id, 'interrupted', message, now.toISOString());
      await appendAudit(
        tx,
        [
          {
            actor: 'system:ingestion',
            action: 'batch.interrupted',
            entityType: 'batch',
            entityId: b.id,
            payload: { lastRow: b.last_row, queued: b.queued_at !== null },
          },
        ],
        now,
      );
    });
    marked.push(b.id);
  }
  return marked;
}
