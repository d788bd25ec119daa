import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { credentialThrottle } from '../../platform/http/security.js';
import { authenticateClientToken } from './client.service.js';
import { csrfTokenFor, csrfTokenMatches, resolveSession, sessionCookieName } from './session.service.js';

/** How the current request was authenticated. */
export type RequestAuth =
  | { readonly via: 'none' }
  | {
      readonly via: 'session';
      readonly sessionId: number;
      readonly csrfToken: string;
      readonly expiresAt: string;
      readonly idleExpiresAt: string;
    }
  | { readonly via: 'client'; readonly clientId: number };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication plugin together with `actor`. */
    auth: RequestAuth;
  }
  interface FastifyContextConfig {
    /**
     * How a route treats the session cookie: `ignore` (sign-in: the request is anonymous whatever the cookie),
     * `optional` (sign-out: an unusable cookie is cleared and the request is anonymous instead of 401).
     */
    sessionCookie?: 'ignore' | 'optional';
  }
}

export interface AuthenticationOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: Config;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const NONE: RequestAuth = Object.freeze({ via: 'none' });
const BEARER = /^Bearer +([^\s]+)$/;

/** Attributes of the session cookie: host-only, whole site, not readable by scripts, not sent cross-site. */
export function sessionCookieOptions(config: Config, expiresAt?: string) {
  return {
    path: '/',
    httpOnly: true,
    secure: config.publicUrl.startsWith('https:'),
    sameSite: 'lax' as const,
    ...(expiresAt === undefined ? {} : { expires: new Date(expiresAt) }),
  };
}

function unauthenticated(reply: FastifyReply, message: string, scheme: 'Bearer' | 'Session'): AppError {
  if (scheme === 'Bearer') reply.header('www-authenticate', 'Bearer realm="xinyong", error="invalid_token"');
  return new AppError('unauthenticated', message);
}

/**
 * Authentication for every route (docs/adr/0005-request-authentication.md), registered before module routes:
 * - `Authorization: Bearer <keyId>.<secret>` → the API client's actor (its rate limit applies);
 * - else the session cookie → the signed-in user's actor; state-changing methods must echo the session's CSRF
 *   token in `x-csrf-token` (403 otherwise);
 * - else the anonymous public.
 * Credentials that are present but wrong, expired or revoked answer 401 (a stale cookie is also cleared), or 429 once
 * the caller's address has presented too many wrong ones (a valid credential is always accepted); they are never
 * downgraded to anonymous — except on sign-in and sign-out (route config `sessionCookie`).
 * Responses to authenticated requests are `Cache-Control: no-store`.
 */
export const authenticationPlugin = fp<AuthenticationOptions>(
  async (app, { db, clock, config }) => {
    if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
    const cookieName = sessionCookieName(config.publicUrl);
    const throttle = credentialThrottle(app, config);
    app.decorateRequest('auth', null as never);
    /**
     * Counts the failure against the caller's address, then answers 401, or 429 once the address has used up its
     * allowance. Only failures are counted and only after the lookup: a valid credential is never refused here.
     */
    const failed = async (request: FastifyRequest, error: AppError): Promise<never> => {
      throw (await throttle.fail(request)) ?? error;
    };

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      request.auth = NONE;
      const header = request.headers.authorization;
      if (header !== undefined) {
        const token = BEARER.exec(header)?.[1];
        if (token === undefined)
          return failed(
            request,
            unauthenticated(reply, 'Authorization 请求头应为 "Bearer <keyId>.<secret>"', 'Bearer'),
          );
        const client = await authenticateClientToken(db, token, clock());
        if (client === undefined)
          return failed(request, unauthenticated(reply, 'API 客户端凭据无效或已吊销', 'Bearer'));
        request.actor = client.actor;
        request.auth = { via: 'client', clientId: client.actor.kind === 'client' ? client.actor.id : 0 };
        request.rateLimitOverride = client.rateLimit ?? config.security.clientRatePerMinute;
        return;
      }
      const mode = request.routeOptions.config?.sessionCookie;
      const token = request.cookies[cookieName];
      if (token === undefined || token === '' || mode === 'ignore') return;
      const session = await resolveSession(db, token, clock(), config.security);
      if (session === undefined) {
        reply.clearCookie(cookieName, sessionCookieOptions(config));
        if (mode === 'optional') return;
        return failed(request, unauthenticated(reply, '登录已过期或已退出，请重新登录', 'Session'));
      }
      request.actor = session.actor;
      request.auth = {
        via: 'session',
        sessionId: session.id,
        csrfToken: csrfTokenFor(token),
        expiresAt: session.expiresAt,
        idleExpiresAt: session.idleExpiresAt,
      };
      if (!SAFE_METHODS.has(request.method)) {
        const presented = request.headers['x-csrf-token'];
        if (!csrfTokenMatches(token, typeof presented === 'string' ? presented : undefined))
          throw new AppError(
            'forbidden',
            'CSRF 令牌缺失或错误：请在 x-csrf-token 请求头中发送 GET /api/v1/session 返回的 csrfToken',
          );
      }
    });

    app.addHook('onSend', async (request, reply) => {
      if (request.auth !== null && request.auth.via !== 'none' && !reply.hasHeader('cache-control'))
        reply.header('cache-control', 'no-store');
    });
  },
  { name: 'xinyong-authentication', fastify: '5.x' },
);
