import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import { sharedAnswers } from '../../platform/http/shared-answer.js';
import type { Runtime } from '../../runtime.js';
import { ensureShippedModels } from '../evaluation/evaluation-model.service.js';
import {
  drawPopulation,
  drawStatistics,
  getDraw,
  listDraws,
  performDraw,
  verifyDraw,
} from './inspection-draw.service.js';
import { createPlan, getPlan, listPlans } from './inspection-plan.service.js';
import { recordInspectionResults } from './inspection-results.service.js';
import {
  DrawBody,
  DrawParams,
  DrawStatsSchema,
  DrawSummarySchema,
  DrawsQuery,
  DrawViewSchema,
  PlanBody,
  PlanParams,
  PlanSchema,
  PlansQuery,
  PopulationSchema,
  ResultsBody,
  ResultsOutcomeSchema,
  VerificationSchema,
} from './supervision.schemas.js';

/** How long one process shares the re-run of a published draw (milliseconds). */
export const VERIFY_TTL_MS = 60_000;

/**
 * Tiered supervision (分级分类监管) under /api/v1/inspections: random-inspection plans and draws weighted by
 * grade (双随机), published draws anyone can re-run (一公开), results entered as 行政检查 records, statistics.
 */
export const supervisionRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  // re-running a published draw reads its whole population: anyone may ask, so one re-run per draw and interval
  // serves everyone (a change to stored rows shows within VERIFY_TTL_MS)
  const verification = sharedAnswers<string, Awaited<ReturnType<typeof verifyDraw>>>(VERIFY_TTL_MS, 256);
  app.post(
    '/inspections/plans',
    {
      schema: {
        tags: ['inspections'],
        summary: '新建双随机抽查计划',
        body: PlanBody,
        response: { 201: PlanSchema },
      },
    },
    async (request, reply) => {
      await ensureShippedModels(rt.db, rt.clock());
      const plan = await inTransaction(rt.db, (tx) =>
        createPlan(tx, request.actor, request.body, rt.clock()),
      );
      return reply.status(201).send(plan);
    },
  );

  app.get(
    '/inspections/plans',
    {
      schema: {
        tags: ['inspections'],
        summary: '抽查计划',
        querystring: PlansQuery,
        response: { 200: Type.Array(PlanSchema) },
      },
    },
    async (request) => listPlans(rt.db, request.actor, request.query),
  );

  app.get(
    '/inspections/plans/:id',
    {
      schema: {
        tags: ['inspections'],
        summary: '抽查计划详情',
        params: PlanParams,
        response: { 200: PlanSchema },
      },
    },
    async (request) => getPlan(rt.db, request.actor, request.params.id),
  );

  app.post(
    '/inspections/plans/:id/draws',
    {
      schema: {
        tags: ['inspections'],
        summary: '抽取检查对象和检查人员（按公开随机数，可复现）',
        params: PlanParams,
        body: DrawBody,
        response: { 201: DrawViewSchema },
      },
    },
    async (request, reply) => {
      const draw = await inTransaction(rt.db, (tx) =>
        performDraw(tx, request.actor, request.params.id, request.body, rt.clock()),
      );
      return reply.status(201).send(draw);
    },
  );

  app.get(
    '/inspections/draws',
    {
      schema: {
        tags: ['inspections'],
        summary: '已公开的抽取结果',
        querystring: DrawsQuery,
        response: { 200: Type.Array(DrawSummarySchema) },
      },
    },
    async (request) => listDraws(rt.db, request.actor, request.query),
  );

  app.get(
    '/inspections/plans/:id/draws/:drawId',
    {
      schema: {
        tags: ['inspections'],
        summary: '抽取结果公示（种子输入、抽中主体、检查人员、检查结果）',
        params: DrawParams,
        response: { 200: DrawViewSchema },
      },
    },
    async (request) => getDraw(rt.db, request.actor, request.params.id, request.params.drawId),
  );

  app.get(
    '/inspections/plans/:id/draws/:drawId/verify',
    {
      schema: {
        tags: ['inspections'],
        summary: '按公开输入复核抽取结果',
        params: DrawParams,
        response: { 200: VerificationSchema },
      },
    },
    async (request) => {
      const { id, drawId } = request.params;
      return verification(`${id}/${drawId}`, () => verifyDraw(rt.db, request.actor, drawId, id));
    },
  );

  app.get(
    '/inspections/plans/:id/draws/:drawId/stats',
    {
      schema: {
        tags: ['inspections'],
        summary: '抽取统计（按等级）',
        params: DrawParams,
        response: { 200: DrawStatsSchema },
      },
    },
    async (request) => drawStatistics(rt.db, request.actor, request.params.id, request.params.drawId),
  );

  app.get(
    '/inspections/plans/:id/draws/:drawId/population',
    {
      schema: {
        tags: ['inspections'],
        summary: '抽取时的检查对象名录（含等级分层）',
        params: DrawParams,
        response: { 200: PopulationSchema },
      },
    },
    async (request) => drawPopulation(rt.db, request.actor, request.params.id, request.params.drawId),
  );

  app.post(
    '/inspections/plans/:id/draws/:drawId/results',
    {
      schema: {
        tags: ['inspections'],
        summary: '录入检查结果（生成行政检查记录）',
        params: DrawParams,
        body: ResultsBody,
        response: { 200: ResultsOutcomeSchema },
      },
    },
    async (request) =>
      recordInspectionResults(
        rt,
        request.actor,
        request.params.id,
        request.params.drawId,
        request.body.results,
      ),
  );
};
