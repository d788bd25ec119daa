import { Type } from 'typebox';
import {
  DateString,
  Instant,
  Multiplier,
  Nullable,
  Pagination,
  RegionPrefix,
  RowId,
  Strict,
  StringEnum,
} from '../../platform/http/schema.js';

const OrgKind = StringEnum(['legal_entity', 'individual_business'] as const);
const Result = StringEnum(['no_issue', 'rectify', 'case_opened', 'not_found'] as const, {
  description: 'JC_JGLX: 未发现问题 / 责令整改 / 立案查处 / 查无下落',
});

export const PlanBody = Strict({
  code: Type.String({
    pattern: '^[A-Za-z0-9-]{3,40}$',
    description: '抽查计划编号 (JC_CCJH)：3–40 个字母、数字或连字符',
  }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  regulator: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'provider code of the inspecting department',
  }),
  matter: Type.String({ minLength: 1, maxLength: 500, description: '检查事项 (JC_SX)' }),
  population: Type.Optional(
    Strict({
      regionPrefix: Type.Optional(Nullable(RegionPrefix)),
      subjectKinds: Type.Optional(Type.Array(OrgKind, { minItems: 1, maxItems: 2 })),
      industryCodes: Type.Optional(
        Type.Array(
          Type.String({
            pattern: '^[A-Z0-9]{1,5}$',
            description: '国民经济行业分类代码（GB/T 4754），如 C 或 C13',
          }),
          { maxItems: 50 },
        ),
      ),
      industryNames: Type.Optional(
        Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 }),
      ),
      requireItems: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 10 })),
      excludeRegStatuses: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 20 })),
    }),
  ),
  baseRatio: Type.String({
    pattern: '^[01](\\.\\d{1,6})?$',
    description: '基础抽查比例：大于 0、不超过 1，最多六位小数，如 0.05',
  }),
  model: Type.Optional(
    Nullable(Type.String({ maxLength: 80, description: 'CODE or CODE@VERSION; null = no grades' })),
  ),
  multipliers: Type.Optional(Type.Record(Type.String({ maxLength: 10 }), Multiplier)),
  inspectors: Type.Array(
    Strict({
      code: Type.String({
        pattern: '^[A-Za-z0-9-]{1,32}$',
        description: '执法人员编号（字母、数字或连字符）',
      }),
      name: Type.String({ minLength: 1, maxLength: 50 }),
      organization: Type.String({ minLength: 1, maxLength: 200 }),
      excludeSubjects: Type.Optional(
        Type.Array(Type.String({ minLength: 18, maxLength: 18 }), { maxItems: 500 }),
      ),
      excludeRegions: Type.Optional(Type.Array(RegionPrefix, { maxItems: 50 })),
    }),
    { minItems: 1, maxItems: 2000 },
  ),
  inspectorsPerInspection: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 2 })),
});

export const PlanSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  status: StringEnum(['active', 'closed'] as const),
  regulator: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
  modelId: Nullable(Type.Integer()),
  digest: Type.String({ description: 'SM3 of the canonical JSON of the definition' }),
  definition: Type.Object({
    code: Type.String(),
    name: Type.String(),
    regulator: Type.String(),
    matter: Type.String(),
    population: Type.Object({
      regionPrefix: Nullable(Type.String()),
      subjectKinds: Type.Array(Type.String()),
      industryCodes: Type.Array(Type.String()),
      industryNames: Type.Array(Type.String()),
      requireItems: Type.Array(Type.String()),
      excludeRegStatuses: Type.Array(Type.String()),
    }),
    baseRatio: Type.String(),
    model: Nullable(Type.String()),
    multipliers: Type.Record(Type.String(), Type.String()),
    inspectors: Type.Array(
      Type.Object({
        code: Type.String(),
        name: Type.String(),
        organization: Type.String(),
        excludeSubjects: Type.Array(Type.String()),
        excludeRegions: Type.Array(Type.String()),
      }),
    ),
    inspectorsPerInspection: Type.Integer(),
  }),
  probabilities: Type.Record(Type.String(), Type.String(), {
    description: 'min(1, baseRatio × multiplier) per stratum',
  }),
  createdAt: Instant,
  createdBy: Type.String(),
});

export const PlansQuery = Strict({
  regulator: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(StringEnum(['active', 'closed'] as const)),
  ...Pagination,
});

