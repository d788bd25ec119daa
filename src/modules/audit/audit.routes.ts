import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Instant, RowId, Strict } from '../../platform/http/schema.js';
import type { Runtime } from '../../runtime.js';
import { auditStatus, listAuditEvents } from './audit.service.js';

const AuditStatus = Type.Object({
  ok: Type.Boolean({ description: '审计链完整' }),
  length: Type.Integer({ description: 'events in the chain (head sequence number)' }),
  checked: Type.Integer(),
  headHash: Type.String({
    description: 'SM3 of the head event; record it externally to detect a rewritten chain',
  }),
  firstBroken: Type.Union([
    Type.Object({ seq: Type.Integer(), id: Type.Integer(), reason: Type.String() }),
    Type.Null(),
  ]),
  verifiedAt: Instant,
});

const AuditEventView = Type.Object({
  seq: Type.Integer(),
  at: Instant,
  actor: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

const AuditEventQuery = Strict({
  entityType: Type.Optional(Type.String({ maxLength: 64 })),
  entityId: Type.Optional(Type.String({ maxLength: 128 })),
  actor: Type.Optional(Type.String({ maxLength: 128 })),
  beforeSeq: Type.Optional(RowId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

/** The tamper-evident audit trail (审计日志) for the console: chain verification and event browsing. */
export const auditRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/audit/status',
    { schema: { tags: ['audit'], summary: '审计链校验结果', response: { 200: AuditStatus } } },
    async (request) => {
      const v = await auditStatus(rt.db, request.actor);
      return {
        ok: v.ok,
        length: v.headSeq,
        checked: v.checked,
        headHash: v.headHash,
        firstBroken: v.firstBroken ?? null,
        verifiedAt: rt.clock().toISOString(),
      };
    },
  );

  app.get(
    '/audit/events',
    {
      schema: {
        tags: ['audit'],
        summary: '审计事件（新在前）',
        querystring: AuditEventQuery,
        response: { 200: Type.Array(AuditEventView) },
      },
    },
    async (request) => {
      const q = request.query;
      return listAuditEvents(rt.db, request.actor, {
        ...(q.entityType === undefined ? {} : { entityType: q.entityType }),
        ...(q.entityId === undefined ? {} : { entityId: q.entityId }),
        ...(q.actor === undefined ? {} : { actor: q.actor }),
        ...(q.beforeSeq === undefined ? {} : { beforeSeq: q.beforeSeq }),
        limit: q.limit ?? 100,
      });
    },
  );
};
