import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { rateLimitPerIp } from '../../platform/http/security.js';
import type { Runtime } from '../../runtime.js';
import { getProviderById } from '../providers/provider.service.js';
import { ChangePasswordBody, SessionView, SignInBody } from './access.schemas.js';
import { type RequestAuth, sessionCookieOptions } from './authentication.plugin.js';
import { allowedActions } from './policy.js';
import { toScopeView } from './principal-scope.js';
import { csrfTokenFor, sessionCookieName, signIn, signOut } from './session.service.js';
import { findUserById } from './user.repository.js';
import { changeOwnPassword, toUserView, type UserView } from './user.service.js';

async function sessionView(rt: Runtime, actor: Actor, auth: RequestAuth, user?: UserView) {
  const providerId = actor.kind === 'user' || actor.kind === 'client' ? actor.scope.providerId : undefined;
  const provider = providerId === undefined ? undefined : await getProviderById(rt.db, providerId);
  const base = {
    csrfToken: auth.via === 'session' ? auth.csrfToken : null,
    expiresAt: auth.via === 'session' ? auth.expiresAt : null,
    idleExpiresAt: auth.via === 'session' ? auth.idleExpiresAt : null,
    allowedActions: allowedActions(actor),
    ...(provider === undefined
      ? {}
      : {
          provider: { id: provider.id, code: provider.code, name: provider.name, items: [...provider.items] },
        }),
  };
  if (actor.kind === 'user') {
    const row = user === undefined ? await findUserById(rt.db, actor.id) : undefined;
    const view = user ?? (row === undefined ? undefined : toUserView(row));
    return {
      ...base,
      authenticated: true,
      kind: 'user' as const,
      ...(view === undefined ? {} : { user: view }),
      role: actor.role,
      scope: toScopeView(actor.scope),
    };
  }
  if (actor.kind === 'client')
    return {
      ...base,
      authenticated: true,
      kind: 'client' as const,
      client: { id: actor.id, name: actor.name },
      role: actor.role,
      scope: toScopeView(actor.scope),
    };
  return { ...base, authenticated: false, kind: 'anonymous' as const, role: null, scope: {} };
}

function currentSessionId(request: FastifyRequest): number | undefined {
  return request.auth.via === 'session' ? request.auth.sessionId : undefined;
}

/**
 * Sign-in sessions (登录): POST signs in and sets the httpOnly session cookie, GET tells the UI who is signed in,
 * its CSRF token and what it may do, DELETE signs out; POST /session/password changes one's own password.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  const cookieName = sessionCookieName(rt.config.publicUrl);

  app.post(
    '/session',
    {
      config: {
        sessionCookie: 'ignore',
        rateLimit: rateLimitPerIp(rt.config.security.loginRatePerMinute, 'login'),
      },
      schema: {
        tags: ['access'],
        summary: '登录（设置会话 Cookie，返回 CSRF 令牌）',
        body: SignInBody,
        response: { 200: SessionView },
      },
    },
    async (request, reply) => {
      const signedIn = await signIn(
        rt.db,
        rt.protector,
        { username: request.body.username, password: request.body.password, ip: request.ip },
        rt.config.security,
        rt.clock(),
      );
      reply.setCookie(cookieName, signedIn.token, sessionCookieOptions(rt.config, signedIn.expiresAt));
      const auth: RequestAuth = {
        via: 'session',
        sessionId: signedIn.id,
        csrfToken: csrfTokenFor(signedIn.token),
        expiresAt: signedIn.expiresAt,
        idleExpiresAt: new Date(
          Math.min(
            Date.parse(signedIn.expiresAt),
            rt.clock().getTime() + rt.config.security.sessionIdleMinutes * 60_000,
          ),
        ).toISOString(),
      };
      request.auth = auth;
      return sessionView(rt, signedIn.actor, auth, signedIn.user);
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags: ['access'],
        summary: '当前身份、CSRF 令牌与可执行操作',
        response: { 200: SessionView },
      },
    },
    async (request) => sessionView(rt, request.actor, request.auth),
  );

  app.delete(
    '/session',
    {
      config: { sessionCookie: 'optional' },
      schema: { tags: ['access'], summary: '退出登录', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const sessionId = currentSessionId(request);
      if (sessionId !== undefined)
        await inTransaction(rt.db, (tx) => signOut(tx, request.actor, sessionId, rt.clock()));
      reply.clearCookie(cookieName, sessionCookieOptions(rt.config));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/session/password',
    {
      schema: {
        tags: ['access'],
        summary: '修改本人密码（其他会话随之失效）',
        body: ChangePasswordBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const sessionId = currentSessionId(request);
      await inTransaction(rt.db, (tx) =>
        changeOwnPassword(
          tx,
          request.actor,
          { ...request.body, ...(sessionId === undefined ? {} : { sessionId }) },
          rt.clock(),
        ),
      );
      return reply.status(204).send(null);
    },
  );
};