export const PlanParams = Strict({ id: RowId });
export const DrawParams = Strict({ id: RowId, drawId: RowId });

export const DrawBody = Strict({
  date: DateString,
  publicInput: Type.String({
    minLength: 1,
    maxLength: 200,
    description:
      'public random input, e.g. the lottery numbers published on the draw date, exactly as published',
  }),
});

const StratumSchema = Type.Object({
  stratum: Type.String(),
  population: Type.Integer(),
  probability: Type.String(),
  expected: Type.String(),
  selected: Type.Integer(),
});

export const DrawViewSchema = Type.Object({
  id: Type.Integer(),
  view: StringEnum(['public', 'full'] as const),
  plan: Type.Object({
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    matter: Type.String(),
    regulator: Type.Object({ code: Type.String(), name: Type.String() }),
    digest: Type.String(),
  }),
  drawDate: DateString,
  publicInput: Type.String(),
  algorithm: Type.String(),
  seedFormula: Type.String(),
  seed: Type.String(),
  planDigest: Type.String(),
  populationDigest: Type.String(),
  populationSize: Type.Integer(),
  selectedCount: Type.Integer(),
  drawnAt: Instant,
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      subject: Type.Object({ id: Type.Integer(), name: Type.String(), uscc: Nullable(Type.String()) }),
      stratum: Type.Optional(
        Type.String({ description: 'grade stratum; regulators and the credit centre only' }),
      ),
      inspectors: Type.Array(
        Type.Object({ code: Type.String(), name: Type.String(), organization: Type.String() }),
      ),
      result: Nullable(
        Type.Object({
          code: Type.String(),
          label: Type.String(),
          date: Nullable(DateString),
          recordId: Nullable(Type.Integer()),
        }),
      ),
    }),
  ),
  strata: Type.Optional(Type.Array(StratumSchema)),
});

export const DrawsQuery = Strict({ planId: Type.Optional(RowId), ...Pagination });

export const DrawSummarySchema = Type.Object({
  id: Type.Integer(),
  planId: Type.Integer(),
  planCode: Type.String(),
  planName: Type.String(),
  drawDate: DateString,
  publicInput: Type.String(),
  seed: Type.String(),
  populationSize: Type.Integer(),
  selectedCount: Type.Integer(),
  drawnAt: Instant,
});

const ResultCounts = Type.Object({
  no_issue: Type.Integer(),
  rectify: Type.Integer(),
  case_opened: Type.Integer(),
  not_found: Type.Integer(),
  pending: Type.Integer(),
});

export const DrawStatsSchema = Type.Object({
  drawId: Type.Integer(),
  planId: Type.Integer(),
  populationSize: Type.Integer(),
  selectedCount: Type.Integer(),
  strata: Type.Array(
    Type.Object({
      stratum: Type.String(),
      population: Type.Integer(),
      probability: Type.String(),
      expected: Type.String(),
      selected: Type.Integer(),
      observedRatio: Type.String(),
      results: ResultCounts,
    }),
  ),
  inspectors: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      organization: Type.String(),
      assignments: Type.Integer(),
    }),
  ),
  results: ResultCounts,
});

export const PopulationSchema = Type.Object({
  drawId: Type.Integer(),
  populationDigest: Type.String(),
  members: Type.Array(
    Type.Object({
      subjectId: Type.Integer(),
      uscc: Nullable(Type.String()),
      name: Type.String(),
      stratum: Type.String(),
    }),
  ),
});

export const VerificationSchema = Type.Object({
  drawId: Type.Integer(),
  matches: Type.Boolean(),
  checks: Type.Array(Type.Object({ check: Type.String(), ok: Type.Boolean(), detail: Type.String() })),
});

export const ResultsBody = Strict({
  results: Type.Array(
    Strict({
      seq: Type.Integer({ minimum: 1 }),
      result: Result,
      date: DateString,
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    }),
    { minItems: 1, maxItems: 1000 },
  ),
});

export const ResultsOutcomeSchema = Type.Object({
  batchId: Type.Integer(),
  recorded: Type.Array(Type.Object({ seq: Type.Integer(), recordId: Type.Integer(), result: Type.String() })),
  rejected: Type.Array(Type.Object({ seq: Type.Integer(), code: Type.String(), message: Type.String() })),
});
