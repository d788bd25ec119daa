import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { type RunSummary, runEvaluation } from '../modules/evaluation/run-evaluation.service.js';
import { evaluateSubject, type SubjectGrade } from '../modules/evaluation/subject-grade.service.js';
import { getSubjectByRef } from '../modules/subjects/subject.service.js';
import { systemActor } from '../platform/actor.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

interface EvaluateOptions {
  model?: string;
  asOf?: string;
  changed?: boolean;
  subject?: string;
  chunkSize?: string;
  json?: boolean;
}

function printRun(s: RunSummary): void {
  const rows: [string, string | number][] = [
    ['run', s.runId],
    ['model', `${s.model.code}@${s.model.version}`],
    ['kind', s.basedOnRunId === null ? s.kind : `${s.kind} (since run ${s.basedOnRunId})`],
    ['as of', `${s.asOfDate} (${s.asOf})`],
    ['subjects', s.subjectsEvaluated],
    ['results written', s.resultsWritten],
    ['seconds', s.seconds.toFixed(1)],
    ['subjects/s', s.seconds > 0 ? Math.round(s.subjectsEvaluated / s.seconds) : s.subjectsEvaluated],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  const grades = Object.entries(s.gradeCounts);
  if (grades.length > 0) console.log(`grades  ${grades.map(([g, n]) => `${g} ${n}`).join(' · ')}`);
}

function printGrade(g: SubjectGrade): void {
  console.log(
    `${g.model.code}@${g.model.version}  as of ${g.asOfDate}  score ${g.score}  grade ${g.gradeDisplay} ${g.gradeLabel}`,
  );
  console.log(`  base ${g.base}`);
  for (const c of g.contributions) {
    console.log(
      `  ${c.points.padStart(9)}  ${c.name} (${c.indicator})${c.capped ? ` capped from ${c.rawPoints}` : ''}`,
    );
    for (const r of c.records)
      console.log(
        `             record ${r.id} v${r.version} ${r.item} ${r.decisionDate ?? '-'} ${r.percent}% → ${r.points}`,
      );
  }
  if (g.unconfirmed)
    console.log('  note: the model’s points and bands are configuration (UNCONFIRMED nationally)');
}

/**
 * `xinyong evaluate`: evaluates every subject in the model's scope (default) or only changed ones (`--changed`),
 * with a progress bar; `--subject` explains one subject without storing anything.
 */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'public credit evaluation (公共信用综合评价): grade every subject in scope, or only changed ones',
    )
    .option('--model <ref>', 'model CODE, CODE@VERSION or id (default: the platform default model)')
    .option('--as-of <date>', 'evaluate as of the end of this date (YYYY-MM-DD) instead of now')
    .option('--changed', 'only subjects whose records changed since the last completed run (incremental)')
    .option('--subject <ref>', 'explain one subject (USCC or id) without storing a result')
    .option('--chunk-size <n>', 'subjects per chunk', '10000')
    .option('--json', 'print JSON')
    .action(async (opts: EvaluateOptions) => {
      const chunkSize = Number(opts.chunkSize);
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 100_000)
        throw new CliExit(EXIT.usage, '--chunk-size must be 1–100000');
      if (opts.changed === true && opts.asOf !== undefined)
        throw new CliExit(EXIT.usage, '--changed evaluates as of now: leave out --as-of');
      await withRuntime(async (rt) => {
        if (opts.subject !== undefined) {
          const subject = await getSubjectByRef(rt.db, opts.subject, rt.protector);
          const g = await evaluateSubject(rt.db, subject.id, {
            now: rt.clock(),
            ...(opts.model === undefined ? {} : { model: opts.model }),
            ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
          });
          if (opts.json === true) console.log(JSON.stringify(g, null, 2));
          else printGrade(g);
          return;
        }
        const bar =
          opts.json === true || !process.stderr.isTTY
            ? undefined
            : new cliProgress.SingleBar(
                {
                  format: 'evaluate {bar} {value}/{total} subjects | {phase} | {rate} subjects/s',
                  stream: process.stderr,
                  hideCursor: true,
                },
                cliProgress.Presets.shades_classic,
              );
        const started = Date.now();
        let barStarted = false;
        try {
          const s = await runEvaluation(rt, systemActor('cli'), {
            chunkSize,
            ...(opts.model === undefined ? {} : { model: opts.model }),
            ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
            ...(opts.changed === true ? { changed: true } : {}),
            onProgress: (p) => {
              const secs = (Date.now() - started) / 1000;
              if (!barStarted) {
                bar?.start(p.total, 0, { rate: 0, phase: p.phase });
                barStarted = true;
              }
              bar?.setTotal(p.total);
              bar?.update(p.done, { rate: secs > 0 ? Math.round(p.done / secs) : 0, phase: p.phase });
            },
          });
          bar?.stop();
          if (opts.json === true) console.log(JSON.stringify(s));
          else printRun(s);
        } finally {
          bar?.stop();
        }
      });
    });
}
