import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Runtime } from '../../runtime.js';
import { authorize } from '../access/policy.js';
import {
  decideMeasureBasis,
  listActiveMeasures,
  listScenarios,
  type MeasureVersion,
} from '../measures/measure.service.js';
import type { CheckQuery } from './check.types.js';
import {
  CheckBody,
  CheckHeaders,
  CheckNoParams,
  CheckReceiptSchema,
  CheckVerificationSchema,
  FeedbackBody,
  MarkReadBody,
  MeasureBasisBody,
  MeasureCodeParams,
  MeasureViewSchema,
  NotificationQuery,
  NotificationSchema,
  ReceiptCompareBody,
  ReceiptComparisonSchema,
  StatsSchema,
  WatchParams,
  WebhookBody,
  WebhookParams,
  WebhookSchema,
} from './checks.schemas.js';
import { checkStatistics, recordFeedback } from './feedback.service.js';
import { runCheck } from './run-check.service.js';
import { compareReceipt, verifyCheck } from './verify-check.service.js';
import {
  listNotifications,
  listWatches,
  markNotificationsRead,
  unwatchSubject,
  watchSubject,
} from './watch.service.js';
import { disableWebhook, listWebhooks, registerWebhook } from './webhook.service.js';

/** Joint incentive/discipline checks (联合奖惩核查) with signed receipts, feedback, watch lists and notifications. */
export const checksRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/scenarios',
    {
      schema: {
        tags: ['checks'],
        summary: '业务场景',
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String(),
              name: Type.String(),
              description: Type.String(),
              basis: Type.String(),
            }),
          ),
        },
      },
    },
    async (request) => {
      authorize(request.actor, 'measure.read');
      return listScenarios(rt.db);
    },
  );

  app.get(
    '/measures',
    {
      schema: {
        tags: ['checks'],
        summary: '失信惩戒和守信激励措施清单',
        description:
          'basisConfirmed 为 false 的禁止类措施在核查中只作提示（需人工核实法律依据），不作禁止结论。',
        response: { 200: Type.Array(MeasureViewSchema) },
      },
    },
    async (request) => {
      authorize(request.actor, 'measure.read');
      return (await listActiveMeasures(rt.db)).map(measureView);
    },
  );

  app.put(
    '/measures/:code/basis',
    {
      schema: {
        tags: ['checks'],
        summary: '确认或撤回措施的法律依据（平台管理员，记入审计链）',
        description:
          '确认针对措施当前版本所引用的法律依据文本；依据文本改变后须重新确认。撤回确认须说明理由。未确认的禁止类措施在核查中只作提示。',
        params: MeasureCodeParams,
        body: MeasureBasisBody,
        response: { 200: MeasureViewSchema },
      },
    },
    async (request) =>
      measureView(
        await inTransaction(rt.db, (tx) =>
          decideMeasureBasis(tx, request.actor, request.params.code, request.body, rt.clock()),
        ),
      ),
  );

  app.post(
    '/checks',
    {
      schema: {
        tags: ['checks'],
        summary: '信用核查（1–1000 个主体），返回签名回执',
        description:
          '带 Idempotency-Key 请求头重试同一请求时，返回该键已完成的核查（200，响应头 Idempotent-Replayed: true），不会重复核查；同一键用于内容不同的请求返回 409。',
        headers: CheckHeaders,
        body: CheckBody,
        response: { 200: CheckReceiptSchema, 201: CheckReceiptSchema },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const { replayed, ...receipt } = await runCheck(rt, request.actor, {
        scenario: request.body.scenario,
        subjects: request.body.subjects as CheckQuery[],
        ...(request.body.asOf === undefined ? {} : { asOf: request.body.asOf }),
        ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
      });
      if (replayed === true) return reply.header('idempotent-replayed', 'true').status(200).send(receipt);
      return reply.status(201).send(receipt);
    },
  );

  app.get(
    '/checks/:no/verify',
    {
      schema: {
        tags: ['checks'],
        summary: '核验核查回执（摘要与平台签名）',
        params: CheckNoParams,
        response: { 200: CheckVerificationSchema },
      },
    },
    async (request) => verifyCheck(rt, request.actor, request.params.no.toUpperCase()),
  );

  app.post(
    '/checks/verify',
    {
      schema: {
        tags: ['checks'],
        summary: '核对所持回执与平台存档是否一致（内容逐字核对）',
        body: ReceiptCompareBody,
        response: { 200: ReceiptComparisonSchema },
      },
    },
    async (request) => compareReceipt(rt, request.body),
  );

  app.post(
    '/checks/:no/feedback',
    {
      schema: {
        tags: ['checks'],
        summary: '应用反馈',
        description: '同一主体同一措施再次反馈即更正前一次反馈（原记录保留），统计按最新一次计。',
        params: CheckNoParams,
        body: FeedbackBody,
        response: {
          201: Type.Object({
            recorded: Type.Integer(),
            corrected: Type.Integer({ description: '其中更正此前反馈的条数' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await inTransaction(rt.db, (tx) =>
        recordFeedback(tx, request.actor, request.params.no.toUpperCase(), request.body.items, rt.clock()),
      );
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/checks/stats',
    { schema: { tags: ['checks'], summary: '核查与反馈统计', response: { 200: StatsSchema } } },
    async (request) => checkStatistics(rt.db, request.actor),
  );

  app.get(
    '/watches',
    {
      schema: {
        tags: ['checks'],
        summary: '关注的主体',
        response: {
          200: Type.Array(
            Type.Object({
              subjectId: Type.Integer(),
              name: Type.String(),
              uscc: Type.Union([Type.String(), Type.Null()]),
              since: Type.String(),
            }),
          ),
        },
      },
    },
    async (request) => listWatches(rt.db, request.actor),
  );

  app.put(
    '/watches/:subject',
    {
      schema: {
        tags: ['checks'],
        summary: '关注主体',
        params: WatchParams,
        response: { 200: Type.Object({ subjectId: Type.Integer() }) },
      },
    },
    async (request) =>
      inTransaction(rt.db, (tx) =>
        watchSubject(tx, request.actor, request.params.subject, rt.clock(), rt.protector),
      ),
  );

  app.delete(
    '/watches/:subject',
    {
      schema: { tags: ['checks'], summary: '取消关注', params: WatchParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await inTransaction(rt.db, (tx) =>
        unwatchSubject(tx, request.actor, request.params.subject, rt.clock(), rt.protector),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['checks'],
        summary: '动态提醒',
        description:
          '不带游标时按时间倒序（beforeId 向前翻页）；带 afterId 时返回其后的提醒、按时间正序，轮询时传入已见到的最大 id 即不会遗漏。',
        querystring: NotificationQuery,
        response: { 200: Type.Array(NotificationSchema) },
      },
    },
    async (request) =>
      listNotifications(rt.db, request.actor, {
        limit: request.query.limit ?? 50,
        ...(request.query.unread === undefined ? {} : { unread: request.query.unread }),
        ...(request.query.afterId === undefined ? {} : { afterId: request.query.afterId }),
        ...(request.query.beforeId === undefined ? {} : { beforeId: request.query.beforeId }),
      }),
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags: ['checks'],
        summary: '标记已读',
        body: MarkReadBody,
        response: { 200: Type.Object({ updated: Type.Integer() }) },
      },
    },
    async (request) => ({
      updated: await inTransaction(rt.db, (tx) =>
        markNotificationsRead(tx, request.actor, request.body.ids, rt.clock()),
      ),
    }),
  );

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['checks'],
        summary: '注册推送地址（HMAC-SM3 签名）',
        body: WebhookBody,
        response: { 201: Type.Object({ id: Type.Integer() }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await inTransaction(rt.db, (tx) =>
            registerWebhook(
              tx,
              request.actor,
              rt.protector,
              rt.config.security.webhooks,
              request.body.url,
              request.body.secret,
              rt.clock(),
            ),
          ),
        ),
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['checks'],
        summary: '我的推送地址及投递情况',
        response: { 200: Type.Array(WebhookSchema) },
      },
    },
    async (request) => listWebhooks(rt.db, request.actor),
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['checks'],
        summary: '停用推送地址',
        params: WebhookParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await inTransaction(rt.db, (tx) => disableWebhook(tx, request.actor, request.params.id, rt.clock()));
      return reply.status(204).send(null);
    },
  );
};

function measureView(m: MeasureVersion) {
  return {
    code: m.code,
    version: m.version,
    spec: m.spec as unknown as Record<string, unknown>,
    basisConfirmed: m.basisConfirmed,
    basisDecision: m.basisDecision,
  };
}
