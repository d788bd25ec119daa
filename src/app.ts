import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { batchRoutes } from './modules/ingestion/batch.routes.js';
import { type App, createApp } from './platform/http/create-app.js';
import type { Runtime } from './runtime.js';

export type AppContext = Runtime;

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
  await app.register(
    async (api) => {
      await api.register(catalogRoutes, { rt: ctx });
      await api.register(batchRoutes, { rt: ctx });
    },
    { prefix: '/api/v1' },
  );
  return app;
}
