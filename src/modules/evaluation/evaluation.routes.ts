import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Runtime } from '../../runtime.js';
import {
  CreateModelBody,
  DistributionQuery,
  DistributionSchema,
  GradeQuery,
  HistoryQuery,
  HistorySchema,
  ModelParams,
  ModelSchema,
  RunSchema,
  RunsQuery,
  SubjectGradeSchema,
  SubjectParams,
} from './evaluation.schemas.js';
import { createModelVersion, ensureShippedModels, getModel, listModels } from './evaluation-model.service.js';
import type { EvaluationModelDefinition } from './evaluation-model.types.js';
import { gradeDistribution, listRuns, readGradeHistory, readSubjectGrade } from './subject-grade.service.js';

/**
 * Public credit evaluation (公共信用综合评价) under /api/v1/evaluation: the published models, administrators'
 * model versions, a subject's grade with its explanation (the subject itself, regulators, the credit centre),
 * grade history, distributions and runs for dashboards.
 */
export const evaluationRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/evaluation/models',
    {
      schema: {
        tags: ['evaluation'],
        summary: '评价模型（公开：指标、分值、等级划分）',
        response: { 200: Type.Array(ModelSchema) },
      },
    },
    async (request) => {
      await ensureShippedModels(rt.db, rt.clock());
      return listModels(rt.db, request.actor);
    },
  );

  app.get(
    '/evaluation/models/:id',
    {
      schema: {
        tags: ['evaluation'],
        summary: '评价模型版本',
        params: ModelParams,
        response: { 200: ModelSchema },
      },
    },
    async (request) => {
      await ensureShippedModels(rt.db, rt.clock());
      return getModel(rt.db, request.actor, request.params.id);
    },
  );

  app.post(
    '/evaluation/models',
    {
      schema: {
        tags: ['evaluation'],
        summary: '新增评价模型版本（信用中心）',
        body: CreateModelBody,
        response: { 201: ModelSchema },
      },
    },
    async (request, reply) => {
      await ensureShippedModels(rt.db, rt.clock());
      const model = await inTransaction(rt.db, (tx) =>
        createModelVersion(
          tx,
          request.actor,
          request.body.definition as EvaluationModelDefinition,
          { makeDefault: request.body.makeDefault === true },
          rt.clock(),
        ),
      );
      return reply.status(201).send(model);
    },
  );

  app.get(
    '/evaluation/subjects/:subject',
    {
      schema: {
        tags: ['evaluation'],
        summary: '主体评价等级及得分说明（各指标得分与依据记录）',
        params: SubjectParams,
        querystring: GradeQuery,
        response: { 200: SubjectGradeSchema },
      },
    },
    async (request) => readSubjectGrade(rt, request.actor, request.params.subject, request.query),
  );

  app.get(
    '/evaluation/subjects/:subject/history',
    {
      schema: {
        tags: ['evaluation'],
        summary: '主体评价历史',
        params: SubjectParams,
        querystring: HistoryQuery,
        response: { 200: HistorySchema },
      },
    },
    async (request) => readGradeHistory(rt, request.actor, request.params.subject, request.query),
  );

  app.get(
    '/evaluation/distribution',
    {
      schema: {
        tags: ['evaluation'],
        summary: '评价等级分布（可按行政区划）',
        querystring: DistributionQuery,
        response: { 200: DistributionSchema },
      },
    },
    async (request) => gradeDistribution(rt, request.actor, request.query),
  );

  app.get(
    '/evaluation/runs',
    {
      schema: {
        tags: ['evaluation'],
        summary: '评价批次',
        querystring: RunsQuery,
        response: { 200: Type.Array(RunSchema) },
      },
    },
    async (request) => listRuns(rt.db, request.actor, request.query),
  );
};
