import { buildApplication } from './app.js';
import { systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { loadOrCreateSecrets } from './platform/crypto/secrets.js';
import { createDatabase } from './platform/db/create-database.js';
import { migrateToLatest } from './platform/db/migrator.js';
import type { App } from './platform/http/create-app.js';

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
  const secrets = loadOrCreateSecrets(config.secretFile);
  const db = createDatabase(config.database);
  try {
    await migrateToLatest(db);
    const app = await buildApplication({ config, db, clock: systemClock, secrets });
    const url = await app.listen({ host: config.host, port: config.port });
    return {
      app,
      url,
      async close() {
        await app.close();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
