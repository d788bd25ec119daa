import { Type } from 'typebox';
import {
  DateString,
  Instant,
  Multiplier,
  Nullable,
  RegionPrefix,
  RowId,
  Strict,
  StringEnum,
} from '../../platform/http/schema.js';

/** Points: a decimal with at most 2 places, e.g. `-20`, `1000`, `2.5`. */
const Points = Type.String({
  pattern: '^[+-]?\\d{1,9}(\\.\\d{1,2})?$',
  description: '分值，最多两位小数，如 -20 或 2.5',
});
const Kind = StringEnum(['legal_entity', 'individual_business', 'natural_person'] as const);

export const IndicatorSchema = Strict(
  {
    code: Type.String({
      pattern: '^[a-z][a-z0-9_]{0,63}$',
      description: '指标代码（小写字母开头，小写字母、数字或下划线），如 penalty_general',
    }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    match: Strict({
      item: Type.String({ minLength: 1, maxLength: 64 }),
      severities: Type.Optional(
        Type.Array(StringEnum(['minor', 'general', 'serious'] as const), { minItems: 1 }),
      ),
      fields: Type.Optional(
        Type.Array(
          Strict({
            field: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$', description: '字段代码，如 CF_CFLB' }),
            in: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
          }),
          { maxItems: 5 },
        ),
      ),
      publishedOnly: Type.Optional(Type.Boolean()),
    }),
    points: Points,
    mode: Type.Optional(StringEnum(['each', 'once'] as const)),
    cap: Type.Optional(Nullable(Points)),
    decay: Type.Optional(
      Type.Array(
        Strict({
          withinYears: Type.Integer({ minimum: 1, maximum: 50 }),
          percent: Type.Integer({ minimum: 0, maximum: 100 }),
        }),
        { maxItems: 10 },
      ),
    ),
    basis: Type.String({ maxLength: 1000 }),
    confirmed: Type.Boolean({ description: 'false = UNCONFIRMED: not from a confirmed national source' }),
  },
  { description: '指标: one catalog item, conditions, points per record, cap, recency decay' },
);

export const GradeBandSchema = Strict({
  code: Type.String({
    pattern: '^[A-Z][A-Z+-]{0,3}$',
    description: '等级代码（大写字母，可带 + 或 -），如 A、B+、C-',
  }),
  display: Type.String({ minLength: 1, maxLength: 10 }),
  label: Type.String({ minLength: 1, maxLength: 50 }),
  minScore: Nullable(Points),
  confirmed: Type.Boolean(),
});

export const ModelDefinitionSchema = Strict(
  {
    code: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
      description: '模型代码（小写字母、数字或连字符），如 xy-general',
    }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.String({ maxLength: 2000 }),
    baseScore: Points,
    subjectKinds: Type.Array(Kind, { minItems: 1, maxItems: 3 }),
    excludeRegStatuses: Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 }),
    grades: Type.Array(GradeBandSchema, { minItems: 2, maxItems: 20 }),
    indicators: Type.Array(IndicatorSchema, { maxItems: 200 }),
    schedule: Strict({ quarterly: Type.Boolean(), onChange: Type.Boolean() }),
    inspectionMultipliers: Type.Record(Type.String({ maxLength: 10 }), Multiplier),
    personalInformationAssessment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    source: Type.String({ maxLength: 2000 }),
    unconfirmed: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 }),
  },
  { description: '公共信用综合评价模型 (docs/adr/0010-evaluation-model.md)' },
);

export const ModelSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  origin: StringEnum(['shipped', 'custom'] as const),
  status: StringEnum(['active', 'retired'] as const),
  isDefault: Type.Boolean(),
  digest: Type.String({ description: 'SM3 of the canonical JSON of the definition' }),
  definition: ModelDefinitionSchema,
  createdAt: Instant,
  createdBy: Type.String(),
});

export const CreateModelBody = Strict({
  definition: ModelDefinitionSchema,
  makeDefault: Type.Optional(Type.Boolean({ description: 'make this version the platform default' })),
});

