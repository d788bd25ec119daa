import type { Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import type { Secrets } from './platform/crypto/secrets.js';
import type { Db } from './platform/db/database.js';
import { type App, createApp } from './platform/http/create-app.js';

/** Everything the modules need at run time; built once by the entry point and passed down. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly secrets: Secrets;
}

/**
 * The composition root: the platform's HTTP shell plus every module's routes, each given only the
 * dependencies it declares.
 */
export async function buildApplication(ctx: AppContext, options: { logger?: boolean } = {}): Promise<App> {
  const app = await createApp({
    config: ctx.config,
    db: ctx.db,
    clock: ctx.clock,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  return app;
}
