import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import type { CheckQuery, CheckResult } from '../modules/checks/check.types.js';
import { MAX_CHECK_SUBJECTS, runCheck } from '../modules/checks/run-check.service.js';
import { systemActor } from '../platform/actor.js';
import { csvCell } from '../platform/csv-cell.js';
import { CliExit, EXIT } from './context.js';
import { withRuntime } from './runtime.js';

const VERDICT_LABEL: Readonly<Record<string, string>> = {
  clear: '未发现相关记录',
  incentive: '适用激励措施',
  restricted: '限制',
  barred: '禁止',
  ambiguous: '名称对应多个主体',
  not_found: '未找到主体',
  not_authorised: '未获授权',
};

/** A code column's values: USCC-looking → uscc, 18-char id-looking → ric, anything else → name. */
export function toQuery(value: string): CheckQuery {
  const v = value.trim();
  if (/^[0-9A-Za-z]{2}\d{6}[0-9A-Za-z]{10}$/.test(v) && !/^\d{17}[\dXx]$/.test(v)) return { uscc: v };
  if (/^\d{17}[\dXx]$/.test(v) || /^\d{15}$/.test(v)) return { ric: v };
  return { name: v };
}

function readCodes(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  if (rows.length === 0) return [];
  const header = rows[0]?.map((h) => h.trim()) ?? [];
  const col = header.findIndex((h) => /^(uscc|code|统一社会信用代码|代码|name|名称|主体名称)$/i.test(h));
  const body = col >= 0 ? rows.slice(1) : rows;
  return body.map((r) => r[Math.max(col, 0)]?.trim() ?? '').filter((v) => v !== '');
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'joint incentive/discipline check (信用核查) of subjects in a scenario, with signed receipts',
    )
    .requiredOption('--scenario <code>', 'scenario, e.g. procurement')
    .argument('[codes...]', 'USCCs, resident ids or names')
    .option('--file <csv>', 'read codes from a CSV (column uscc/统一社会信用代码/名称, or the first column)')
    .option('--out <csv>', 'write one line per subject to this CSV (UTF-8 with BOM)')
    .option('--as-of <instant>', 're-run as of an earlier instant (ISO-8601)')
    .option('--json', 'print the receipts as JSON')
    .action(
      async (
        codes: string[],
        opts: { scenario: string; file?: string; out?: string; asOf?: string; json?: boolean },
      ) => {
        const all = [...codes, ...(opts.file === undefined ? [] : readCodes(opts.file))];
        if (all.length === 0) throw new CliExit(EXIT.usage, 'give codes as arguments or with --file');
        await withRuntime(async (rt) => {
          const bar =
            opts.json === true || !process.stderr.isTTY
              ? undefined
              : new cliProgress.SingleBar(
                  { format: 'check {bar} {value}/{total} subjects', stream: process.stderr },
                  cliProgress.Presets.shades_classic,
                );
          bar?.start(all.length, 0);
          const lines: { result: CheckResult; checkNo: string }[] = [];
          const receipts = [];
          for (let i = 0; i < all.length; i += MAX_CHECK_SUBJECTS) {
            const part = all.slice(i, i + MAX_CHECK_SUBJECTS);
            const receipt = await runCheck(rt, systemActor('cli'), {
              scenario: opts.scenario,
              subjects: part.map(toQuery),
              ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
            });
            receipts.push(receipt);
            for (const r of receipt.payload.results)
              lines.push({ result: { ...r, index: r.index + i }, checkNo: receipt.payload.checkNo });
            bar?.update(Math.min(all.length, i + part.length));
          }
          bar?.stop();
          if (opts.out !== undefined) {
            const header = [
              '序号',
              '查询',
              '主体名称',
              '统一社会信用代码',
              '核查结论',
              '适用措施',
              '触发记录',
              '核查编号',
            ];
            const body = lines.map(({ result: r, checkNo }) =>
              [
                String(r.index + 1),
                Object.values(r.query).join(''),
                r.subject?.name ?? r.candidates.map((c) => c.name).join('；'),
                r.subject?.uscc ?? '',
                VERDICT_LABEL[r.verdict] ?? r.verdict,
                r.measures.map((m) => `${m.name}（${m.legalBasis}）`).join('；'),
                r.triggers.map((t) => `${t.itemName} ${t.documentNumber ?? ''}`).join('；'),
                checkNo,
              ]
                .map(csvCell)
                .join(','),
            );
            fs.writeFileSync(opts.out, `\ufeff${[header.join(','), ...body].join('\r\n')}\r\n`);
          }
          if (opts.json === true) console.log(JSON.stringify(receipts, null, 2));
          else {
            for (const { result: r } of lines.slice(0, 50)) {
              console.log(
                `${String(r.index + 1).padStart(4)}  ${VERDICT_LABEL[r.verdict] ?? r.verdict}  ${r.subject?.name ?? Object.values(r.query).join('')}  ${r.measures.map((m) => m.name).join('；')}`,
              );
            }
            if (lines.length > 50)
              console.log(
                `… ${lines.length - 50} more${opts.out === undefined ? ' (use --out)' : ` in ${opts.out}`}`,
              );
            for (const rc of receipts) console.log(`receipt ${rc.payload.checkNo}  sm3 ${rc.digest}`);
          }
        });
      },
    );
}