export const ModelParams = Strict({ id: RowId });
export const SubjectParams = Strict({
  subject: Type.String({ minLength: 1, maxLength: 40, description: 'USCC or subject id' }),
});

export const GradeQuery = Strict({
  model: Type.Optional(
    Type.String({ maxLength: 80, description: 'CODE, CODE@VERSION or model id; default model' }),
  ),
  asOf: Type.Optional(
    Type.String({
      maxLength: 40,
      description: 'date YYYY-MM-DD (end of that day) or ISO instant: the grade then',
    }),
  ),
  recompute: Type.Optional(
    Type.Boolean({ description: 'evaluate afresh as of asOf instead of reading the stored result' }),
  ),
});

export const HistoryQuery = Strict({
  model: Type.Optional(Type.String({ maxLength: 80 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

export const DistributionQuery = Strict({
  model: Type.Optional(Type.String({ maxLength: 80 })),
  region: Type.Optional(RegionPrefix),
});

export const RunsQuery = Strict({
  modelId: Type.Optional(RowId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

export const SubjectGradeSchema = Type.Object({
  subjectId: Type.Integer(),
  model: Type.Object({
    id: Type.Integer(),
    code: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
  }),
  resultId: Nullable(Type.Integer()),
  runId: Nullable(Type.Integer()),
  asOf: Instant,
  asOfDate: DateString,
  evaluatedAt: Nullable(Instant),
  base: Type.String(),
  score: Type.String({ description: 'score = base + Σ contributions.points, 2 decimals' }),
  grade: Type.String(),
  gradeDisplay: Type.String(),
  gradeLabel: Type.String(),
  contributions: Type.Array(
    Type.Object({
      indicator: Type.String(),
      name: Type.String(),
      points: Type.String(),
      rawPoints: Type.String(),
      capped: Type.Boolean(),
      cap: Nullable(Type.String()),
      confirmed: Type.Boolean(),
      records: Type.Array(
        Type.Object({
          id: Type.Integer(),
          version: Type.Integer(),
          item: Type.String(),
          decisionDate: Nullable(DateString),
          percent: Type.Integer(),
          points: Type.String(),
        }),
      ),
    }),
  ),
  unconfirmed: Type.Boolean(),
});

export const HistorySchema = Type.Object({
  subjectId: Type.Integer(),
  model: Type.Object({ id: Type.Integer(), code: Type.String(), version: Type.Integer() }),
  notScored: Nullable(Type.String({ description: '该主体不在模型评价范围内时的原因（此时 results 为空）' })),
  results: Type.Array(
    Type.Object({
      resultId: Type.Integer(),
      runId: Type.Integer(),
      asOf: Instant,
      asOfDate: DateString,
      score: Type.String(),
      grade: Type.String(),
      current: Type.Boolean(),
      evaluatedAt: Instant,
    }),
  ),
});

export const DistributionSchema = Type.Object({
  model: Type.Object({ id: Type.Integer(), code: Type.String(), version: Type.Integer() }),
  region: Nullable(Type.String()),
  total: Type.Integer(),
  grades: Type.Array(
    Type.Object({
      grade: Type.String(),
      display: Type.String(),
      label: Type.String(),
      count: Type.Integer(),
    }),
  ),
});

export const RunSchema = Type.Object({
  id: Type.Integer(),
  modelId: Type.Integer(),
  kind: StringEnum(['full', 'changed'] as const),
  status: StringEnum(['running', 'completed', 'failed'] as const),
  asOf: Instant,
  asOfDate: DateString,
  basedOnRunId: Nullable(Type.Integer()),
  highWaterRecordId: Type.Integer(),
  subjectsEvaluated: Type.Integer(),
  resultsWritten: Type.Integer(),
  message: Nullable(Type.String()),
  triggeredBy: Type.String(),
  startedAt: Instant,
  finishedAt: Nullable(Instant),
});
