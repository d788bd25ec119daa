import { sealPendingColumns } from './modules/access/seal-at-rest.js';
import { loadInstallationCalendar } from './modules/calendar/installation-calendar.js';
import { createIngestQueue, type IngestQueue } from './modules/ingestion/ingest-queue.js';
import { loadWorkflowConfig, type WorkflowConfig } from './modules/workflows/workflow-config.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { createFieldProtector, type FieldProtector } from './platform/crypto/field-protector.js';
import { loadOrCreateSecrets, type Secrets } from './platform/crypto/secrets.js';
import { createDatabase } from './platform/db/create-database.js';
import type { Db } from './platform/db/database.js';
import { prepareDatabase } from './prepare-database.js';
import type { WorkingDayCalendar } from './standards/working-days.js';

/** Everything the services need at run time, built once by an entry point (server, CLI command, test). */
export interface Runtime {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly secrets: Secrets;
  readonly protector: FieldProtector;
  readonly calendar: WorkingDayCalendar;
  readonly workflow: WorkflowConfig;
  /** Slots for file ingests in this process (XINYONG_INGEST_CONCURRENCY…). */
  readonly ingestQueue: IngestQueue;
}

/**
 * Opens the runtime: secrets (created on first start), database (migrated and synced with the shipped catalog
 * unless `prepare` is false), statutory calendar. Call `close` when done.
 */
export async function openRuntime(
  config: Config,
  options: { clock?: Clock; prepare?: boolean; db?: Db } = {},
): Promise<Runtime & { close(): Promise<void> }> {
  const clock = options.clock ?? systemClock;
  const secrets = loadOrCreateSecrets(config.secretFile);
  const calendar = loadInstallationCalendar(config.dataDir);
  const db = options.db ?? createDatabase(config.database);
  const protector = createFieldProtector(secrets);
  try {
    if (options.prepare !== false) {
      await prepareDatabase(db, { at: clock(), sampleProviders: config.loadSampleData });
      // rows migration 0015 found in clear are encrypted once, with the keys only the runtime holds
      await sealPendingColumns(db, protector);
    }
  } catch (e) {
    if (options.db === undefined) await db.destroy();
    throw e;
  }
  return {
    config,
    db,
    clock,
    secrets,
    protector,
    calendar,
    workflow: loadWorkflowConfig(config.dataDir, config.region),
    ingestQueue: createIngestQueue({
      perInstance: config.ingest.concurrency,
      perProvider: config.ingest.concurrencyPerProvider,
    }),
    async close() {
      if (options.db === undefined) await db.destroy();
    },
  };
}
