import { Type } from 'typebox';
import { DateString, Instant, Nullable, RowId, Strict, StringEnum } from '../../platform/http/schema.js';
import { EVIDENCE_TYPES } from './evidence.service.js';
import { OBJECTION_GROUNDS, OBJECTION_OUTCOMES } from './objection.service.js';

const EvidenceRef = Strict({
  digest: Type.String({
    pattern: '^[0-9a-f]{64}$',
    description: '已上传证明材料的 SM3 摘要（64 位小写十六进制）',
  }),
  type: StringEnum(EVIDENCE_TYPES),
});

export const ObjectionBody = Strict({
  recordId: RowId,
  grounds: StringEnum(OBJECTION_GROUNDS),
  statement: Type.String({ minLength: 5, maxLength: 4000 }),
  applicantName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  contact: Type.Optional(Type.String({ minLength: 5, maxLength: 100 })),
  evidence: Type.Optional(Type.Array(EvidenceRef, { maxItems: 20 })),
});

export const DecideObjectionBody = Strict({
  outcome: StringEnum(OBJECTION_OUTCOMES),
  reason: Type.String({ minLength: 2, maxLength: 2000 }),
  fields: Type.Optional(
    Type.Record(
      Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }),
      Type.Union([Type.String({ maxLength: 8000 }), Type.Number(), Type.Boolean(), Type.Null()]),
    ),
  ),
});

export const ReasonBody = Strict({ reason: Type.String({ minLength: 2, maxLength: 2000 }) });

export const RepairBody = Strict({
  recordId: RowId,
  statement: Type.String({ minLength: 5, maxLength: 4000 }),
  commitment: Type.Optional(Type.String({ maxLength: 4000 })),
  evidence: Type.Optional(Type.Array(EvidenceRef, { maxItems: 20 })),
});

export const SupplementBody = Strict({
  commitment: Type.Optional(Type.String({ maxLength: 4000 })),
  evidence: Type.Optional(Type.Array(EvidenceRef, { maxItems: 20 })),
});

export const DecideRepairBody = Strict({
  approve: Type.Boolean(),
  reason: Type.String({ minLength: 2, maxLength: 2000 }),
});

export const ApplicationView = Type.Object({
  no: Type.String(),
  kind: StringEnum(['objection', 'repair'] as const),
  subtype: Type.String(),
  recordId: Type.Integer(),
  subjectId: Type.Integer(),
  provider: Type.Integer(),
  applicantName: Type.String(),
  statement: Type.String(),
  commitment: Nullable(Type.String()),
  status: StringEnum(['submitted', 'returned', 'accepted', 'extended', 'decided', 'refused'] as const),
  outcome: Nullable(Type.String()),
  outcomeReason: Nullable(Type.String()),
  resultRecordId: Nullable(Type.Integer()),
  missing: Nullable(Type.Array(Type.String())),
  eligibility: Nullable(Type.Record(Type.String(), Type.Unknown())),
  filedOn: DateString,
  dueOn: Nullable(DateString),
  deadlineRule: Nullable(Type.String()),
  extensionReason: Nullable(Type.String()),
  duePending: Nullable(Type.String({ description: '截止日待定的原因，如“2027 年法定节假日安排尚未发布”' })),
  workingDaysLeft: Nullable(Type.Integer()),
  overdue: Type.Boolean(),
  events: Type.Array(
    Type.Object({
      at: Instant,
      actor: Type.String(),
      from: Nullable(Type.String()),
      to: Type.String(),
      note: Nullable(Type.String()),
    }),
  ),
  evidence: Type.Array(Type.Object({ digest: Type.String(), type: Type.String() })),
});

export const ApplicationListQuery = Strict({
  status: Type.Optional(
    StringEnum(['submitted', 'returned', 'accepted', 'extended', 'decided', 'refused'] as const),
  ),
  overdue: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const NoParams = Strict({
  no: Type.String({
    pattern: '^(YY|XF)\\d{8}[0-9A-F]{10}$',
    description: '申请编号（异议 YY、信用修复 XF 开头），如 YY20260301A1B2C3D4E5',
  }),
});

export const ProgressView = Type.Object({
  no: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  filedOn: DateString,
  dueOn: Nullable(DateString),
  steps: Type.Array(Type.Object({ at: Instant, status: Type.String() })),
});

export const CommitmentBody = Strict({
  subjectId: RowId,
  type: Type.String({ minLength: 2, maxLength: 50 }),
  reason: Type.String({ minLength: 2, maxLength: 1000 }),
  text: Type.String({ minLength: 10, maxLength: 8000 }),
  acceptingUnit: Type.String({
    pattern: '^[a-z0-9][a-z0-9-]{1,39}$',
    description: '受理单位代码（小写字母、数字或连字符），如 zj-nb-amr',
  }),
  matter: Type.Optional(Type.String({ maxLength: 500 })),
  validFrom: Type.Optional(DateString),
  validTo: Type.Optional(DateString),
});

export const FulfilmentBody = Strict({
  status: StringEnum(['kept', 'breached'] as const),
  note: Type.String({ minLength: 2, maxLength: 2000 }),
});

export const RecordIdParams = Strict({ recordId: RowId });

export const EvidenceParams = Strict({ digest: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
