import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import { IdParam } from '../../platform/http/schema.js';
import type { Runtime } from '../../runtime.js';
import { BindingListQuery, BindingRequestBody, BindingView, DecisionBody } from './access.schemas.js';
import { decideBinding, listBindings, requestBinding, revokeBinding } from './binding.service.js';
import { emptyBodyAsObject } from './user.routes.js';

/** Subject bindings (主体账号绑定): a subject user asks to act for a subject, an administrator decides. */
export const bindingRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.post(
    '/subject-bindings',
    {
      schema: {
        tags: ['access'],
        summary: '申请绑定信用主体（待信用中心审核）',
        body: BindingRequestBody,
        response: { 201: BindingView },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const view = await inTransaction(rt.db, (tx) =>
        requestBinding(
          tx,
          rt.protector,
          request.actor,
          {
            evidence: b.evidence,
            ...(b.subjectId === undefined ? {} : { subjectId: b.subjectId }),
            ...(b.uscc === undefined ? {} : { uscc: b.uscc }),
          },
          rt.clock(),
        ),
      );
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/subject-bindings',
    {
      schema: {
        tags: ['access'],
        summary: '绑定申请列表（主体用户仅见本人）',
        querystring: BindingListQuery,
        response: { 200: Type.Array(BindingView) },
      },
    },
    async (request) =>
      listBindings(rt.db, rt.protector, request.actor, {
        ...(request.query.status === undefined ? {} : { status: request.query.status }),
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      }),
  );

  for (const [path, summary] of [
    ['approve', '批准绑定'],
    ['reject', '驳回绑定'],
    ['revoke', '解除绑定'],
  ] as const) {
    app.post(
      `/subject-bindings/:id/${path}`,
      {
        preValidation: emptyBodyAsObject,
        schema: {
          tags: ['access'],
          summary,
          params: IdParam,
          body: DecisionBody,
          response: { 200: BindingView },
        },
      },
      async (request) =>
        inTransaction(rt.db, (tx) => {
          const note = request.body.note ?? null;
          if (path === 'revoke')
            return revokeBinding(tx, rt.protector, request.actor, request.params.id, note, rt.clock());
          const decision = path === 'approve' ? 'approved' : 'rejected';
          return decideBinding(
            tx,
            rt.protector,
            request.actor,
            request.params.id,
            decision,
            note,
            rt.clock(),
          );
        }),
    );
  }
};
