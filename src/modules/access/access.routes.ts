import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Runtime } from '../../runtime.js';
import { authorisationRoutes } from './authorisation.routes.js';
import { bindingRoutes } from './binding.routes.js';
import { clientRoutes } from './client.routes.js';
import { sessionRoutes } from './session.routes.js';
import { userRoutes } from './user.routes.js';

/**
 * Every access-control route: /session, /users, /clients, /subject-bindings, /authorisations, /access-log.
 * Register under the /api/v1 prefix, after {@link authenticationPlugin}.
 */
export const accessRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  await app.register(sessionRoutes, { rt });
  await app.register(userRoutes, { rt });
  await app.register(clientRoutes, { rt });
  await app.register(bindingRoutes, { rt });
  await app.register(authorisationRoutes, { rt });
};
