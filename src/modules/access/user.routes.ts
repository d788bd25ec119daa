import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import { IdParam } from '../../platform/http/schema.js';
import type { Runtime } from '../../runtime.js';
import { NewUserBody, PasswordBody, UserChangeBody, UserListQuery, UserView } from './access.schemas.js';
import {
  createUser,
  getUser,
  listUsers,
  setUserPassword,
  setUserStatus,
  updateUser,
} from './user.service.js';

/** Lets action endpoints (disable, approve …) be called without a body; their schema then sees `{}`. */
export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}

/** User accounts (用户管理), for the credit centre's administrators. */
export const userRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/users',
    {
      schema: {
        tags: ['access'],
        summary: '用户列表',
        querystring: UserListQuery,
        response: { 200: Type.Array(UserView) },
      },
    },
    async (request) => {
      const q = request.query;
      return listUsers(rt.db, request.actor, {
        ...(q.role === undefined ? {} : { role: q.role }),
        ...(q.status === undefined ? {} : { status: q.status }),
        ...(q.providerId === undefined ? {} : { providerId: q.providerId }),
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
    },
  );

  app.post(
    '/users',
    { schema: { tags: ['access'], summary: '新建用户', body: NewUserBody, response: { 201: UserView } } },
    async (request, reply) => {
      const user = await inTransaction(rt.db, (tx) =>
        createUser(tx, request.actor, request.body, rt.clock()),
      );
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags: ['access'], summary: '用户详情', params: IdParam, response: { 200: UserView } } },
    async (request) => getUser(rt.db, request.actor, request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['access'],
        summary: '修改用户名称、角色或范围',
        params: IdParam,
        body: UserChangeBody,
        response: { 200: UserView },
      },
    },
    async (request) =>
      inTransaction(rt.db, (tx) =>
        updateUser(tx, request.actor, request.params.id, request.body, rt.clock()),
      ),
  );

  for (const [path, status, summary] of [
    ['disable', 'disabled', '停用用户（立即结束其会话）'],
    ['enable', 'active', '启用用户'],
  ] as const) {
    app.post(
      `/users/:id/${path}`,
      { schema: { tags: ['access'], summary, params: IdParam, response: { 200: UserView } } },
      async (request) =>
        inTransaction(rt.db, (tx) => setUserStatus(tx, request.actor, request.params.id, status, rt.clock())),
    );
  }

  app.post(
    '/users/:id/password',
    {
      schema: {
        tags: ['access'],
        summary: '重置用户密码（结束其全部会话）',
        params: IdParam,
        body: PasswordBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await inTransaction(rt.db, (tx) =>
        setUserPassword(tx, request.actor, request.params.id, request.body.password, rt.clock()),
      );
      return reply.status(204).send(null);
    },
  );
};
