import { accessRoutes } from './modules/access/access.routes.js';
import { authenticationPlugin } from './modules/access/authentication.plugin.js';
import { routeGatePlugin } from './modules/access/route-gate.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { checksRoutes } from './modules/checks/checks.routes.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes.js';
import { batchRoutes } from './modules/ingestion/batch.routes.js';
import { profilesRoutes } from './modules/ingestion/profiles.routes.js';
import { providersRoutes } from './modules/providers/providers.routes.js';
import { recordsRoutes } from './modules/records/records.routes.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { supervisionRoutes } from './modules/supervision/supervision.routes.js';
import { webRoutes } from './modules/web/web.routes.js';
import { workflowsRoutes } from './modules/workflows/workflows.routes.js';
import { type App, type AppDeps, createApp } from './platform/http/create-app.js';
import type { Runtime } from './runtime.js';

export type AppContext = Runtime;

/**
 * The composition root: the platform's HTTP shell plus every module's routes, each given only the
 * dependencies it declares.
 */
export async function buildApplication(
  ctx: AppContext,
  options: { logger?: AppDeps['logger'] } = {},
): Promise<App> {
  const app = await createApp({
    config: ctx.config,
    db: ctx.db,
    clock: ctx.clock,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  await app.register(authenticationPlugin, { db: ctx.db, clock: ctx.clock, config: ctx.config });
  await app.register(routeGatePlugin, { publicObjections: ctx.workflow.publicObjections });
  await app.register(
    async (api) => {
      await api.register(accessRoutes, { rt: ctx });
      await api.register(auditRoutes, { rt: ctx });
      await api.register(catalogRoutes, { rt: ctx });
      await api.register(providersRoutes, { rt: ctx });
      await api.register(batchRoutes, { rt: ctx });
      await api.register(profilesRoutes, { rt: ctx });
      await api.register(recordsRoutes, { rt: ctx });
      await api.register(checksRoutes, { rt: ctx });
      await api.register(workflowsRoutes, { rt: ctx });
      await api.register(dashboardRoutes, { rt: ctx });
      await api.register(evaluationRoutes, { rt: ctx });
      await api.register(supervisionRoutes, { rt: ctx });
      await api.register(reportsRoutes, { rt: ctx });
    },
    { prefix: '/api/v1' },
  );
  // the portal and console (web/dist): after the API, so its catch-all never shadows an API route
  await app.register(webRoutes);
  return app;
}
