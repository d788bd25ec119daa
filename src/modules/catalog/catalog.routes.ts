import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Runtime } from '../../runtime.js';
import { authorize } from '../access/policy.js';
import {
  CatalogItemDetail,
  CatalogItemSpecSchema,
  CatalogItemSummary,
  ItemParams,
} from './catalog.schemas.js';
import { getCurrentItem, listCurrentItems, listItemVersions, saveLocalItem } from './catalog.service.js';
import type { CatalogItemSpec } from './catalog.types.js';
import { buildTemplateCsv, buildTemplateXlsx } from './template.service.js';

/** Catalog (公共信用信息目录): browse items, download fill-in templates, add local supplementary items. */
export const catalogRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/catalog',
    {
      schema: {
        tags: ['catalog'],
        summary: '目录信息项列表',
        response: { 200: Type.Array(CatalogItemSummary) },
      },
    },
    async (request) => {
      authorize(request.actor, 'catalog.read');
      return (await listCurrentItems(rt.db))
        .filter((v) => v.status === 'active')
        .map((v) => ({
          code: v.code,
          name: v.spec.name,
          version: v.version,
          origin: v.origin,
          nationalClass: v.spec.nationalClass,
          polarity: v.spec.polarity,
          disclosure: v.spec.disclosure,
          list: v.spec.list ?? null,
          fieldCount: v.spec.fields.length,
          timelinessWorkingDays: v.spec.timelinessWorkingDays,
        }));
    },
  );

  app.get(
    '/catalog/:item',
    {
      schema: {
        tags: ['catalog'],
        summary: '信息项定义（当前版本及版本历史）',
        params: ItemParams,
        response: { 200: CatalogItemDetail },
      },
    },
    async (request) => {
      authorize(request.actor, 'catalog.read');
      const v = await getCurrentItem(rt.db, request.params.item);
      const versions = await listItemVersions(rt.db, v.code);
      return {
        code: v.code,
        version: v.version,
        origin: v.origin,
        status: v.status,
        createdAt: v.createdAt,
        specDigest: v.specDigest,
        spec: v.spec as never,
        versions: versions.map((x) => ({
          version: x.version,
          createdAt: x.createdAt,
          specDigest: x.specDigest,
        })),
      };
    },
  );

  app.post(
    '/catalog',
    {
      schema: {
        tags: ['catalog'],
        summary: '新增地方补充目录信息项或新版本',
        body: CatalogItemSpecSchema,
        response: { 201: CatalogItemDetail },
      },
    },
    async (request, reply) => {
      const saved = await inTransaction(rt.db, (tx) =>
        saveLocalItem(tx, request.actor, request.body as CatalogItemSpec, rt.clock()),
      );
      const versions = await listItemVersions(rt.db, saved.code);
      return reply.status(201).send({
        code: saved.code,
        version: saved.version,
        origin: saved.origin,
        status: saved.status,
        createdAt: saved.createdAt,
        specDigest: saved.specDigest,
        spec: saved.spec as never,
        versions: versions.map((x) => ({
          version: x.version,
          createdAt: x.createdAt,
          specDigest: x.specDigest,
        })),
      });
    },
  );

  app.get(
    '/catalog/:item/template.xlsx',
    { schema: { tags: ['catalog'], summary: '报送模板（XLSX）', params: ItemParams } },
    async (request, reply) => {
      authorize(request.actor, 'catalog.read');
      const v = await getCurrentItem(rt.db, request.params.item);
      const body = await buildTemplateXlsx(v.spec, v.version);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`${v.code}-v${v.version}-模板.xlsx`))
        .send(body);
    },
  );

  app.get(
    '/catalog/:item/template.csv',
    { schema: { tags: ['catalog'], summary: '报送模板（CSV，UTF-8 BOM）', params: ItemParams } },
    async (request, reply) => {
      authorize(request.actor, 'catalog.read');
      const v = await getCurrentItem(rt.db, request.params.item);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(`${v.code}-v${v.version}-模板.csv`))
        .send(buildTemplateCsv(v.spec));
    },
  );
};

/** RFC 6266 attachment header with an ASCII fallback and the UTF-8 file name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replaceAll('"', '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
