import type { Command } from 'commander';
import { getCreditFile } from '../modules/records/credit-file.service.js';
import { systemActor } from '../platform/actor.js';
import { withRuntime } from './runtime.js';

/** `xinyong subject show CODE`: a subject's credit file (the credit centre's full view) as a table or JSON. */
export function registerSubject(program: Command): void {
  const subject = program.command('subject').description('credit files (信用档案)');
  subject
    .command('show')
    .description('show a subject’s credit file by USCC or subject id')
    .argument('<code>', 'unified social credit code or numeric subject id')
    .option('--as-of <date>', 'the file as it stood at the end of this date (YYYY-MM-DD)')
    .option('--public', 'show the public view instead of the full one')
    .option('--item <code>', 'only this catalog item')
    .option('--json', 'print JSON')
    .action(
      async (code: string, opts: { asOf?: string; public?: boolean; item?: string; json?: boolean }) => {
        await withRuntime(async (rt) => {
          const actor = opts.public === true ? ({ kind: 'anonymous' } as const) : systemActor('cli');
          const file = await getCreditFile(rt, actor, code, {
            ...(opts.asOf === undefined ? {} : { asOf: opts.asOf }),
            ...(opts.item === undefined ? {} : { item: opts.item }),
            purpose: '平台运维查询（命令行）',
          });
          if (opts.json === true) {
            console.log(JSON.stringify(file, null, 2));
            return;
          }
          const s = file.subject;
          console.log(`${s.name}  ${s.uscc ?? ''}  ${s.regStatus ?? ''}  ${s.regionName ?? ''}`);
          console.log(`view ${file.view}, as of ${file.asOf}, ${file.total} records`);
          for (const g of file.groups) {
            console.log(`\n${g.label}`);
            for (const r of g.records) {
              const doc =
                r.fields.find((f) => f.code.endsWith('_WSH') || f.code.endsWith('_LRWH'))?.text ?? '';
              const window =
                r.publicity.end === null
                  ? `${r.publicity.start ?? ''} →`
                  : `${r.publicity.start} → ${r.publicity.end}`;
              console.log(
                `  #${r.id} v${r.version} ${r.item.name} ${doc} ${r.decisionDate ?? ''} [${r.status}${r.objection === 'none' ? '' : ', 异议处理中'}] 公示 ${r.publicity.visibleToPublic ? '是' : '否'} ${window} (${r.provider.name})`,
              );
            }
          }
        });
      },
    );
  for (const c of subject.commands) c.exitOverride();
  subject.exitOverride();
}
