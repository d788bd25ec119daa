import type { Command } from 'commander';
import { type DrawView, performDraw, verifyDraw } from '../modules/supervision/inspection-draw.service.js';
import { getPlanByRef, listPlans } from '../modules/supervision/inspection-plan.service.js';
import { systemActor } from '../platform/actor.js';
import { inTransaction } from '../platform/db/transaction.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

function printDraw(d: DrawView): void {
  console.log(`draw ${d.id} of plan ${d.plan.code} (${d.plan.name}) on ${d.drawDate}`);
  console.log(`  public input      ${d.publicInput}`);
  console.log(`  plan digest       ${d.planDigest}`);
  console.log(`  seed              ${d.seed}   (${d.seedFormula})`);
  console.log(`  population        ${d.populationSize}  digest ${d.populationDigest}`);
  for (const s of d.strata ?? [])
    console.log(
      `  stratum ${s.stratum.padEnd(8)} population ${s.population}  p ${s.probability}  expected ${s.expected}  selected ${s.selected}`,
    );
  for (const i of d.items)
    console.log(
      `  ${String(i.seq).padStart(4)}  ${i.subject.uscc ?? '-'}  ${i.subject.name}  ${i.inspectors.map((x) => `${x.code} ${x.name}`).join(', ')}`,
    );
}

/** `xinyong inspections`: list plans, draw a plan with a public random input, verify a published draw. */
export function registerInspections(program: Command): void {
  const cmd = program
    .command('inspections')
    .description('random inspections (双随机、一公开): plans, draws, verification');
  cmd
    .command('plans')
    .description('list inspection plans')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async (rt) => {
        const plans = await listPlans(rt.db, systemActor('cli'), { limit: 500 });
        if (opts.json === true) console.log(JSON.stringify(plans, null, 2));
        else
          for (const p of plans)
            console.log(
              `${String(p.id).padStart(5)}  ${p.code}  ${p.name}  ${p.regulator.code}  ratio ${p.definition.baseRatio}  ${p.status}`,
            );
      });
    });
  cmd
    .command('draw')
    .description('draw subjects and inspectors of a plan, reproducibly, and publish the draw')
    .argument('<plan>', 'plan id or code')
    .requiredOption('--date <date>', 'draw date YYYY-MM-DD (not in the future)')
    .requiredOption(
      '--public-input <text>',
      'the public random input, e.g. that day’s lottery number, as published',
    )
    .option('--json', 'print JSON')
    .action(async (ref: string, opts: { date: string; publicInput: string; json?: boolean }) => {
      await withRuntime(async (rt) => {
        const actor = systemActor('cli');
        const plan = await getPlanByRef(rt.db, actor, ref);
        const d = await inTransaction(rt.db, (tx) =>
          performDraw(tx, actor, plan.id, { date: opts.date, publicInput: opts.publicInput }, rt.clock()),
        );
        if (opts.json === true) console.log(JSON.stringify(d, null, 2));
        else printDraw(d);
      });
    });
  cmd
    .command('verify')
    .description('re-run a published draw from its published inputs and compare')
    .argument('<draw>', 'draw id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      if (!/^\d+$/.test(id)) throw new CliExit(EXIT.usage, 'draw id must be a number');
      const v = await withRuntime((rt) => verifyDraw(rt.db, systemActor('cli'), Number(id)));
      if (opts.json === true) console.log(JSON.stringify(v, null, 2));
      else
        for (const c of v.checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.check.padEnd(26)} ${c.detail}`);
      if (!v.matches) throw new CliExit(EXIT.failure, opts.json === true ? '' : `draw ${id} does not verify`);
    });
  for (const c of cmd.commands) c.exitOverride();
  cmd.exitOverride();
}
