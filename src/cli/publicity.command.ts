import type { Command } from 'commander';
import { publicityRefreshJob } from '../jobs.js';
import { explainPublicity } from '../modules/records/record-detail.service.js';
import { runJobOnce } from '../platform/jobs/job-runner.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

export function registerPublicity(program: Command): void {
  const publicity = program.command('publicity').description('publicity windows (公示期)');
  publicity
    .command('explain')
    .description(
      'show how a record’s publicity window was decided: class, start, earliest repair, end, rule, citation',
    )
    .argument('<record-id>', 'record id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      if (!/^\d+$/.test(id)) throw new CliExit(EXIT.usage, 'record id must be a number');
      await withRuntime(async (rt) => {
        const e = await explainPublicity(rt, Number(id));
        if (opts.json === true) {
          console.log(JSON.stringify(e, null, 2));
          return;
        }
        console.log(`severity        ${e.severity ?? '-'}`);
        console.log(`published       ${e.published ? 'yes' : 'no'}`);
        console.log(`start           ${e.start ?? '-'}`);
        console.log(`earliest repair ${e.earliestRepair ?? '-'}`);
        console.log(`end (exclusive) ${e.end ?? '-'}`);
        console.log(`rule set        ${e.ruleSetId ?? '-'}`);
        console.log(`citation        ${e.citation ?? '-'}`);
        for (const step of e.steps) console.log(`  · ${step}`);
      });
    });
  publicity
    .command('refresh')
    .description('end publicity of records whose window has passed (the daily job; idempotent)')
    .option('--date <date>', 'run as of this date (YYYY-MM-DD, Asia/Shanghai) instead of today')
    .action(async (opts: { date?: string }) => {
      await withRuntime(async (rt) => {
        const now = opts.date === undefined ? rt.clock() : new Date(`${opts.date}T12:00:00+08:00`);
        if (Number.isNaN(now.getTime())) throw new CliExit(EXIT.usage, '--date must be YYYY-MM-DD');
        // with --date the job's work runs directly (the lease is for the scheduler's daily run); either way the
        // watchers of records whose publicity ends are notified
        const summary =
          opts.date === undefined
            ? await runJobOnce(rt.db, publicityRefreshJob(rt), now)
            : await publicityRefreshJob(rt).run(now);
        console.log(JSON.stringify(summary ?? { skipped: 'another instance holds the job lease' }));
      });
    });
  for (const c of publicity.commands) c.exitOverride();
  publicity.exitOverride();
}
