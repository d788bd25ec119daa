import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import { IdParam } from '../../platform/http/schema.js';
import type { Runtime } from '../../runtime.js';
import {
  ClientListQuery,
  ClientView,
  IssuedClientView,
  NewClientBody,
  RotateClientBody,
} from './access.schemas.js';
import { createClient, getClient, listClients, revokeClient, rotateClient } from './client.service.js';
import { emptyBodyAsObject } from './user.routes.js';

/** API clients (接入系统) for departments' and credit users' systems, managed by administrators. */
export const clientRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/clients',
    {
      schema: {
        tags: ['access'],
        summary: '接入系统（API 客户端）列表',
        querystring: ClientListQuery,
        response: { 200: Type.Array(ClientView) },
      },
    },
    async (request) =>
      listClients(rt.db, request.actor, {
        ...(request.query.status === undefined ? {} : { status: request.query.status }),
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      }),
  );

  app.post(
    '/clients',
    {
      schema: {
        tags: ['access'],
        summary: '登记接入系统（返回一次性显示的密钥）',
        body: NewClientBody,
        response: { 201: IssuedClientView },
      },
    },
    async (request, reply) => {
      const issued = await inTransaction(rt.db, (tx) =>
        createClient(tx, request.actor, request.body, rt.clock()),
      );
      return reply.status(201).header('cache-control', 'no-store').send(issued);
    },
  );

  app.get(
    '/clients/:id',
    { schema: { tags: ['access'], summary: '接入系统详情', params: IdParam, response: { 200: ClientView } } },
    async (request) => getClient(rt.db, request.actor, request.params.id),
  );

  app.post(
    '/clients/:id/revoke',
    {
      schema: {
        tags: ['access'],
        summary: '吊销接入系统（立即失效）',
        params: IdParam,
        response: { 200: ClientView },
      },
    },
    async (request) =>
      inTransaction(rt.db, (tx) => revokeClient(tx, request.actor, request.params.id, rt.clock())),
  );

  app.post(
    '/clients/:id/rotate',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['access'],
        summary: '轮换密钥（新密钥一次性显示；旧密钥在过渡期内仍有效）',
        params: IdParam,
        body: RotateClientBody,
        response: { 200: IssuedClientView },
      },
    },
    async (request, reply) => {
      const issued = await inTransaction(rt.db, (tx) =>
        rotateClient(
          tx,
          request.actor,
          request.params.id,
          request.body.overlapMinutes === undefined ? {} : { overlapMinutes: request.body.overlapMinutes },
          rt.clock(),
        ),
      );
      return reply.header('cache-control', 'no-store').send(issued);
    },
  );
};
