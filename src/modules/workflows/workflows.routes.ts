import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { type Actor, actorLabel } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { assertCleanText } from '../../platform/http/input-guard.js';
import { multipartOptions } from '../../platform/http/upload-limits.js';
import type { Runtime } from '../../runtime.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { applicationProgress, getApplication, listApplications, toView } from './application.service.js';
import { makeCommitment, recordFulfilment } from './commitment.service.js';
import { MAX_EVIDENCE_BYTES, readEvidence, storeEvidence } from './evidence.service.js';
import { decideObjection, extendObjection, fileObjection } from './objection.service.js';
import { acceptRepair, applyForRepair, decideRepair, supplementRepair } from './repair.service.js';
import { APPLICATION_KIND_LABELS } from './transitions.js';
import type { ApplicationKind, ApplicationStatus } from './workflow.table.js';
import {
  ApplicationListQuery,
  ApplicationView,
  CommitmentBody,
  DecideObjectionBody,
  DecideRepairBody,
  EvidenceParams,
  FulfilmentBody,
  NoParams,
  ObjectionBody,
  ProgressView,
  ReasonBody,
  RecordIdParams,
  RepairBody,
  SupplementBody,
} from './workflows.schemas.js';

/** Objections (异议), credit repair (信用修复), commitments (信用承诺) and their evidence files. */
export const workflowsRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  await app.register(multipart, multipartOptions({ fileSize: MAX_EVIDENCE_BYTES }));
  const view = async (kind: ApplicationKind, no: string) =>
    toView(rt.db, rt.calendar, rt.protector, await getApplication(rt.db, kind, no), shanghaiDate(rt.clock()));
  const list =
    (kind: ApplicationKind) =>
    async (request: {
      actor: Actor;
      query: { status?: ApplicationStatus; overdue?: boolean; limit?: number; offset?: number };
    }) =>
      listApplications(
        rt.db,
        rt.calendar,
        rt.protector,
        request.actor,
        kind,
        {
          ...(request.query.status === undefined ? {} : { status: request.query.status }),
          ...(request.query.overdue === undefined ? {} : { overdue: request.query.overdue }),
          limit: request.query.limit ?? 50,
          offset: request.query.offset ?? 0,
        },
        rt.clock(),
      );

  app.get(
    '/workflows/settings',
    {
      schema: {
        tags: ['workflows'],
        summary: '异议与信用修复办理时限（工作日）及是否受理公众异议',
        response: {
          200: Type.Object({
            objectionMarkDays: Type.Integer({ description: '收到异议后标注“异议处理中”的时限' }),
            objectionDecisionDays: Type.Integer({ description: '异议处理时限' }),
            objectionExtensionDays: Type.Integer({ description: '可延长一次的天数' }),
            repairDecisionDays: Type.Integer({ description: '信用修复办理时限（材料齐全之日起）' }),
            publicObjections: Type.Boolean({ description: '未登录的公众可就明显错误提出异议' }),
          }),
        },
      },
    },
    async () => ({ ...rt.workflow }),
  );

  app.post(
    '/evidence',
    {
      schema: {
        tags: ['workflows'],
        summary: '上传证明材料（PDF/JPEG/PNG/OFD，≤10MB）',
        response: {
          201: Type.Object({ digest: Type.String(), size: Type.Integer(), mediaType: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      if (request.actor.kind === 'anonymous') throw new AppError('unauthenticated', '请先登录再上传证明材料');
      if (!request.isMultipart())
        throw new AppError(
          'unsupported_media_type',
          '请以 multipart/form-data 格式上传证明材料，文件部分命名为 file',
        );
      const part = await request.file();
      if (part === undefined) throw new AppError('validation_failed', '上传内容中没有文件');
      assertCleanText({ filename: part.filename });
      const content = await part.toBuffer();
      const stored = await inTransaction(rt.db, (tx) =>
        storeEvidence(tx, rt.protector, request.actor, { fileName: part.filename, content }, rt.clock()),
      );
      return reply.status(201).send(stored);
    },
  );

  app.get(
    '/evidence/:digest',
    {
      schema: {
        tags: ['workflows'],
        summary: '下载证明材料（申请人、相关提供单位、信用中心）',
        params: EvidenceParams,
      },
    },
    async (request, reply) => {
      const f = await readEvidence(rt.db, rt.protector, request.actor, request.params.digest);
      return reply
        .type(f.mediaType)
        .header('content-disposition', `attachment; filename="${request.params.digest.slice(0, 16)}"`)
        .send(f.content);
    },
  );

  app.post(
    '/objections',
    {
      schema: {
        tags: ['workflows'],
        summary: '提出异议',
        body: ObjectionBody,
        response: { 201: ApplicationView },
      },
    },
    async (request, reply) => {
      const row = await inTransaction(rt.db, (tx) =>
        fileObjection(tx, rt, request.actor, request.body, rt.clock()),
      );
      return reply.status(201).send(await view('objection', row.no));
    },
  );
  app.get(
    '/objections',
    {
      schema: {
        tags: ['workflows'],
        summary: '异议列表（提供单位、信用中心、申请人）',
        querystring: ApplicationListQuery,
        response: { 200: Type.Array(ApplicationView) },
      },
    },
    list('objection'),
  );
  app.get(
    '/objections/:no',
    {
      schema: {
        tags: ['workflows'],
        summary: '异议详情与处理记录',
        params: NoParams,
        response: { 200: ApplicationView },
      },
    },
    async (request) => {
      await assertCanSee(rt, request.actor, 'objection', request.params.no);
      return view('objection', request.params.no);
    },
  );
  app.post(
    '/objections/:no/extend',
    {
      schema: {
        tags: ['workflows'],
        summary: '延期（一次，须说明理由）',
        params: NoParams,
        body: ReasonBody,
        response: { 200: ApplicationView },
      },
    },
    async (request) => {
      await inTransaction(rt.db, (tx) =>
        extendObjection(tx, rt, request.actor, request.params.no, request.body.reason, rt.clock()),
      );
      return view('objection', request.params.no);
    },
  );
  app.post(
    '/objections/:no/decide',
    {
      schema: {
        tags: ['workflows'],
        summary: '异议处理决定（更正、撤销、移出名单、维持）',
        params: NoParams,
        body: DecideObjectionBody,
        response: { 200: ApplicationView },
      },
    },
    async (request) => {
      await inTransaction(rt.db, (tx) =>
        decideObjection(
          tx,
          rt,
          request.actor,
          request.params.no,
          {
            outcome: request.body.outcome,
            reason: request.body.reason,
            ...(request.body.fields === undefined ? {} : { fields: request.body.fields }),
          },
          rt.clock(),
        ),
      );
      return view('objection', request.params.no);
    },
  );

  app.post(
    '/repairs',
    {
      schema: {
        tags: ['workflows'],
        summary: '申请信用修复（不符合条件的当即告知原因和最早可申请日期）',
        body: RepairBody,
        response: { 201: ApplicationView },
      },
    },
    async (request, reply) => {
      const row = await inTransaction(rt.db, (tx) =>
        applyForRepair(tx, rt, request.actor, request.body, rt.clock()),
      );
      const v = await view('repair', row.no);
      if (row.status === 'refused') {
        throw new AppError('not_eligible', `不符合信用修复条件：${row.outcome_reason ?? ''}`, {
          extras: {
            applicationNo: row.no,
            reasons: (v.eligibility?.reasons as string[] | undefined) ?? [],
            earliestDate: (v.eligibility?.earliestDate as string | null | undefined) ?? null,
          },
        });
      }
      return reply.status(201).send(v);
    },
  );
  app.get(
    '/repairs',
    {
      schema: {
        tags: ['workflows'],
        summary: '信用修复申请列表',
        querystring: ApplicationListQuery,
        response: { 200: Type.Array(ApplicationView) },
      },
    },
    list('repair'),
  );
  app.get(
    '/repairs/:no',
    {
      schema: {
        tags: ['workflows'],
        summary: '信用修复申请详情',
        params: NoParams,
        response: { 200: ApplicationView },
      },
    },
    async (request) => {
      await assertCanSee(rt, request.actor, 'repair', request.params.no);
      return view('repair', request.params.no);
    },
  );
  app.post(
    '/repairs/:no/supplement',
    {
      schema: {
        tags: ['workflows'],
        summary: '补正材料',
        params: NoParams,
        body: SupplementBody,
        response: { 200: ApplicationView },
      },
    },
    async (request) => {
      await inTransaction(rt.db, (tx) =>
        supplementRepair(tx, rt, request.actor, request.params.no, request.body, rt.clock()),
      );
      return view('repair', request.params.no);
    },
  );
  app.post(
    '/repairs/:no/accept',
    {
      schema: { tags: ['workflows'], summary: '受理', params: NoParams, response: { 200: ApplicationView } },
    },
    async (request) => {
      await inTransaction(rt.db, (tx) => acceptRepair(tx, request.actor, request.params.no, rt.clock()));
      return view('repair', request.params.no);
    },
  );
  app.post(
    '/repairs/:no/decide',
    {
      schema: {
        tags: ['workflows'],
        summary: '审核决定（通过即终止公示、停止共享、解除惩戒）',
        params: NoParams,
        body: DecideRepairBody,
        response: { 200: ApplicationView },
      },
    },
    async (request) => {
      await inTransaction(rt.db, (tx) =>
        decideRepair(tx, request.actor, request.params.no, request.body, rt.clock()),
      );
      return view('repair', request.params.no);
    },
  );

  app.get(
    '/applications/:no/progress',
    {
      schema: {
        tags: ['workflows'],
        summary: '办理进度查询（公开，无个人信息）',
        params: NoParams,
        response: { 200: ProgressView },
      },
    },
    async (request) => applicationProgress(rt.db, request.params.no),
  );

  app.post(
    '/commitments',
    {
      schema: {
        tags: ['workflows'],
        summary: '作出信用承诺',
        body: CommitmentBody,
        response: { 201: Type.Object({ recordId: Type.Integer(), number: Type.String() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await makeCommitment(rt, request.actor, request.body)),
  );
  app.post(
    '/commitments/:recordId/fulfilment',
    {
      schema: {
        tags: ['workflows'],
        summary: '记录践诺或违诺（违诺生成失信记录）',
        params: RecordIdParams,
        body: FulfilmentBody,
        response: {
          200: Type.Object({
            recordId: Type.Integer(),
            breachRecordId: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => recordFulfilment(rt, request.actor, request.params.recordId, request.body),
  );
};

/** The applicant, the subject, the provider of the record and the credit centre may read an application. */
async function assertCanSee(rt: Runtime, actor: Actor, kind: ApplicationKind, no: string): Promise<void> {
  if (actor.kind === 'anonymous')
    throw new AppError('unauthenticated', '请先登录再查看申请详情；办理进度可凭申请编号公开查询');
  const row = await getApplication(rt.db, kind, no);
  if (actor.kind === 'system') return;
  const label = actorLabel(actor);
  const ok =
    actor.role === 'platform_admin' ||
    row.applicant === label ||
    ((actor.role === 'provider_reviewer' || actor.role === 'provider_operator') &&
      actor.scope.providerId === row.provider_id) ||
    (actor.role === 'subject_user' && actor.scope.subjectId === row.subject_id);
  if (!ok) throw new AppError('forbidden', `您无权查看${APPLICATION_KIND_LABELS[kind]} ${no}`);
}
