import { buildApplication } from './app.js';
import { allJobs } from './jobs.js';
import { cleanUpInterruptedIngests } from './modules/ingestion/upload-files.js';
import { resolvePendingDueDates } from './modules/workflows/application.service.js';
import type { Config } from './platform/config.js';
import type { App } from './platform/http/create-app.js';
import { startScheduler } from './platform/jobs/scheduler.js';
import { openRuntime } from './runtime.js';
import { loadSampleData } from './sample/load-sample-data.js';

export interface RunningServer {
  readonly app: App;
  readonly url: string;
  /** Stops accepting requests, drains open ones, then closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the platform: secrets (created on first start), database (migrated to the latest version), the HTTP
 * application, then listens on the configured host and port.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const runtime = await openRuntime(config);
  try {
    const app = await buildApplication(runtime);
    const cleaned = await cleanUpInterruptedIngests(runtime.db, config.dataDir, runtime.clock());
    if (cleaned.interrupted.length + cleaned.removedUploads.length > 0)
      app.log.info(
        { batches: cleaned.interrupted, uploads: cleaned.removedUploads.length },
        'interrupted ingests cleaned up',
      );
    const computed = await resolvePendingDueDates(runtime.db, runtime.calendar, runtime.clock());
    if (computed.length > 0)
      app.log.info({ cases: computed }, 'pending due dates computed (calendar year loaded)');
    if (config.loadSampleData) {
      const loaded = await loadSampleData(runtime, (m) => app.log.info(m));
      if (loaded !== null) app.log.info({ batches: loaded.length }, 'sample data loaded');
    }
    const url = await app.listen({ host: config.host, port: config.port });
    const scheduler = startScheduler(runtime.db, allJobs(runtime), runtime.clock, app.log);
    return {
      app,
      url,
      async close() {
        scheduler.stop();
        await app.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
