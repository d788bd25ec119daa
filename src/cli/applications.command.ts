import type { Command } from 'commander';
import { listApplications } from '../modules/workflows/application.service.js';
import type { ApplicationKind, ApplicationStatus } from '../modules/workflows/workflow.table.js';
import { systemActor } from '../platform/actor.js';
import { withRuntime } from './runtime.js';

const STATUS_LABEL: Readonly<Record<ApplicationStatus, string>> = {
  submitted: '已提交',
  returned: '待补正',
  accepted: '已受理',
  extended: '已延期',
  decided: '已办结',
  refused: '不予受理',
};

function register(program: Command, kind: ApplicationKind, name: string, title: string): void {
  const cmd = program.command(name).description(`${title} (reviewers and the credit centre)`);
  cmd
    .command('list')
    .description(`list ${name}; --overdue shows open ones past their deadline with the working days overdue`)
    .option('--overdue', 'only open applications past their due date')
    .option('--status <status>', 'submitted | returned | accepted | extended | decided | refused')
    .option('--json', 'print JSON')
    .action(async (opts: { overdue?: boolean; status?: ApplicationStatus; json?: boolean }) => {
      await withRuntime(async (rt) => {
        const rows = await listApplications(
          rt.db,
          rt.calendar,
          rt.protector,
          systemActor('cli'),
          kind,
          {
            ...(opts.overdue === true ? { overdue: true } : {}),
            ...(opts.status === undefined ? {} : { status: opts.status }),
            limit: 500,
            offset: 0,
          },
          rt.clock(),
        );
        if (opts.json === true) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        if (rows.length === 0) console.log(opts.overdue === true ? `no overdue ${name}` : `no ${name}`);
        for (const r of rows) {
          const left =
            r.duePending !== null
              ? `（${r.duePending}）`
              : r.workingDaysLeft === null
                ? ''
                : r.workingDaysLeft < 0
                  ? `逾期 ${-r.workingDaysLeft} 个工作日`
                  : `剩余 ${r.workingDaysLeft} 个工作日`;
          console.log(
            `${r.no}  ${STATUS_LABEL[r.status]}  record #${r.recordId}  filed ${r.filedOn}  due ${r.dueOn ?? '待定'}  ${left}`,
          );
        }
      });
    });
  for (const c of cmd.commands) c.exitOverride();
  cmd.exitOverride();
}

export function registerApplications(program: Command): void {
  register(program, 'objection', 'objections', 'objections (异议)');
  register(program, 'repair', 'repairs', 'credit repair applications (信用修复)');
}
