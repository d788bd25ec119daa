import { Type } from 'typebox';
import { DateString, Strict } from '../../platform/http/schema.js';

/** Public headline figures and the deployment's name (portal header and home page). */
export const PortalOverview = Type.Object({
  siteName: Type.String({ description: '门户名称，如 信用陕西（由部署地区 XINYONG_REGION 得出）' }),
  platformName: Type.String({ description: '平台名称，如 公共信用信息服务平台' }),
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  asOf: DateString,
  subjects: Type.Object({
    total: Type.Integer(),
    legalEntity: Type.Integer(),
    individualBusiness: Type.Integer(),
    naturalPerson: Type.Integer(),
  }),
  providers: Type.Integer({ description: '在用信息提供单位数' }),
  publicRecords: Type.Object({
    total: Type.Integer({ description: '当前处于公示期的记录数' }),
    byItem: Type.Array(Type.Object({ item: Type.String(), name: Type.String(), count: Type.Integer() })),
  }),
});

export const PeriodQuery = Strict({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30, description: '统计最近多少天' })),
});

const ProviderRef = Type.Object({ code: Type.String(), name: Type.String() });

export const CollectionStats = Type.Object({
  from: DateString,
  to: DateString,
  days: Type.Array(Type.Object({ date: DateString, received: Type.Integer(), late: Type.Integer() }), {
    description: '每日归集（首版记录），含逾期报送数',
  }),
  providers: Type.Array(
    Type.Object({
      provider: ProviderRef,
      received: Type.Integer(),
      late: Type.Integer(),
      timelyShare: Type.Union([Type.Number(), Type.Null()], {
        description: '7 个工作日内报送的比例（record.late）；无记录时为 null',
      }),
      batches: Type.Integer(),
      rowsRead: Type.Integer(),
      rowsRejected: Type.Integer(),
      rejectionRate: Type.Union([Type.Number(), Type.Null()], { description: '拒收行数 / 读取行数' }),
    }),
  ),
});

export const QualityStats = Type.Object({
  from: DateString,
  to: DateString,
  topIssues: Type.Array(Type.Object({ code: Type.String(), severity: Type.String(), count: Type.Integer() })),
});

export const ChecksStats = Type.Object({
  from: DateString,
  to: DateString,
  scenarios: Type.Array(
    Type.Object({
      scenario: Type.String(),
      name: Type.String({ description: '业务场景名称' }),
      runs: Type.Integer({ description: '核查次数' }),
      subjects: Type.Integer({ description: '核查主体数' }),
    }),
  ),
});

const Workload = Type.Object({
  open: Type.Integer({ description: '在办（已提交、退回补正、已受理、已延期）' }),
  dueSoon: Type.Integer({ description: '即将到期（剩余工作日不超过 dueSoonWorkingDays，未超期）' }),
  overdue: Type.Integer({ description: '已超过办理时限' }),
  undated: Type.Integer({ description: '暂无截止日（当年放假安排尚未发布）' }),
  byStatus: Type.Record(Type.String(), Type.Integer(), { description: '在办申请按状态计数' }),
});

export const ApplicationsStats = Type.Object({
  asOf: DateString,
  dueSoonWorkingDays: Type.Integer(),
  objections: Workload,
  repairs: Workload,
});
