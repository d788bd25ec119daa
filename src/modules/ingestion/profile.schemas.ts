import { Type } from 'typebox';
import { Nullable, Strict, StringEnum } from '../../platform/http/schema.js';
import { COLUMN_TRANSFORMS } from './mapping-profile.js';

const Header = Type.String({ minLength: 1, maxLength: 200, description: 'source column header' });
const Transform = StringEnum(COLUMN_TRANSFORMS, {
  description: 'yuan_to_wan: 元 → 万元; integer_code: "5245.0" → "5245"; first6: first six characters',
});

export const ProfileParams = Strict({
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$', description: 'profile name' }),
});

/** A header mapping profile (表头映射方案) as saved: everything but its name, which is in the path. */
export const ProfileBody = Strict({
  item: Type.String({ minLength: 1, maxLength: 64, description: 'catalog item code, e.g. XZCF' }),
  provider: Nullable(
    Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{1,39}$',
      description: 'provider whose files use this layout; null = shared (credit centre only)',
    }),
  ),
  description: Type.String({ maxLength: 500 }),
  columns: Type.Record(
    Header,
    Type.String({ minLength: 1, maxLength: 64, description: 'field code of the item' }),
    {
      maxProperties: 500,
      description: 'source header → field code',
    },
  ),
  transforms: Type.Optional(Type.Record(Header, Transform, { maxProperties: 500 })),
  ignore: Type.Optional(
    Type.Record(Header, Type.String({ maxLength: 500, description: 'why it is not imported' }), {
      maxProperties: 500,
    }),
  ),
});

export const ProfileSchema = Type.Object({
  name: Type.String(),
  item: Type.String(),
  provider: Nullable(Type.String()),
  description: Type.String(),
  columns: Type.Record(Type.String(), Type.String()),
  transforms: Type.Record(Type.String(), Type.String()),
  ignore: Type.Record(Type.String(), Type.String()),
  origin: StringEnum(['shipped', 'custom'] as const, {
    description: 'shipped with xinyong (read-only) or saved on this platform',
  }),
});
