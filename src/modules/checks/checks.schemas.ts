import { Type } from 'typebox';
import { Instant, Nullable, RowId, Strict, StringEnum } from '../../platform/http/schema.js';

/**
 * One subject: exactly one of uscc, ric, name. An object with one property rather than a union of three, so that a
 * bad value gets one error naming its field (a union reports every branch).
 */
export const CheckQuerySchema = Type.Object(
  {
    uscc: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '统一社会信用代码' })),
    ric: Type.Optional(
      Type.String({ minLength: 15, maxLength: 20, description: '公民身份号码（自然人，须取得授权）' }),
    ),
    name: Type.Optional(
      Type.String({ minLength: 2, maxLength: 200, description: '名称（仅凭名称时列出候选主体）' }),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    description: 'uscc、ric、name 三者给且只给一个',
  },
);

/** Request headers of `POST /checks`: other headers pass (this object lists the one the route reads). */
export const CheckHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[\\x21-\\x7e]+$',
      description: '幂等键：重试同一请求时带上同一个值（1–100 个可见 ASCII 字符）',
    }),
  ),
});

export const CheckBody = Strict({
  scenario: Type.String({
    pattern: '^[a-z][a-z0-9_]{1,39}$',
    description: '场景代码（小写字母、数字或下划线），如 procurement（政府采购）',
  }),
  subjects: Type.Array(CheckQuerySchema, { minItems: 1, maxItems: 1000 }),
  asOf: Type.Optional(Type.String({ format: 'date-time', description: 're-run as of an earlier instant' })),
});

const TriggerHitSchema = Type.Object({
  recordId: Type.Integer(),
  version: Type.Integer(),
  item: Type.String(),
  itemName: Type.String(),
  documentNumber: Nullable(Type.String()),
  decisionDate: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  provider: Type.String(),
});

const AppliedMeasureSchema = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  effect: StringEnum(['bar', 'restrict', 'incentive'] as const),
  legalBasis: Type.String(),
  implementingBody: Type.String(),
  basisConfirmed: Type.Boolean({
    description: '法律依据是否已经管理员确认；未确认的禁止类措施只作提示（需人工核实法律依据），不作禁止结论',
  }),
  nationalListEntry: Nullable(
    Type.String({ description: '所实施的全国失信惩戒措施基础清单（2024年版）条目' }),
  ),
  triggeredBy: Type.Array(Type.Integer()),
});

export const CheckResultSchema = Type.Object({
  index: Type.Integer(),
  query: Type.Record(Type.String(), Type.String()),
  subject: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), uscc: Nullable(Type.String()) })),
  verdict: StringEnum([
    'clear',
    'incentive',
    'restricted',
    'prompt',
    'barred',
    'ambiguous',
    'not_found',
    'not_authorised',
  ] as const),
  triggers: Type.Array(TriggerHitSchema),
  measures: Type.Array(AppliedMeasureSchema),
  candidates: Type.Array(
    Type.Object({
      subjectId: Type.Integer(),
      name: Type.String(),
      uscc: Nullable(Type.String()),
      explanation: Type.String(),
    }),
  ),
  note: Nullable(Type.String()),
});

export const CheckPayloadSchema = Type.Object({
  checkNo: Type.String(),
  scenario: Type.Object({ code: Type.String(), name: Type.String() }),
  asOf: Instant,
  asOfDate: Type.String(),
  checkedAt: Instant,
  requestedBy: Type.String(),
  organization: Nullable(Type.String()),
  dataVersion: Type.Object({ auditSeq: Type.Integer(), auditHash: Type.String() }),
  measureVersions: Type.Record(Type.String(), Type.Integer()),
  itemVersions: Type.Record(Type.String(), Type.Integer()),
  results: Type.Array(CheckResultSchema),
});

export const CheckReceiptSchema = Type.Object({
  payload: CheckPayloadSchema,
  digest: Type.String({ description: 'SM3 of the canonical JSON of payload' }),
  signature: Type.String({ description: 'Ed25519 signature over the digest bytes, base64' }),
  keyId: Type.String(),
  algorithm: Type.Literal('ed25519'),
});

export const CheckVerificationSchema = Type.Object({
  checkNo: Type.String(),
  valid: Type.Boolean(),
  digestMatches: Type.Boolean(),
  signatureValid: Type.Boolean(),
  scenario: Type.String(),
  checkedAt: Instant,
  subjectCount: Type.Integer(),
  digest: Type.String({ description: 'SM3（回执 payload 的规范化 JSON）' }),
  signature: Type.String(),
  keyId: Type.String(),
  algorithm: Type.Literal('ed25519'),
  receipt: Nullable(CheckReceiptSchema),
});

