import type { Db } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { appendAudit } from '../audit/audit.service.js';

export interface RefreshSummary {
  /** The Asia/Shanghai date the refresh ran for. */
  readonly date: string;
  /** Records whose publicity ended now (终止公示). */
  readonly ended: number;
  /** Their ids (for notifications). */
  readonly endedIds: readonly number[];
}

/**
 * The daily publicity job (`xinyong publicity refresh`): every current, active record whose half-open publicity
 * window ended on or before today gets `publicity_ended_on` = its end date, with an audit event per chunk.
 * Idempotent — a record is ended once, and never a day before its `publicity_end`. Views compute visibility from
 * the dates themselves, so a missed run hides nothing that should show; the job makes the end explicit for lists,
 * notifications and the audit trail.
 */
export async function refreshPublicity(db: Db, now: Date, chunk = 1000): Promise<RefreshSummary> {
  const date = shanghaiDate(now);
  const endedIds: number[] = [];
  for (;;) {
    const n = await inTransaction(db, async (tx) => {
      const due = await tx
        .selectFrom('record')
        .select(['id', 'publicity_end'])
        .where('is_current', '=', 1)
        .where('status', '=', 'active')
        .where('publicity_ended_on', 'is', null)
        .where('publicity_end', 'is not', null)
        .where('publicity_end', '<=', date)
        .orderBy('id')
        .limit(chunk)
        .execute();
      if (due.length === 0) return [] as number[];
      const byEnd = new Map<string, number[]>();
      for (const r of due)
        byEnd.set(r.publicity_end as string, [...(byEnd.get(r.publicity_end as string) ?? []), r.id]);
      for (const [end, ids] of byEnd)
        await tx.updateTable('record').set({ publicity_ended_on: end }).where('id', 'in', ids).execute();
      await appendAudit(
        tx,
        [
          {
            actor: 'system:publicity',
            action: 'record.publicity_ended',
            entityType: 'record',
            entityId: `${due[0]?.id}..${due[due.length - 1]?.id}`,
            payload: { date, ids: due.map((r) => r.id) },
          },
        ],
        now,
      );
      return due.map((r) => r.id);
    });
    endedIds.push(...n);
    if (n.length < chunk) break;
  }
  return { date, ended: endedIds.length, endedIds };
}
