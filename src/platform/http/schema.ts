import {
  type TEnum,
  type TNull,
  type TObject,
  type TProperties,
  type TSchema,
  type TUnion,
  Type,
} from 'typebox';

/** An object schema that rejects unknown properties (every request schema is strict). */
export function Strict<T extends TProperties>(
  properties: T,
  options: { description?: string; title?: string } = {},
): TObject<T> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** A string enum (`{ enum: [...] }`; OpenAPI shows the allowed values). */
export function StringEnum<const T extends string[]>(
  values: readonly [...T],
  options: { description?: string } = {},
): TEnum<T> {
  return Type.Enum(values, options);
}

/** `T` or `null` (a value that may be absent in the data, as opposed to an optional property). */
export function Nullable<T extends TSchema>(schema: T): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()]);
}

/** Calendar date `YYYY-MM-DD`. */
export const DateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: '日期 YYYY-MM-DD（北京时间）',
});

/** A multiplier (inspection frequency, sampling weight): a decimal with at most 4 integer and 6 fraction digits. */
export const Multiplier = Type.String({
  pattern: '^\\d{1,4}(\\.\\d{1,6})?$',
  description: '倍数，最多六位小数，如 1.5',
});

/** A GB/T 2260 region code prefix: province (2 digits), city (4) or county (6). */
export const RegionPrefix = Type.String({
  pattern: '^\\d{2,6}$',
  description: 'GB/T 2260 行政区划代码前缀（2–6 位数字），如 6101',
});

/** UTC instant, ISO-8601. */
export const Instant = Type.String({ description: 'UTC instant, ISO-8601' });

/**
 * A row id: a positive integer a JavaScript number holds exactly (≤ 2^53 − 1). A larger number in a path or body is
 * a 400 naming the field, not a lookup of a rounded id.
 */
export const RowId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** Positive integer id in a path. */
export const IdParam = Strict({ id: RowId });

export const Pagination = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })),
};
