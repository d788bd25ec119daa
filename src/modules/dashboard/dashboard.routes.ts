import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sharedAnswers } from '../../platform/http/shared-answer.js';
import type { Runtime } from '../../runtime.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import {
  ApplicationsStats,
  ChecksStats,
  CollectionStats,
  PeriodQuery,
  PortalOverview,
  QualityStats,
} from './dashboard.schemas.js';
import {
  applicationWorkload,
  assertDashboardReader,
  checksStats,
  collectionStats,
  portalOverview,
  qualityStats,
} from './dashboard.service.js';

/** How long one process shares an answer of the public overview (the figures lag writes by at most this). */
export const OVERVIEW_TTL_MS = 1000;

/**
 * Read-only aggregates: the portal's public headline figures, and the credit centre's monitoring of volume,
 * timeliness, quality and checks (docs/adr/0012-dashboard-read-model.md).
 */
export const dashboardRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  // The figures are tallies (a few rows, ADR 0012); the answer is still shared for OVERVIEW_TTL_MS within this
  // process, so a crowd of anonymous clients costs one read per interval, not one each.
  const overview = sharedAnswers<string, Awaited<ReturnType<typeof portalOverview>>>(OVERVIEW_TTL_MS, 2);
  app.get(
    '/dashboard/overview',
    {
      schema: {
        tags: ['dashboard'],
        summary: '门户概况：部署名称、主体数、公示记录数（公开）',
        response: { 200: PortalOverview },
      },
    },
    async () => {
      const now = rt.clock();
      return overview(shanghaiDate(now), () => portalOverview(rt.db, rt.config.region, now));
    },
  );

  app.get(
    '/dashboard/collection',
    {
      schema: {
        tags: ['dashboard'],
        summary: '归集监测：每日归集量、各单位报送及时率与拒收率（信用中心）',
        querystring: PeriodQuery,
        response: { 200: CollectionStats },
      },
    },
    async (request) => {
      assertDashboardReader(request.actor);
      return collectionStats(rt.db, rt.clock(), request.query.days ?? 30);
    },
  );

  app.get(
    '/dashboard/quality',
    {
      schema: {
        tags: ['dashboard'],
        summary: '数据质量：常见问题类型（信用中心）',
        querystring: PeriodQuery,
        response: { 200: QualityStats },
      },
    },
    async (request) => {
      assertDashboardReader(request.actor);
      return qualityStats(rt.db, rt.clock(), request.query.days ?? 30);
    },
  );

  app.get(
    '/dashboard/checks',
    {
      schema: {
        tags: ['dashboard'],
        summary: '信用核查：各业务场景核查量（信用中心）',
        querystring: PeriodQuery,
        response: { 200: ChecksStats },
      },
    },
    async (request) => {
      assertDashboardReader(request.actor);
      return checksStats(rt.db, rt.clock(), request.query.days ?? 30);
    },
  );

  app.get(
    '/dashboard/applications',
    {
      schema: {
        tags: ['dashboard'],
        summary: '异议与信用修复办理：在办、即将到期、已超期（按法定工作日，信用中心）',
        response: { 200: ApplicationsStats },
      },
    },
    async (request) => {
      assertDashboardReader(request.actor);
      return applicationWorkload(rt.db, rt.calendar, rt.clock());
    },
  );
};
