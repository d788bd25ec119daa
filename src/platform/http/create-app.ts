import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { type Actor, ANONYMOUS } from '../actor.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { healthRoutes } from './health.routes.js';
import { installInputGuards } from './input-guard.js';
import { LOG_REDACT_PATHS, LOG_SERIALIZERS, maskingStream, maskReplyText } from './log-redaction.js';
import { installProblemHandlers } from './problem.js';
import { OPENAPI_SECURITY_SCHEMES, registerSecurity } from './security.js';

/** What the HTTP application needs from the process; passed in, never looked up globally. */
export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  /** Fastify logger setting; tests pass false (or a stream to inspect what is logged). */
  readonly logger?: boolean | { level: string; stream?: DestinationStream };
}

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by the authentication hooks, the anonymous public until then. */
    actor: Actor;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Builds the Fastify application: request ids, pino logging with secrets redacted, RFC 9457 errors, OpenAPI 3.1
 * at /api/openapi.json with a docs page at /api/docs, health and readiness probes, and every module's routes.
 */
export async function createApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: typeof deps.logger === 'object' ? deps.logger.level : deps.config.logLevel,
            redact: [...LOG_REDACT_PATHS],
            serializers: LOG_SERIALIZERS,
            // every line passes the one masking of personal numbers on its way out, whatever logged it
            stream: maskingStream(
              typeof deps.logger === 'object' && deps.logger.stream !== undefined
                ? deps.logger.stream
                : process.stdout,
            ),
          },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: trustProxy(deps.config.security.trustProxy),
    // verbose: a failed keyword's schema comes with the error, so a pattern error can name the field's description
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true, verbose: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    request.actor = ANONYMOUS;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    // the one masking of personal numbers, on every text answer (ADR 0006)
    return maskReplyText(reply, payload);
  });
  installProblemHandlers(app);
  installInputGuards(app);
  await registerSecurity(app, deps.config);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'xinyong 公共信用信息共享平台 API',
        version: '1',
        description:
          'Public credit information platform: collection, credit files, publicity, checks, reports.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: { securitySchemes: OPENAPI_SECURITY_SCHEMES },
      security: [{}, { apiClient: [] }, { session: [], csrf: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { deepLinking: true },
    staticCSP: true,
    transformStaticCSP: (header) => swaggerCsp(header, deps.config.publicUrl.startsWith('https:')),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { db: deps.db });
  return app;
}

/**
 * The Swagger UI pages' CSP, adjusted: its bundle sets inline styles, which style hashes cannot allow (and
 * 'unsafe-inline' is ignored next to a hash), so style-src is `'self' 'unsafe-inline'` as for the portal; and
 * upgrade-insecure-requests only when the platform is served over https, else a plain-http deployment's docs
 * page would ask for its own scripts over https.
 */
export function swaggerCsp(header: string, https: boolean): string {
  return header
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && (https || d !== 'upgrade-insecure-requests'))
    .map((d) => (d.startsWith('style-src ') ? "style-src 'self' 'unsafe-inline'" : d))
    .join('; ');
}

/** Fastify's `trustProxy` from the configured value; a hop count trusts that many proxies in front of us. */
function trustProxy(
  value: boolean | number | string,
): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}
