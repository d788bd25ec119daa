import { listItemCodes } from './modules/catalog/catalog.service.js';
import { dispatchRecordNotifications, notifyPublicityEnded } from './modules/checks/watch.service.js';
import { deliverWebhooks } from './modules/checks/webhook.service.js';
import { runScheduledEvaluation } from './modules/evaluation/run-evaluation.service.js';
import { refreshPublicity } from './modules/publicity/refresh-publicity.service.js';
import type { Job } from './platform/jobs/job-runner.js';
import type { Runtime } from './runtime.js';

/** 00:05 Asia/Shanghai every day: end publicity that is due (终止公示) and tell the subjects' watchers. */
export function publicityRefreshJob(rt: Pick<Runtime, 'db'>): Job {
  return {
    name: 'publicity-refresh',
    schedule: '5 0 * * *',
    run: async (now) => {
      const { date, ended, endedIds } = await refreshPublicity(rt.db, now);
      const notified = await notifyPublicityEnded(rt.db, endedIds, now);
      return { date, ended, notified };
    },
  };
}

/** Every minute: notifications about watched subjects from new record versions. */
export function notificationsJob(rt: Pick<Runtime, 'db'>): Job {
  return {
    name: 'notifications-dispatch',
    schedule: '* * * * *',
    run: async (now) => ({ ...(await dispatchRecordNotifications(rt.db, now, await listItemCodes(rt.db))) }),
  };
}

/** Every minute: webhook deliveries from the outbox, with retries. */
export function webhooksJob(rt: Pick<Runtime, 'db' | 'protector' | 'config'>): Job {
  return {
    name: 'webhooks-deliver',
    schedule: '30 * * * * *',
    run: async (now) => ({
      ...(await deliverWebhooks(rt.db, rt.protector, rt.config.security.webhooks, now)),
    }),
  };
}

/**
 * 01:30 on the first day of each quarter: evaluate every subject as of the quarter's last day (公共信用综合评价,
 * quarter-end data), when the default model's schedule is quarterly.
 */
export function evaluationQuarterlyJob(rt: Pick<Runtime, 'db' | 'clock'>): Job {
  return {
    name: 'evaluation-quarterly',
    schedule: '30 1 1 1,4,7,10 *',
    run: (now) => runScheduledEvaluation(rt, 'quarterly', now),
  };
}

/** Every 10 minutes: re-evaluate subjects whose records changed since the last run (incremental, as of now). */
export function evaluationOnChangeJob(rt: Pick<Runtime, 'db' | 'clock'>): Job {
  return {
    name: 'evaluation-on-change',
    schedule: '*/10 * * * *',
    run: (now) => runScheduledEvaluation(rt, 'on_change', now),
  };
}

/** Every scheduled job of the platform. */
export function allJobs(rt: Runtime): Job[] {
  return [
    publicityRefreshJob(rt),
    notificationsJob(rt),
    webhooksJob(rt),
    evaluationQuarterlyJob(rt),
    evaluationOnChangeJob(rt),
  ];
}
