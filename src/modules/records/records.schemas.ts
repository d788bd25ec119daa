import { Type } from 'typebox';
import { DateString, Instant, Nullable, RowId, Strict, StringEnum } from '../../platform/http/schema.js';

export const SubjectViewSchema = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(['legal_entity', 'individual_business', 'natural_person'] as const),
  uscc: Nullable(Type.String()),
  name: Type.String({ description: 'natural persons: masked' }),
  idNumber: Nullable(
    Type.String({ description: 'masked; only in the subject’s own and the credit centre’s views' }),
  ),
  regStatus: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
});

export const FieldViewSchema = Type.Object({
  code: Type.String(),
  label: Type.String(),
  value: Type.Union([Type.String(), Type.Boolean(), Type.Null()]),
  text: Nullable(Type.String()),
});

export const RecordViewSchema = Type.Object({
  id: Type.Integer(),
  item: Type.Object({ code: Type.String(), name: Type.String(), version: Type.Integer() }),
  nationalClass: Type.String(),
  provider: Type.Object({ code: Type.String(), name: Type.String() }),
  version: Type.Integer(),
  status: StringEnum(['active', 'revoked', 'repaired', 'removed'] as const),
  decisionDate: Nullable(DateString),
  effectiveFrom: Nullable(DateString),
  effectiveTo: Nullable(DateString),
  fields: Type.Array(FieldViewSchema),
  publicity: Type.Object({
    published: Type.Boolean(),
    severity: Nullable(StringEnum(['minor', 'general', 'serious'] as const)),
    start: Nullable(DateString),
    end: Nullable(DateString),
    lastDay: Nullable(
      Type.String({
        description: '公示期最后一天 (end − 1 day; end is exclusive)',
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      }),
    ),
    earliestRepair: Nullable(DateString),
    rule: Nullable(Type.String()),
    endedOn: Nullable(DateString),
    visibleToPublic: Type.Boolean(),
  }),
  objection: StringEnum(['none', 'under_objection'] as const),
  change: Type.Object({ kind: Type.String(), reason: Nullable(Type.String()), at: Instant }),
  provenance: Nullable(
    Type.Object({
      batchId: Nullable(Type.Integer()),
      row: Nullable(Type.Integer()),
      receivedAt: Instant,
      late: Type.Boolean(),
      quality: Type.Array(Type.String()),
    }),
  ),
});

export const CreditFileSchema = Type.Object({
  subject: SubjectViewSchema,
  view: StringEnum(['public', 'authorised', 'provider', 'subject', 'full'] as const),
  asOf: DateString,
  groups: Type.Array(
    Type.Object({
      nationalClass: Type.String(),
      label: Type.String(),
      records: Type.Array(RecordViewSchema),
    }),
  ),
  total: Type.Integer(),
});

export const PublicityExplanationSchema = Type.Object({
  severity: Nullable(Type.String()),
  published: Type.Boolean(),
  start: Nullable(DateString),
  end: Nullable(DateString),
  earliestRepair: Nullable(DateString),
  ruleSetId: Nullable(Type.String()),
  citation: Nullable(Type.String()),
  steps: Type.Array(Type.String()),
});

export const RecordDetailSchema = Type.Object({
  record: RecordViewSchema,
  subject: SubjectViewSchema,
  view: Type.String(),
  publicity: PublicityExplanationSchema,
  history: Type.Array(RecordViewSchema),
});

export const SearchQuery = Strict({
  q: Type.String({ minLength: 1, maxLength: 100 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 480, default: 0 })),
});

export const SearchResultSchema = Type.Object({
  query: Type.String(),
  by: StringEnum(['uscc', 'reg_no', 'org_code', 'name'] as const),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      uscc: Nullable(Type.String()),
      name: Type.String(),
      regStatus: Nullable(Type.String()),
      regionCode: Nullable(Type.String()),
      regionName: Nullable(Type.String()),
      match: StringEnum(['code', 'exact', 'prefix', 'contains'] as const),
    }),
  ),
  hasMore: Type.Boolean(),
});

export const SubjectParams = Strict({
  subject: Type.String({ minLength: 1, maxLength: 40, description: 'USCC or numeric subject id' }),
});

export const FileQuery = Strict({
  item: Type.Optional(
    Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{1,39}$', description: '信息项代码，如 XZCF' }),
  ),
  asOf: Type.Optional(DateString),
  purpose: Type.Optional(
    Type.String({ minLength: 2, maxLength: 200, description: 'why the file is read (access log)' }),
  ),
});

export const RecordParams = Strict({ id: RowId });

export const CorrectionBody = Strict({
  fields: Type.Record(
    Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }),
    Type.Union([Type.String({ maxLength: 8000 }), Type.Number(), Type.Boolean(), Type.Null()]),
  ),
  reason: Type.String({ minLength: 2, maxLength: 1000 }),
});

export const RevocationBody = Strict({ reason: Type.String({ minLength: 2, maxLength: 1000 }) });

export const ChangeResult = Type.Object({ id: Type.Integer(), changed: Type.Array(Type.String()) });

export const FeedQuery = Strict({
  item: StringEnum([
    'XZXK',
    'XZCF',
    'RED_LIST',
    'SERIOUS_LIST',
    'JUDGMENT_DEFAULTER',
    'ABNORMAL_LIST',
    'FOCUS_LIST',
  ] as const),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});

export const FeedEntrySchema = Type.Object({
  recordId: Type.Integer(),
  item: Type.String(),
  itemName: Type.String(),
  subject: Type.Object({ id: Type.Integer(), name: Type.String(), uscc: Nullable(Type.String()) }),
  documentNumber: Nullable(Type.String()),
  title: Nullable(Type.String()),
  decisionDate: Nullable(DateString),
  provider: Type.String(),
});