export const ReceiptCompareBody = Strict(
  {
    payload: Type.Object(
      { checkNo: Type.String() },
      { additionalProperties: true, description: '所持回执的 payload' },
    ),
    digest: Type.Optional(Type.String({ maxLength: 200 })),
    signature: Type.Optional(Type.String({ maxLength: 400 })),
    keyId: Type.Optional(Type.String({ maxLength: 200 })),
    algorithm: Type.Optional(Type.String({ maxLength: 40 })),
  },
  {
    description:
      '所持回执：可提交整份回执（payload、digest、signature …），也可只提交 payload；提交了摘要或签名的，须与存档一致',
  },
);

export const ReceiptComparisonSchema = Type.Object({
  checkNo: Type.String(),
  valid: Type.Boolean(),
  presentedDigest: Type.String(),
  storedDigest: Type.String(),
  signatureValid: Type.Boolean(),
});

/** A check number as printed on receipts (HC + date + 12 hex digits); typed in lower case it is accepted as well. */
export const CheckNoParams = Strict({
  no: Type.String({
    pattern: '^[Hh][Cc]\\d{8}[0-9A-Fa-f]{12}$',
    description: '核查编号，如 HC20260301A1B2C3D4E5F6',
  }),
});

export const FeedbackBody = Strict({
  items: Type.Array(
    Strict({
      index: Type.Integer({ minimum: 0 }),
      measure: Type.String({
        pattern: '^[A-Z][A-Z0-9_]{1,39}$',
        description: '措施代码（大写字母、数字或下划线），如 PROC_BAR_DEFAULTER',
      }),
      applied: Type.Boolean(),
      outcome: Type.Optional(Type.String({ maxLength: 500 })),
      note: Type.Optional(Type.String({ maxLength: 1000 })),
    }),
    { minItems: 1, maxItems: 1000 },
  ),
});

export const StatsSchema = Type.Object({
  byScenario: Type.Array(
    Type.Object({
      scenario: Type.String(),
      checks: Type.Integer(),
      subjects: Type.Integer(),
      barred: Type.Integer(),
      prompt: Type.Integer({ description: '提示：适用禁止类措施但其法律依据尚未确认，需人工核实' }),
      restricted: Type.Integer(),
      incentive: Type.Integer(),
      clear: Type.Integer(),
      unresolved: Type.Integer({ description: '未找到主体或名称未唯一确定主体，无结论' }),
      notAuthorised: Type.Integer({ description: '未取得信息主体授权' }),
    }),
  ),
  byMeasure: Type.Array(
    Type.Object({
      measure: Type.String(),
      triggered: Type.Integer(),
      applied: Type.Integer(),
      notApplied: Type.Integer(),
    }),
  ),
});

export const WatchParams = Strict({ subject: Type.String({ minLength: 1, maxLength: 40 }) });

export const NotificationQuery = Strict({
  unread: Type.Optional(Type.Boolean()),
  afterId: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  beforeId: Type.Optional(RowId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const NotificationSchema = Type.Object({
  id: Type.Integer(),
  subjectId: Nullable(Type.Integer()),
  kind: Type.String(),
  recordId: Nullable(Type.Integer()),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Instant,
  readAt: Nullable(Instant),
});

export const MarkReadBody = Strict({
  ids: Type.Array(RowId, { minItems: 1, maxItems: 500 }),
});

export const WebhookBody = Strict({
  url: Type.String({
    pattern: '^https?://',
    maxLength: 500,
    description: '以 http:// 或 https:// 开头的推送地址',
  }),
  secret: Type.String({
    minLength: 16,
    maxLength: 200,
    description: '签名密钥：至少 16 个字符，其中至少 8 个不同的非空白字符，首尾不能是空白；注册后不再显示',
  }),
});

export const WebhookParams = Strict({ id: RowId });

export const WebhookSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  createdAt: Instant,
  disabledAt: Nullable(Instant),
  delivered: Type.Integer(),
  pending: Type.Integer(),
  failed: Type.Integer(),
  lastError: Nullable(Type.String()),
});

export const MeasureViewSchema = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  spec: Type.Record(Type.String(), Type.Unknown()),
  basisConfirmed: Type.Boolean({ description: '法律依据已确认（已确认 / 待确认）' }),
  basisDecision: Nullable(
    Type.Object({
      confirmed: Type.Boolean(),
      note: Nullable(Type.String()),
      decidedBy: Type.String(),
      decidedAt: Instant,
    }),
  ),
});

export const MeasureCodeParams = Type.Object(
  { code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,39}$', description: '措施代码' }) },
  { additionalProperties: false },
);

export const MeasureBasisBody = Strict({
  confirmed: Type.Boolean({ description: 'true 确认法律依据；false 撤回确认' }),
  note: Type.Optional(Type.String({ maxLength: 1000, description: '核实说明；撤回时必填' })),
});
