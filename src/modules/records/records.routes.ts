import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Runtime } from '../../runtime.js';
import { authorize } from '../access/policy.js';
import { searchSubjects } from '../subjects/search-subjects.service.js';
import { correctRecord, removeListEntry, revokeRecord } from './change-record.service.js';
import { getCreditFile } from './credit-file.service.js';
import { latestPublicRecords } from './publicity-feed.service.js';
import { getRecordDetail } from './record-detail.service.js';
import {
  ChangeResult,
  CorrectionBody,
  CreditFileSchema,
  FeedEntrySchema,
  FeedQuery,
  FileQuery,
  RecordDetailSchema,
  RecordParams,
  RevocationBody,
  SearchQuery,
  SearchResultSchema,
  SubjectParams,
} from './records.schemas.js';

/** Subject search, credit files by reader, record detail with publicity, corrections and revocations. */
export const recordsRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/subjects',
    {
      schema: {
        tags: ['credit files'],
        summary: '信用主体检索（名称、统一社会信用代码、注册号、组织机构代码）',
        querystring: SearchQuery,
        response: { 200: SearchResultSchema },
      },
    },
    async (request) => {
      authorize(request.actor, 'subject.search');
      return searchSubjects(rt.db, request.query.q, {
        limit: request.query.limit ?? 20,
        offset: request.query.offset ?? 0,
      });
    },
  );

  app.get(
    '/subjects/:subject',
    {
      schema: {
        tags: ['credit files'],
        summary: '信用档案（按读者视图；asOf 查看某日公示情况）',
        params: SubjectParams,
        querystring: FileQuery,
        response: { 200: CreditFileSchema },
      },
    },
    async (request) => getCreditFile(rt, request.actor, request.params.subject, request.query),
  );

  app.get(
    '/subjects/:subject/records',
    {
      schema: {
        tags: ['credit files'],
        summary: '信用记录（可按信息项筛选）',
        params: SubjectParams,
        querystring: FileQuery,
        response: { 200: CreditFileSchema },
      },
    },
    async (request) => getCreditFile(rt, request.actor, request.params.subject, request.query),
  );

  app.get(
    '/publicity/latest',
    {
      schema: {
        tags: ['credit files'],
        summary: '最新公示（双公示、红黑名单栏目）',
        querystring: FeedQuery,
        response: { 200: Type.Array(FeedEntrySchema) },
      },
    },
    async (request) => {
      authorize(request.actor, 'record.read_public');
      return latestPublicRecords(rt.db, request.query.item, request.query.limit ?? 10, rt.clock());
    },
  );

  app.get(
    '/records/:id',
    {
      schema: {
        tags: ['credit files'],
        summary: '记录详情、公示期计算与版本历史',
        params: RecordParams,
        response: { 200: RecordDetailSchema },
      },
    },
    async (request) => getRecordDetail(rt, request.actor, request.params.id),
  );

  app.patch(
    '/records/:id',
    {
      schema: {
        tags: ['credit files'],
        summary: '更正记录（生成新版本）',
        params: RecordParams,
        body: CorrectionBody,
        response: { 200: ChangeResult },
      },
    },
    async (request) =>
      inTransaction(rt.db, (tx) =>
        correctRecord(
          tx,
          rt,
          request.actor,
          request.params.id,
          { fields: request.body.fields, reason: request.body.reason },
          rt.clock(),
        ),
      ),
  );

  app.post(
    '/records/:id/revoke',
    {
      schema: {
        tags: ['credit files'],
        summary: '撤销记录（行政处罚法第四十八条：三日内撤回并说明理由）',
        params: RecordParams,
        body: RevocationBody,
        response: { 200: ChangeResult },
      },
    },
    async (request) => {
      const id = await inTransaction(rt.db, (tx) =>
        revokeRecord(tx, request.actor, request.params.id, request.body.reason, rt.clock()),
      );
      return { id, changed: ['status'] };
    },
  );

  app.post(
    '/records/:id/remove',
    {
      schema: {
        tags: ['credit files'],
        summary: '移出名单（生成新版本，不删除）',
        params: RecordParams,
        body: RevocationBody,
        response: { 200: ChangeResult },
      },
    },
    async (request) => {
      const id = await inTransaction(rt.db, (tx) =>
        removeListEntry(tx, request.actor, request.params.id, request.body.reason, rt.clock()),
      );
      return { id, changed: ['status'] };
    },
  );
};
