import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { assertCleanText } from '../../platform/http/input-guard.js';
import { IdParam } from '../../platform/http/schema.js';
import { multipartOptions, UPLOAD_LIMITS } from '../../platform/http/upload-limits.js';
import type { Runtime } from '../../runtime.js';
import {
  BatchAccepted,
  BatchListQuery,
  BatchView,
  IssueQuery,
  IssueView,
  JsonBatchBody,
  UploadQuery,
} from './batch.schemas.js';
import { batchIssues, getBatchView, issuesToCsv, listBatchViews } from './batch.service.js';
import { type IngestSummary, ingest } from './ingest.service.js';
import { newUploadPath } from './upload-files.js';

/** Collection API: file uploads (multipart) and JSON pushes, batch status, row issues as JSON or CSV. */
export const batchRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  await app.register(multipart, multipartOptions());

  app.post(
    '/batches',
    {
      schema: {
        tags: ['collection'],
        summary: '报送数据：上传文件（multipart：file, item, provider, profile, dryRun）或推送 JSON 行',
        querystring: UploadQuery,
        // JSON pushes are validated by schema; multipart uploads field by field below.
        body: { content: { 'application/json': { schema: JsonBatchBody } } },
        response: { 201: BatchView, 202: BatchAccepted },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (!request.isMultipart()) {
        const body = request.body as {
          item: string;
          provider?: string;
          profile?: string;
          dryRun?: boolean;
          rows: unknown[];
        };
        const summary = await ingest(rt, {
          actor,
          item: body.item,
          ...(body.provider === undefined ? {} : { provider: body.provider }),
          ...(body.profile === undefined ? {} : { profile: body.profile }),
          source: { kind: 'rows', rows: body.rows },
          origin: 'api',
          dryRun: body.dryRun === true,
        });
        return reply
          .status(201)
          .send(await getBatchView(rt.db, rt.protector, actor, summary.batchId, rt.clock()));
      }

      const fields: Record<string, string> = {};
      let upload: { path: string; fileName: string } | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (upload !== undefined) throw new AppError('bad_request', '每个批次只能上传一个文件');
            const target = newUploadPath(rt.config.dataDir, part.filename);
            await pipeline(part.file, fs.createWriteStream(target, { mode: 0o600 }));
            upload = { path: target, fileName: part.filename };
            if (part.file.truncated)
              throw new AppError('payload_too_large', `文件超过 ${UPLOAD_LIMITS.fileSize} 字节的上限`);
          } else if (typeof part.value === 'string') {
            fields[part.fieldname] = part.value;
          }
        }
        if (upload === undefined) throw new AppError('validation_failed', '上传内容中缺少名为 file 的文件');
        assertCleanText({ ...fields, filename: upload.fileName });
        const item = fields.item;
        if (item === undefined || item === '')
          throw new AppError('validation_failed', '缺少信息项（item）', {
            details: [{ field: 'item', code: 'required', message: '信息项为必填项' }],
          });
        const unknown = Object.keys(fields).filter(
          (k) => !['item', 'provider', 'profile', 'dryRun'].includes(k),
        );
        if (unknown.length > 0)
          throw new AppError('validation_failed', `无法识别的表单字段：${unknown.join('、')}`);
      } catch (e) {
        if (upload !== undefined) fs.rmSync(upload.path, { force: true });
        throw e;
      }

      const file = upload;
      let created!: (batch: { id: number; queued: boolean }) => void;
      const batchCreated = new Promise<{ id: number; queued: boolean }>((resolve) => {
        created = resolve;
      });
      const run: Promise<IngestSummary> = ingest(rt, {
        actor,
        item: fields.item ?? '',
        ...(fields.provider ? { provider: fields.provider } : {}),
        ...(fields.profile ? { profile: fields.profile } : {}),
        source: { kind: 'file', path: file.path, fileName: file.fileName },
        origin: 'file',
        dryRun: fields.dryRun === 'true' || fields.dryRun === '1',
        onBatchCreated: (id, queued) => created({ id, queued }),
      }).finally(() => fs.rmSync(file.path, { force: true }));

      if (request.query.wait === true) {
        const summary = await run;
        return reply
          .status(201)
          .send(await getBatchView(rt.db, rt.protector, actor, summary.batchId, rt.clock()));
      }
      run.catch((err: unknown) => request.log.error({ err }, 'background ingest failed'));
      const { id: batchId, queued } = await Promise.race([
        batchCreated,
        run.then((s) => ({ id: s.batchId, queued: false })),
      ]);
      return reply
        .status(202)
        .header('location', `/api/v1/batches/${batchId}`)
        .send({ batchId, status: queued ? 'queued' : 'applying', location: `/api/v1/batches/${batchId}` });
    },
  );

  app.get(
    '/batches',
    {
      schema: {
        tags: ['collection'],
        summary: '批次列表',
        querystring: BatchListQuery,
        response: { 200: Type.Array(BatchView) },
      },
    },
    async (request) =>
      listBatchViews(
        rt.db,
        rt.protector,
        request.actor,
        {
          ...(request.query.provider === undefined ? {} : { provider: request.query.provider }),
          limit: request.query.limit ?? 50,
          offset: request.query.offset ?? 0,
        },
        rt.clock(),
      ),
  );

  app.get(
    '/batches/:id',
    {
      schema: {
        tags: ['collection'],
        summary: '批次状态与计数',
        params: IdParam,
        response: { 200: BatchView },
      },
    },
    async (request) => getBatchView(rt.db, rt.protector, request.actor, request.params.id, rt.clock()),
  );

  app.get(
    '/batches/:id/issues',
    {
      schema: {
        tags: ['collection'],
        summary: '批次问题明细',
        params: IdParam,
        querystring: IssueQuery,
        response: { 200: Type.Array(IssueView) },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await batchIssues(rt.db, request.actor, request.params.id, {
        ...(q.severity === undefined ? {} : { severity: q.severity }),
        ...(q.code === undefined ? {} : { code: q.code }),
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
      return rows.map((r) => ({
        row: r.row,
        field: r.field,
        severity: r.severity,
        code: r.code,
        message: r.message,
        rawValue: r.raw_value,
      }));
    },
  );

  app.get(
    '/batches/:id/issues.csv',
    {
      schema: {
        tags: ['collection'],
        summary: '批次问题明细（CSV，UTF-8 BOM，Excel 可直接打开）',
        params: IdParam,
      },
    },
    async (request, reply) => {
      const rows = await batchIssues(rt.db, request.actor, request.params.id, {});
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="batch-${request.params.id}-issues.csv"`)
        .send(issuesToCsv(rows));
    },
  );
};
