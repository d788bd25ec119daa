import fs from 'node:fs';
import type { Command } from 'commander';
import { loadInstallationCalendar, storeCalendarYear } from '../modules/calendar/installation-calendar.js';
import { resolvePendingDueDates } from '../modules/workflows/application.service.js';
import {
  CalendarDocumentError,
  CalendarNotPublishedError,
  CalendarYearExistsError,
  getDayInfo,
  listCalendarYears,
} from '../standards/working-days.js';
import { CliExit, configOrExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

/**
 * `xinyong calendar list | load <file> [--replace] | day <date>`: the statutory calendar (法定节假日及调休) that
 * every working-day deadline uses. Built-in years come from chinese-days; an administrator loads a further year
 * from the State Council notice as a `xinyong.statutory-calendar/v1` JSON document, kept in
 * `<XINYONG_DATA_DIR>/calendar/<year>.json` and read at every start (a running server picks it up on restart).
 */
export function registerCalendar(program: Command): void {
  const calendar = program.command('calendar').description('statutory working-day calendar (法定工作日)');
  calendar
    .command('list')
    .description('list the years deadlines can be computed for, and where each came from')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const config = configOrExit();
      const years = listCalendarYears(loadInstallationCalendar(config.dataDir));
      if (opts.json === true) {
        console.log(JSON.stringify(years, null, 2));
        return;
      }
      for (const y of years) console.log(`${y.year}  ${y.origin.padEnd(12)}  ${y.source.title}`);
    });
  calendar
    .command('load')
    .description('load a further year from a JSON file (format xinyong.statutory-calendar/v1)')
    .argument('<file>', 'the year’s calendar document')
    .option('--replace', 'replace a year that is already published (e.g. a corrected notice)')
    .action(async (file: string, opts: { replace?: boolean }) => {
      const config = configOrExit();
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliExit(EXIT.usage, `xinyong: cannot read ${file}: ${(e as Error).message}`);
      }
      try {
        const current = loadInstallationCalendar(config.dataDir);
        const year = storeCalendarYear(config.dataDir, current, text, opts.replace === true);
        console.log(`loaded the ${year} calendar; restart a running server to use it`);
      } catch (e) {
        if (e instanceof CalendarYearExistsError || e instanceof CalendarDocumentError)
          throw new CliExit(EXIT.failure, `xinyong: ${file}: ${e.message}`);
        throw e;
      }
      // cases whose due date was 待定 (it fell into this year) get their date now
      const computed = await withRuntime((rt) => resolvePendingDueDates(rt.db, rt.calendar, rt.clock()));
      for (const c of computed) console.log(`${c.no}  截止日 ${c.dueOn}（原为待定）`);
      if (computed.length > 0) console.log(`computed ${computed.length} pending due date(s)`);
    });
  calendar
    .command('day')
    .description('what a date is: working day, holiday, adjusted workday (调休) or weekend')
    .argument('<date>', 'YYYY-MM-DD')
    .action((date: string) => {
      const config = configOrExit();
      try {
        console.log(JSON.stringify(getDayInfo(loadInstallationCalendar(config.dataDir), date)));
      } catch (e) {
        if (e instanceof CalendarNotPublishedError) throw new CliExit(EXIT.failure, `xinyong: ${e.message}`);
        if (e instanceof RangeError) throw new CliExit(EXIT.usage, `xinyong: ${e.message}`);
        throw e;
      }
    });
  for (const c of calendar.commands) c.exitOverride();
  calendar.exitOverride();
}
