import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { type Job, runJobOnce } from './job-runner.js';

export interface Scheduler {
  stop(): void;
}

/**
 * Schedules jobs in-process (the embedded default) in Asia/Shanghai time; each run takes the job's database lease
 * so only one instance runs it. The same jobs are CLI commands for operators and cron.
 */
export function startScheduler(
  db: Db,
  jobs: readonly Job[],
  clock: Clock,
  log: FastifyBaseLogger,
): Scheduler {
  const crons = jobs.map(
    (job) =>
      new Cron(job.schedule, { timezone: 'Asia/Shanghai', protect: true }, async () => {
        try {
          const summary = await runJobOnce(db, job, clock());
          log.info(
            { job: job.name, summary },
            summary === null ? 'job skipped: another instance holds the lease' : 'job finished',
          );
        } catch (err) {
          log.error({ job: job.name, err }, 'job failed');
        }
      }),
  );
  return {
    stop() {
      for (const c of crons) c.stop();
    },
  };
}
