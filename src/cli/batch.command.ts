import fs from 'node:fs';
import type { Command } from 'commander';
import { batchIssues, getBatchView, issuesToCsv } from '../modules/ingestion/batch.service.js';
import { systemActor } from '../platform/actor.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

/** `xinyong batch show N | issues N [--severity error|warning] [--csv FILE]`: a collection batch and its report. */
export function registerBatch(program: Command): void {
  const batch = program.command('batch').description('collection batches (报送批次) and their issue reports');
  const idOf = (raw: string): number => {
    if (!/^\d{1,12}$/.test(raw)) throw new CliExit(EXIT.usage, 'batch id must be a number');
    return Number(raw);
  };
  batch
    .command('show')
    .description('a batch with its counts and its issues by code')
    .argument('<id>', 'batch id')
    .action(async (raw: string) => {
      await withRuntime(async (rt) => {
        console.log(
          JSON.stringify(
            await getBatchView(rt.db, rt.protector, systemActor('cli'), idOf(raw), rt.clock()),
            null,
            2,
          ),
        );
      });
    });
  batch
    .command('issues')
    .description(
      'every rejected row and warning: row, field, code, reason (and the value, masked if personal)',
    )
    .argument('<id>', 'batch id')
    .option('--severity <level>', 'error | warning')
    .option('--csv <file>', 'write them as CSV for Excel (UTF-8 with BOM) instead of printing')
    .action(async (raw: string, opts: { severity?: string; csv?: string }) => {
      if (opts.severity !== undefined && opts.severity !== 'error' && opts.severity !== 'warning')
        throw new CliExit(EXIT.usage, '--severity must be error or warning');
      await withRuntime(async (rt) => {
        const rows = await batchIssues(rt.db, systemActor('cli'), idOf(raw), {
          ...(opts.severity === undefined ? {} : { severity: opts.severity as 'error' | 'warning' }),
        });
        if (opts.csv !== undefined) {
          fs.writeFileSync(opts.csv, issuesToCsv(rows));
          console.log(`${rows.length} issues written to ${opts.csv}`);
          return;
        }
        for (const r of rows)
          console.log(
            `第${r.row}行\t${r.field ?? '-'}\t${r.severity === 'error' ? '错误' : '警告'}\t${r.code}\t${r.message}`,
          );
      });
    });
  for (const c of batch.commands) c.exitOverride();
  batch.exitOverride();
}
