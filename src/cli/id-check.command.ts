import readline from 'node:readline';
import type { Command } from 'commander';
import { classifyIdentifier } from '../standards/identify.js';
import { CliExit, EXIT } from './context.js';

/**
 * `xinyong id check [CODE…]`: classifies identifiers from the arguments, or one per line from stdin, and prints
 * one JSON object per line. Exit code 0 when every code is valid or legacy_pilot, 1 otherwise — so data officers
 * can use it in scripts to clean their files.
 */
export function registerIdCheck(program: Command): void {
  const id = program.command('id').description('national identifier tools');
  id.command('check')
    .description('classify USCC / organisation code / registration number / resident id, one JSON line each')
    .argument('[codes...]', 'codes to check; read from stdin (one per line) when none are given')
    .action(async (codes: string[]) => {
      let bad = 0;
      const check = (input: string) => {
        const result = classifyIdentifier(input);
        if (result.status !== 'valid' && result.status !== 'legacy_pilot') bad++;
        process.stdout.write(`${JSON.stringify(result)}\n`);
      };
      if (codes.length > 0) codes.forEach(check);
      else {
        const rl = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
        for await (const line of rl) if (line.trim() !== '') check(line.replace(/\r$/, ''));
      }
      if (bad > 0) throw new CliExit(EXIT.failure, '');
    });
  for (const c of id.commands) c.exitOverride();
  id.exitOverride();
}
