import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Actor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { IdParam } from '../../platform/http/schema.js';
import type { Runtime } from '../../runtime.js';
import { RIC_REASON_TEXT } from '../../standards/ric.js';
import { getSubjectByRef, parseSubjectRef } from '../subjects/subject.service.js';
import {
  AccessLogQuery,
  AccessLogView,
  AuthorisationListQuery,
  AuthorisationView,
  NewAuthorisationBody,
  RevokeBody,
} from './access.schemas.js';
import { listAccessLog } from './access-log.service.js';
import { listAuthorisations, registerAuthorisation, revokeAuthorisation } from './authorisation.service.js';
import { allowedActions, authorize } from './policy.js';
import { emptyBodyAsObject } from './user.routes.js';

function instant(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new AppError('validation_failed', `${field} 应为 ISO-8601 时间，实际为 ${value}`);
  return new Date(ms).toISOString();
}

/**
 * The subject of a consent being registered: `subjectId`, or `subject` — the USCC (or registration number) or
 * the resident id number written on the consent, looked up only for actors who may register consents.
 * @throws AppError validation_failed (neither or both given), forbidden, not_found
 */
async function authorisedSubjectId(
  rt: Runtime,
  actor: Actor,
  subjectId: number | undefined,
  subject: string | undefined,
): Promise<number> {
  if ((subjectId === undefined) === (subject === undefined))
    throw new AppError(
      'validation_failed',
      '请填写授权主体：统一社会信用代码或身份证号码（subject），或主体编号（subjectId），二者选一',
    );
  if (subjectId !== undefined) return subjectId;
  if (!allowedActions(actor).includes('authorisation.register')) authorize(actor, 'authorisation.register');
  const ref = (subject ?? '').trim();
  const parsed = parseSubjectRef(ref);
  if (parsed.kind === 'other') {
    const message =
      parsed.ricReason === null
        ? '授权主体应填写有效的统一社会信用代码或身份证号码'
        : `身份证号码${parsed.ricReason === 'masked' ? '无效' : RIC_REASON_TEXT[parsed.ricReason]}，请核对授权书上的号码`;
    throw new AppError('validation_failed', message, {
      details: [{ field: 'subject', code: 'invalid', message }],
    });
  }
  return (await getSubjectByRef(rt.db, ref, rt.protector)).id;
}

/** Authorised queries (授权查询): consents on file, and the access log (查询记录) a subject may read. */
export const authorisationRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.post(
    '/authorisations',
    {
      schema: {
        tags: ['access'],
        summary: '登记信用主体授权（授权书）',
        body: NewAuthorisationBody,
        response: { 201: AuthorisationView },
      },
    },
    async (request, reply) => {
      const { subject, ...body } = request.body;
      const subjectId = await authorisedSubjectId(rt, request.actor, body.subjectId, subject);
      const a = await inTransaction(rt.db, (tx) =>
        registerAuthorisation(tx, request.actor, { ...body, subjectId }, rt.clock(), rt.config.security),
      );
      return reply.status(201).send(a);
    },
  );

  app.get(
    '/authorisations',
    {
      schema: {
        tags: ['access'],
        summary: '授权列表（应用单位见本单位，主体见本主体）',
        querystring: AuthorisationListQuery,
        response: { 200: Type.Array(AuthorisationView) },
      },
    },
    async (request) => {
      const q = request.query;
      return listAuthorisations(rt.db, request.actor, {
        ...(q.subjectId === undefined ? {} : { subjectId: q.subjectId }),
        ...(q.organization === undefined ? {} : { organization: q.organization }),
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
    },
  );

  app.post(
    '/authorisations/:id/revoke',
    {
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['access'],
        summary: '撤回授权',
        params: IdParam,
        body: RevokeBody,
        response: { 200: AuthorisationView },
      },
    },
    async (request) =>
      inTransaction(rt.db, (tx) =>
        revokeAuthorisation(tx, request.actor, request.params.id, request.body.reason ?? null, rt.clock()),
      ),
  );

  app.get(
    '/access-log',
    {
      schema: {
        tags: ['access'],
        summary: '查询记录（谁在何时因何依据查询了信用主体的非公开信息）',
        querystring: AccessLogQuery,
        response: { 200: Type.Array(AccessLogView) },
      },
    },
    async (request) => {
      const q = request.query;
      const from = instant(q.from, 'from');
      const to = instant(q.to, 'to');
      return listAccessLog(rt.db, request.actor, {
        ...(q.subjectId === undefined ? {} : { subjectId: q.subjectId }),
        ...(q.actor === undefined ? {} : { actor: q.actor }),
        ...(q.organization === undefined ? {} : { organization: q.organization }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
    },
  );
};
