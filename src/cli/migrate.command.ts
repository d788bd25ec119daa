import type { Command } from 'commander';
import { migrateDown, migrateToLatest, migrationStatus } from '../platform/db/migrator.js';
import { configOrExit, withDatabase } from './context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (or revert the latest with --down)')
    .option('--down', 'revert the most recent migration')
    .option('--status', 'list applied and pending migrations without changing anything')
    .action(async (opts: { down?: boolean; status?: boolean }) => {
      const config = configOrExit();
      await withDatabase(config, async (db) => {
        if (opts.status === true) {
          const s = await migrationStatus(db);
          for (const name of s.applied) console.log(`applied  ${name}`);
          for (const name of s.pending) console.log(`pending  ${name}`);
          return;
        }
        const steps = opts.down === true ? await migrateDown(db) : await migrateToLatest(db);
        if (steps.length === 0)
          console.log(opts.down === true ? 'nothing to revert' : 'database is up to date');
        for (const step of steps)
          console.log(`${step.direction === 'Up' ? 'applied ' : 'reverted'} ${step.name}`);
      });
    });
}
