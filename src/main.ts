import { format } from 'node:util';
import { Command, CommanderError } from 'commander';
import { registerApplications } from './cli/applications.command.js';
import { registerAudit } from './cli/audit.command.js';
import { registerBatch } from './cli/batch.command.js';
import { registerCalendar } from './cli/calendar.command.js';
import { registerCheck } from './cli/check.command.js';
import { registerClients } from './cli/clients.command.js';
import { CliExit, EXIT } from './cli/context.js';
import { registerDashboard } from './cli/dashboard.command.js';
import { registerEvaluate } from './cli/evaluate.command.js';
import { registerIdCheck } from './cli/id-check.command.js';
import { registerIngest } from './cli/ingest.command.js';
import { registerInspections } from './cli/inspections.command.js';
import { registerKeys } from './cli/keys.command.js';
import { registerMigrate } from './cli/migrate.command.js';
import { registerPublicity } from './cli/publicity.command.js';
import { registerReport } from './cli/report.command.js';
import { registerServe } from './cli/serve.command.js';
import { registerSubject } from './cli/subject.command.js';
import { registerUsers } from './cli/users.command.js';
import { packageVersion, registerVersion } from './cli/version.command.js';
import { maskIdentifiersInText } from './standards/mask.js';

/** Builds the `xinyong` command tree. */
export function buildProgram(): Command {
  const program = new Command('xinyong')
    .description('xinyong 公共信用信息共享平台 — public credit information platform')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerMigrate(program);
  registerVersion(program);
  registerIngest(program);
  registerBatch(program);
  registerIdCheck(program);
  registerCalendar(program);
  registerSubject(program);
  registerPublicity(program);
  registerCheck(program);
  registerApplications(program);
  registerUsers(program);
  registerClients(program);
  registerKeys(program);
  registerAudit(program);
  registerEvaluate(program);
  registerInspections(program);
  registerReport(program);
  registerDashboard(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI with `argv` (as process.argv) and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const restoreConsole = maskConsole();
  try {
    await buildProgram().parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    // commander's own usage errors (unknown option, missing argument …) exit 1; here bad usage is 2, help is 0
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliExit) {
      if (error.message !== '') console.error(error.message);
      return error.exitCode;
    }
    console.error(`xinyong: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  } finally {
    restoreConsole();
  }
}

/**
 * Every line the CLI prints (results, errors) passes the one masking of personal numbers (ADR 0006) while a command
 * runs; returns the function that puts the console back.
 */
function maskConsole(): () => void {
  const { log, error } = console;
  console.log = (...args: unknown[]) => log(maskIdentifiersInText(format(...args)).text);
  console.error = (...args: unknown[]) => error(maskIdentifiersInText(format(...args)).text);
  return () => {
    console.log = log;
    console.error = error;
  };
}
