import { Type } from 'typebox';
import { Instant, Strict, StringEnum } from '../../platform/http/schema.js';

const SUBJECT_KINDS = ['legal_entity', 'individual_business', 'natural_person'] as const;
const FIELD_TYPES = [
  'text',
  'date',
  'decimal',
  'integer',
  'enum',
  'uscc',
  'org_code',
  'reg_no',
  'resident_id',
  'region_code',
  'boolean',
] as const;
const DISCLOSURES = ['public', 'authorised', 'government'] as const;
const ROLES = [
  'subject_name',
  'subject_kind',
  'subject_uscc',
  'subject_reg_no',
  'subject_org_code',
  'subject_id_type',
  'subject_id_number',
  'subject_region',
  'subject_status',
  'decision_date',
  'effective_from',
  'effective_to',
  'penalty_types',
  'fine_amount',
  'confiscation_amount',
  'severity',
  'procedure',
  'document_number',
] as const;
const CLASSES = [
  'registration',
  'judicial',
  'administrative_management',
  'qualification',
  'abnormal_operations',
  'serious_untrustworthy',
  'contract_performance',
  'commitment',
  'evaluation',
  'honours',
  'voluntary',
  'law_compliance',
  'intellectual_property',
] as const;

export const EnumOptionSchema = Strict({
  value: Type.String({ minLength: 1, maxLength: 100 }),
  label: Type.String({ minLength: 1, maxLength: 100 }),
  synonyms: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
});

export const FieldSpecSchema = Strict({
  code: Type.String({
    pattern: '^[A-Z][A-Z0-9_]{0,39}$',
    description: '字段代码（大写字母开头，大写字母、数字或下划线），如 CF_WSH',
  }),
  label: Type.String({ minLength: 1, maxLength: 100 }),
  type: StringEnum(FIELD_TYPES),
  required: Type.Optional(Type.Union([Type.Boolean(), Type.Array(StringEnum(SUBJECT_KINDS))])),
  enum: Type.Optional(Type.Array(EnumOptionSchema, { maxItems: 500 })),
  multiple: Type.Optional(Type.Boolean()),
  unit: Type.Optional(Type.String({ maxLength: 20 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  scale: Type.Optional(Type.Integer({ minimum: 0, maximum: 12 })),
  disclosure: Type.Optional(StringEnum(DISCLOSURES)),
  personal: Type.Optional(StringEnum(['name', 'id_number', 'phone', 'address'] as const)),
  role: Type.Optional(StringEnum(ROLES)),
  openEnded: Type.Optional(Type.Boolean()),
  notAfter: Type.Optional(Type.String()),
  idTypeField: Type.Optional(Type.String()),
  aliases: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
  hint: Type.Optional(Type.String({ maxLength: 500 })),
});

/** A catalog item definition (信息项): what admins submit for local items and what GET returns. */
export const CatalogItemSpecSchema = Strict({
  code: Type.String({
    pattern: '^[A-Z][A-Z0-9_]{1,39}$',
    description: '信息项代码（大写字母开头，大写字母、数字或下划线），如 XZCF',
  }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nationalClass: StringEnum(CLASSES),
  subjectKinds: Type.Array(StringEnum(SUBJECT_KINDS), { minItems: 1 }),
  fields: Type.Array(FieldSpecSchema, { minItems: 1, maxItems: 200 }),
  businessKey: Type.Array(Type.String(), { minItems: 1, maxItems: 5 }),
  polarity: StringEnum(['positive', 'neutral', 'negative'] as const),
  disclosure: StringEnum(DISCLOSURES),
  publicity: StringEnum(['rules', 'effective_period', 'while_current'] as const),
  timelinessWorkingDays: Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()]),
  retentionYears: Type.Integer({ minimum: 1, maximum: 100 }),
  legalBasis: Type.String({ minLength: 1, maxLength: 2000 }),
  list: Type.Optional(StringEnum(['serious', 'red', 'focus', 'abnormal', 'judgment_defaulter'] as const)),
  reportSection: StringEnum(['JBXX', 'XZGL', 'CSSX', 'YZSX', 'QTXX'] as const),
  updateFrequency: Type.Optional(Type.String({ maxLength: 100 })),
  source: Type.String({ maxLength: 2000 }),
});

export const CatalogItemSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  origin: StringEnum(['national', 'local'] as const),
  nationalClass: Type.String(),
  polarity: Type.String(),
  disclosure: Type.String(),
  list: Type.Union([Type.String(), Type.Null()]),
  fieldCount: Type.Integer(),
  timelinessWorkingDays: Type.Union([Type.Integer(), Type.Null()]),
});

export const CatalogItemDetail = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  origin: StringEnum(['national', 'local'] as const),
  status: StringEnum(['active', 'retired'] as const),
  createdAt: Instant,
  specDigest: Type.String({ description: 'SM3 of the canonical definition' }),
  spec: CatalogItemSpecSchema,
  versions: Type.Array(
    Type.Object({ version: Type.Integer(), createdAt: Instant, specDigest: Type.String() }),
  ),
});

export const ItemParams = Strict({
  item: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{1,39}$', description: '信息项代码，如 XZCF' }),
});
