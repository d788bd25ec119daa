import os from 'node:os';
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/transaction.js';

/** A job: a named function over the database, also runnable from the CLI. Returns a JSON-able summary. */
export interface Job {
  readonly name: string;
  /** croner pattern in Asia/Shanghai time, e.g. `5 0 * * *` (00:05 daily). */
  readonly schedule: string;
  run(now: Date): Promise<Record<string, unknown>>;
}

const LEASE_MS = 30 * 60 * 1000;

/**
 * Runs a job once under a database lease, so that of several server instances only one runs it, and records the
 * run in `job_run`. A lease left by a crashed instance expires after 30 minutes.
 * @returns the summary, or null when another instance holds the lease.
 */
export async function runJobOnce(db: Db, job: Job, now: Date): Promise<Record<string, unknown> | null> {
  const holder = `${os.hostname()}:${process.pid}`;
  const nowIso = now.toISOString();
  const acquired = await inTransaction(db, async (tx) => {
    const lease = await tx.selectFrom('job_lease').selectAll().where('job', '=', job.name).executeTakeFirst();
    if (lease === undefined) {
      await tx
        .insertInto('job_lease')
        .values({ job: job.name, holder, expires_at: new Date(now.getTime() + LEASE_MS).toISOString() })
        .execute();
      return true;
    }
    if (lease.holder !== null && lease.expires_at !== null && lease.expires_at > nowIso) return false;
    await tx
      .updateTable('job_lease')
      .set({ holder, expires_at: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('job', '=', job.name)
      .execute();
    return true;
  });
  if (!acquired) return null;
  const run = await db
    .insertInto('job_run')
    .values({ job: job.name, started_at: nowIso, status: 'running', finished_at: null, summary: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    const summary = await job.run(now);
    await db
      .updateTable('job_run')
      .set({ status: 'succeeded', finished_at: new Date().toISOString(), summary: JSON.stringify(summary) })
      .where('id', '=', run.id)
      .execute();
    return summary;
  } catch (error) {
    await db
      .updateTable('job_run')
      .set({
        status: 'failed',
        finished_at: new Date().toISOString(),
        summary: JSON.stringify({ error: (error as Error).message }),
      })
      .where('id', '=', run.id)
      .execute();
    throw error;
  } finally {
    await db
      .updateTable('job_lease')
      .set({ holder: null, expires_at: null })
      .where('job', '=', job.name)
      .where('holder', '=', holder)
      .execute();
  }
}
