import type { Command } from 'commander';
import { rebuildPortalTallies, verifyPortalTallies } from '../modules/dashboard/dashboard.service.js';
import { shanghaiDate } from '../standards/calendar-date.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

export function registerDashboard(program: Command): void {
  const dashboard = program
    .command('dashboard')
    .description('the portal’s public headline figures (maintained tallies, docs/adr/0012)');
  dashboard
    .command('verify')
    .description('compare the maintained tallies with a count over the records and subjects (reads them all)')
    .option('--date <date>', 'publicity date to compare (YYYY-MM-DD, Asia/Shanghai) instead of today')
    .action(async (opts: { date?: string }) => {
      if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date))
        throw new CliExit(EXIT.usage, '--date must be YYYY-MM-DD');
      await withRuntime(async (rt) => {
        const date = opts.date ?? shanghaiDate(rt.clock());
        const wrong = await verifyPortalTallies(rt.db, date);
        for (const m of wrong) console.log(`${m.figure} ${m.key}: tally ${m.tally}, counted ${m.live}`);
        if (wrong.length > 0)
          throw new CliExit(EXIT.failure, `${wrong.length} figures differ; run: xinyong dashboard rebuild`);
        console.log(`tallies agree with the tables on ${date}`);
      });
    });
  dashboard
    .command('rebuild')
    .description('recompute the tallies from the records and subjects (after bulk loads or restores)')
    .action(async () => {
      await withRuntime(async (rt) => {
        const started = performance.now();
        await rebuildPortalTallies(rt.db);
        console.log(`tallies rebuilt in ${Math.round(performance.now() - started)} ms`);
      });
    });
  for (const c of dashboard.commands) c.exitOverride();
  dashboard.exitOverride();
}
