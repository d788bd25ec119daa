import type { Command } from 'commander';
import { verifyAuditChain } from '../modules/audit/audit.service.js';
import { CliExit, configOrExit, EXIT, withDatabase } from './context.js';

/**
 * `xinyong audit verify`: recomputes the SM3 hash chain of the audit trail. Exit code 0 when intact; 1 naming the
 * first broken event (sequence number, row id, reason) otherwise — e.g. a row edited in the database. With
 * `--expect-head SEQ:HASH` (a head recorded earlier, e.g. printed by a previous run) it also detects a chain that
 * was rewritten consistently from that point.
 */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('tamper-evident audit trail (审计日志)');
  audit
    .command('verify')
    .description('verify the audit hash chain; non-zero exit naming the first broken event')
    .option('--json', 'print the result as JSON')
    .option('--expect-head <seq:hash>', 'a head recorded earlier that the chain must still contain')
    .action(async (opts: { json?: boolean; expectHead?: string }) => {
      const config = configOrExit();
      const result = await withDatabase(config, async (db) => {
        const v = await verifyAuditChain(db);
        if (opts.expectHead === undefined || !v.ok) return v;
        const m = /^(\d+):([0-9a-f]{64})$/.exec(opts.expectHead);
        if (m === null)
          throw new CliExit(EXIT.usage, 'xinyong: --expect-head must be SEQ:HASH (64 hex digits)');
        const seq = Number(m[1]);
        const row = await db
          .selectFrom('audit_event')
          .select(['id', 'hash'])
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (row?.hash === m[2]) return v;
        return {
          ...v,
          ok: false,
          firstBroken: {
            seq,
            id: row?.id ?? 0,
            reason: 'differs from the head recorded earlier (chain rewritten)',
          },
        };
      });
      if (opts.json === true) console.log(JSON.stringify(result));
      if (result.ok) {
        if (opts.json !== true)
          console.log(
            `audit chain intact: ${result.checked} events, head ${result.headSeq}:${result.headHash}`,
          );
        return;
      }
      const b = result.firstBroken;
      throw new CliExit(
        EXIT.failure,
        `xinyong: audit chain broken at seq ${b?.seq ?? '?'} (event id ${b?.id ?? '?'}): ${b?.reason ?? 'unknown'}; ${result.checked} events verified before it`,
      );
    });
  audit.commands.forEach((c) => {
    c.exitOverride();
  });
  audit.exitOverride();
}
