import type { FastifyInstance, FastifySchema, HTTPMethods } from 'fastify';

/** One registered route as the route-access matrix and the strict-schema check see it. */
export interface RegisteredRoute {
  readonly method: HTTPMethods;
  /** Full path with prefix, Fastify syntax (`/api/v1/batches/:id`). */
  readonly url: string;
  readonly schema: FastifySchema | undefined;
  /** True for routes hidden from OpenAPI (docs assets, the spec itself). */
  readonly hidden: boolean;
}

const tables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Starts recording every route registered on `app` from now on (call it before any route). Fastify has no public
 * route list; an `onRoute` hook is the documented way to observe them.
 */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  tables.set(app, routes);
  app.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    const schema = options.schema as (FastifySchema & { hide?: boolean }) | undefined;
    for (const method of methods)
      routes.push({ method: method as HTTPMethods, url: options.url, schema, hidden: schema?.hide === true });
  });
}

/** Routes recorded by {@link recordRoutes} (including Fastify's automatic HEAD routes). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  const routes = tables.get(app);
  if (routes === undefined)
    throw new Error('recordRoutes(app) was not called before the routes were registered');
  return routes;
}
