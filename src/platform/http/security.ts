import helmet from '@fastify/helmet';
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { recordRoutes } from './route-table.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Requests per minute for this caller when it has its own limit (an API client's), else null. */
    rateLimitOverride: number | null;
  }
}

/** How callers authenticate, for the OpenAPI document (docs/adr/0005-request-authentication.md). */
export const OPENAPI_SECURITY_SCHEMES = {
  apiClient: {
    type: 'http' as const,
    scheme: 'bearer',
    bearerFormat: '<keyId>.<secret>',
    description: 'API client (接入系统) token, e.g. a department system pushing records',
  },
  session: {
    type: 'apiKey' as const,
    in: 'cookie' as const,
    name: 'xinyong_session',
    description: 'session cookie set by POST /api/v1/session (__Host-xinyong_session under https)',
  },
  csrf: {
    type: 'apiKey' as const,
    in: 'header' as const,
    name: 'x-csrf-token',
    description:
      'csrfToken from POST/GET /api/v1/session; required with the cookie on state-changing requests',
  },
};

const ONE_MINUTE = 60_000;
const UNLIMITED_ROUTES = new Set(['/healthz', '/readyz']);

function rateLimited(_req: FastifyRequest, ctx: { max: number; ttl: number }): AppError {
  const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
  return new AppError('rate_limited', `请求过于频繁（每分钟最多 ${ctx.max} 次），请 ${seconds} 秒后重试`, {
    extras: { retryAfter: seconds },
  });
}

/** Rate-limit key: the signed-in user or API client, else the caller's IP address. */
export function rateLimitKey(req: FastifyRequest): string {
  const a = req.actor;
  return a.kind === 'user' || a.kind === 'client' ? `${a.kind}:${a.id}` : `ip:${req.ip}`;
}

/**
 * Route `config.rateLimit` for endpoints that need a tighter per-IP limit than the global one (sign-in, expensive
 * public searches): `app.get('/search', { config: { rateLimit: rateLimitPerIp(30, 'search') } }, …)`; `group` names
 * the counter. Ignored when
 * XINYONG_RATE_LIMITS is off.
 */
export function rateLimitPerIp(maxPerMinute: number, group: string): RateLimitOptions {
  return { max: maxPerMinute, timeWindow: ONE_MINUTE, keyGenerator: (req) => `${group}:${req.ip}` };
}

/**
 * Throttle of presented credentials that turn out wrong (bad bearer token, unknown or expired session cookie). It
 * never refuses a valid credential: the caller looks the credential up first and reports only failures, so users and
 * API clients behind an address that floods wrong credentials keep working (docs/adr/0005-request-authentication.md).
 */
export interface CredentialThrottle {
  /**
   * Counts one failed credential against the caller's address; returns the 429 to answer instead of the 401 once the
   * address has used up its allowance in the current window, else undefined.
   */
  fail(request: FastifyRequest): Promise<AppError | undefined>;
}

const NO_THROTTLE: CredentialThrottle = { fail: async () => undefined };

/**
 * The failed-credential throttle: per IP address, `XINYONG_RATE_LIMIT_PUBLIC` failures a minute (what an anonymous
 * caller may send), counted in a store of the rate limiter (same memory, same window); none when XINYONG_RATE_LIMITS
 * is off. Call after {@link registerSecurity}.
 */
export function credentialThrottle(app: FastifyInstance, config: Config): CredentialThrottle {
  if (!config.security.rateLimits || !app.hasDecorator('createRateLimit')) return NO_THROTTLE;
  const max = config.security.publicRatePerMinute;
  const limiter = app.createRateLimit({
    max,
    timeWindow: ONE_MINUTE,
    keyGenerator: (req) => `credentials:${req.ip}`,
  });
  return {
    async fail(request) {
      const state = await limiter(request);
      if (state.isAllowed || !state.isExceeded) return undefined;
      const seconds = Math.max(1, state.ttlInSeconds);
      return new AppError(
        'rate_limited',
        `凭据错误次数过多（每分钟最多 ${max} 次），请 ${seconds} 秒后重试`,
        {
          extras: { retryAfter: seconds },
        },
      );
    },
  };
}

/**
 * Hardening shared by every route; call before any route is registered:
 * - records the route table (route-access matrix, strict-schema test);
 * - security headers (@fastify/helmet). CSP: scripts, styles, fonts, images and XHR from 'self' only, no plugins,
 *   no framing; styles may also be inline because Ant Design's CSS-in-JS injects <style> elements. The Swagger UI
 *   pages set their own, hash-based CSP. HSTS and upgrade-insecure-requests only when XINYONG_PUBLIC_URL is https;
 * - request rate limits (@fastify/rate-limit, checked after authentication, before the body is parsed): per IP for
 *   anonymous callers, per user, per API client (its own limit or the default). 429 answers are problems with
 *   `retryAfter` and a Retry-After header. Health probes are exempt. Requests refused by the route gate
 *   (modules/access/route-gate.ts) are counted: its hook runs after this one. Failed credentials are counted
 *   apart, by {@link credentialThrottle}.
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  recordRoutes(app);
  const https = config.publicUrl.startsWith('https:');
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  app.decorateRequest('rateLimitOverride', null);
  if (!config.security.rateLimits) return;
  const s = config.security;
  await app.register(rateLimit, {
    global: true,
    hook: 'preParsing',
    timeWindow: ONE_MINUTE,
    max: (req) =>
      req.rateLimitOverride ?? (req.actor.kind === 'anonymous' ? s.publicRatePerMinute : s.userRatePerMinute),
    keyGenerator: rateLimitKey,
    allowList: (req) => UNLIMITED_ROUTES.has(req.routeOptions.url ?? ''),
    errorResponseBuilder: rateLimited,
  });
}
