import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/platform/config.js';
import { createDatabase, pgConnection } from '../../src/platform/db/create-database.js';
import type { Db } from '../../src/platform/db/database.js';
import type { Engine } from '../../src/platform/db/engine.js';
import { migrateToLatest } from '../../src/platform/db/migrator.js';

export const ALL_ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** Engines to run integration suites on: both, unless XINYONG_TEST_ENGINES narrows it (local runs only). */
export function testEngines(): readonly Engine[] {
  const raw = process.env.XINYONG_TEST_ENGINES;
  if (raw === undefined || raw.trim() === '') return ALL_ENGINES;
  const wanted = raw.split(',').map((s) => s.trim());
  const bad = wanted.filter((w) => !ALL_ENGINES.includes(w as Engine));
  if (bad.length > 0) throw new Error(`XINYONG_TEST_ENGINES: unknown engine(s) ${bad.join(', ')}`);
  return wanted as Engine[];
}

export function testPgUrl(): string {
  return process.env.XINYONG_TEST_PG_URL ?? 'postgres://127.0.0.1:5432/test';
}

/** A fresh, empty database on one engine; `dispose` removes it. */
export interface TestDatabase {
  readonly engine: Engine;
  readonly db: Db;
  /** Config that opens the same database from another process or handle (SQLite file / PG URL + schema). */
  readonly config: DatabaseConfig;
  readonly pgSchema: string | undefined;
  /** Environment for a child process (CLI) so it opens this very database. */
  readonly env: Readonly<Record<string, string>>;
  readonly dir: string;
  dispose(): Promise<void>;
}

/** Creates a fresh database on `engine`: a temp SQLite file, or a new schema in the test PostgreSQL database. */
export async function createTestDatabase(
  engine: Engine,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-test-'));
  let config: DatabaseConfig;
  let pgSchema: string | undefined;
  let env: Record<string, string>;
  if (engine === 'sqlite') {
    const file = path.join(dir, 'test.sqlite');
    config = { engine: 'sqlite', file };
    env = { XINYONG_DATABASE_URL: `sqlite:${file}` };
  } else {
    pgSchema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client(pgConnection(testPgUrl()));
    await admin.connect();
    try {
      await admin.query(`create schema ${pgSchema}`);
    } finally {
      await admin.end();
    }
    config = { engine: 'postgres', url: testPgUrl(), poolMax: 5 };
    const url = new URL(testPgUrl());
    url.searchParams.set('options', `-c search_path=${pgSchema}`);
    env = { XINYONG_DATABASE_URL: url.toString() };
  }
  const db = createDatabase(config, pgSchema === undefined ? {} : { pgSchema });
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    engine,
    db,
    config,
    pgSchema,
    env: { ...env, XINYONG_DATA_DIR: dir, XINYONG_LOG_LEVEL: 'silent', XINYONG_SAMPLE_DATA: 'false' },
    dir,
    async dispose() {
      await db.destroy();
      if (pgSchema !== undefined) {
        const admin = new pg.Client(pgConnection(testPgUrl()));
        await admin.connect();
        try {
          await admin.query(`drop schema if exists ${pgSchema} cascade`);
        } finally {
          await admin.end();
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface EngineSuite {
  readonly engine: Engine;
  /** The suite's database; available inside tests and hooks (after `before`). */
  readonly db: Db;
  readonly test: TestDatabase;
}

/**
 * Declares one `describe` block per engine (named `<name> [sqlite]`, `<name> [postgres]`), each with its own
 * fresh, migrated database that is removed afterwards.
 */
export function forEachEngine(
  name: string,
  body: (suite: EngineSuite) => void,
  options: { migrate?: boolean } = {},
): void {
  for (const engine of testEngines()) {
    describe(`${name} [${engine}]`, () => {
      let current: TestDatabase | undefined;
      const suite: EngineSuite = {
        engine,
        get db() {
          if (current === undefined) throw new Error('database not ready: use it inside tests or hooks');
          return current.db;
        },
        get test() {
          if (current === undefined) throw new Error('database not ready: use it inside tests or hooks');
          return current;
        },
      };
      before(async () => {
        current = await createTestDatabase(engine, options);
      });
      after(async () => {
        await current?.dispose();
      });
      body(suite);
    });
  }
}
