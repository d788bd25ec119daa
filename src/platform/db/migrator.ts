import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { MIGRATIONS } from '../../migrations/index.js';
import type { Db } from './database.js';
import { engineOf } from './engine.js';

export interface MigrationStep {
  readonly name: string;
  readonly direction: 'Up' | 'Down';
  readonly status: 'Success' | 'Error' | 'NotExecuted';
}

/** Raised when a migration fails; names the migration and carries the cause. */
export class MigrationError extends Error {
  readonly steps: readonly MigrationStep[];
  constructor(message: string, steps: readonly MigrationStep[], cause: unknown) {
    super(message, { cause });
    this.name = 'MigrationError';
    this.steps = steps;
  }
}

async function migratorFor(db: Db): Promise<Migrator> {
  // On PostgreSQL the migration tables live in the connection's current schema (tests use one schema per file).
  const schema =
    engineOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

function unwrap(result: MigrationResultSet): MigrationStep[] {
  const steps = (result.results ?? []).map((r) => ({
    name: r.migrationName,
    direction: r.direction,
    status: r.status,
  }));
  if (result.error !== undefined) {
    const failed = steps.find((s) => s.status === 'Error')?.name ?? 'unknown';
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`migration ${failed} failed: ${reason}`, steps, result.error);
  }
  return steps;
}

/** Applies every pending migration in order; each runs in its own transaction. */
export async function migrateToLatest(db: Db): Promise<MigrationStep[]> {
  return unwrap(await (await migratorFor(db)).migrateToLatest());
}

/** Reverts the most recent migration. */
export async function migrateDown(db: Db): Promise<MigrationStep[]> {
  return unwrap(await (await migratorFor(db)).migrateDown());
}

export interface MigrationStatus {
  readonly applied: readonly string[];
  readonly pending: readonly string[];
}

/** Which migrations are applied and which are pending; `/readyz` is ready only when none are pending. */
export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const all = await (await migratorFor(db)).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
