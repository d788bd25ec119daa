import { type Config, ConfigError, loadConfig } from '../platform/config.js';
import { createDatabase } from '../platform/db/create-database.js';
import type { Db } from '../platform/db/database.js';

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Thrown by commands to stop with a message and an exit code (no stack trace for the operator). */
export class CliExit extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message: string) {
    super(message);
    this.name = 'CliExit';
    this.exitCode = exitCode;
  }
}

/** Reads the configuration; an invalid environment becomes one message naming every bad key, exit code 2. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      const lines = error.problems.map((p) => `  ${p.key}=${JSON.stringify(p.value)}: ${p.reason}`);
      throw new CliExit(
        EXIT.usage,
        `xinyong: invalid configuration (${error.problems.length} keys)\n${lines.join('\n')}`,
      );
    }
    throw error;
  }
}

/** Opens the configured database for one command and closes it afterwards, whatever happens. */
export async function withDatabase<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDatabase(config.database);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
