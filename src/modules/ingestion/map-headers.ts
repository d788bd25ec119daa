import type { CatalogItemSpec, FieldSpec } from '../catalog/catalog.types.js';
import type { ColumnTransform, MappingProfile } from './mapping-profile.js';

export interface ColumnMapping {
  readonly index: number;
  readonly header: string;
  readonly field: FieldSpec;
  readonly transform?: ColumnTransform;
}

export interface HeaderMapping {
  readonly columns: readonly ColumnMapping[];
  /** Headers that match no field and are not ignored by the profile. */
  readonly unknown: readonly string[];
  readonly ignored: readonly string[];
  /** Fields required on every row that no column provides. */
  readonly missingRequired: readonly FieldSpec[];
  /** Fields two columns map to (the first one is used). */
  readonly duplicates: readonly { field: string; headers: readonly string[] }[];
  /** The second and further columns of duplicated fields, checked against the first on every row. */
  readonly extraColumns: readonly ColumnMapping[];
}

export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000\u200b-\u200d\ufeff*＊]/g, '')
    .replace(/[（【[]/g, '(')
    .replace(/[）】\]]/g, ')')
    .toUpperCase();
}

/** Looks a source header up as a field: a profile's columns, national codes, labels, aliases, `标签(CODE)`. */
export interface HeaderLookup {
  /** The field a header names, `'ignored'` for a header the profile ignores, undefined for an unknown one. */
  fieldOf(header: string): FieldSpec | 'ignored' | undefined;
  transformOf(header: string): ColumnTransform | undefined;
}

export function headerLookup(spec: CatalogItemSpec, profile?: MappingProfile): HeaderLookup {
  const lookup = new Map<string, FieldSpec>();
  for (const f of spec.fields) {
    for (const name of [f.code, f.label, ...(f.aliases ?? [])]) {
      const k = normalizeHeader(name);
      if (!lookup.has(k)) lookup.set(k, f);
    }
  }
  const fieldByCode = new Map(spec.fields.map((f) => [f.code, f]));
  const profileColumns = new Map(
    Object.entries(profile?.columns ?? {}).map(([h, code]) => [normalizeHeader(h), code]),
  );
  const profileIgnore = new Set(Object.keys(profile?.ignore ?? {}).map(normalizeHeader));
  const profileTransforms = new Map(
    Object.entries(profile?.transforms ?? {}).map(([h, t]) => [normalizeHeader(h), t]),
  );
  return {
    fieldOf(header) {
      const k = normalizeHeader(header);
      if (k === '') return undefined;
      const viaProfile = profileColumns.get(k);
      if (viaProfile !== undefined) return fieldByCode.get(viaProfile);
      if (profileIgnore.has(k)) return 'ignored';
      const field = lookup.get(k);
      if (field !== undefined) return field;
      const m = /\(([A-Z][A-Z0-9_]*)\)$/.exec(k) ?? /([A-Z][A-Z0-9_]+)$/.exec(k);
      return m?.[1] === undefined ? undefined : fieldByCode.get(m[1]);
    },
    transformOf(header) {
      return profileTransforms.get(normalizeHeader(header));
    },
  };
}

/**
 * Maps source headers to fields: a profile's explicit columns first, then national field codes in any case
 * (`CF_WSH`, `cf_wsh`), Chinese labels and aliases, and template headers of the form `标签(CODE)` or
 * `标签 CODE`. Required fields with no column are reported all at once, so a department fixes its file in one go.
 * When two columns map to one field the first is the field's column and the others are `extraColumns`.
 */
export function mapHeaders(
  headers: readonly string[],
  spec: CatalogItemSpec,
  profile?: MappingProfile,
): HeaderMapping {
  const lookup = headerLookup(spec, profile);
  const columns: ColumnMapping[] = [];
  const extraColumns: ColumnMapping[] = [];
  const unknown: string[] = [];
  const ignored: string[] = [];
  const used = new Map<string, string[]>();
  headers.forEach((header, index) => {
    if (normalizeHeader(header) === '') return;
    const field = lookup.fieldOf(header);
    if (field === 'ignored') {
      ignored.push(header);
      return;
    }
    if (field === undefined) {
      unknown.push(header);
      return;
    }
    const list = used.get(field.code) ?? [];
    list.push(header);
    used.set(field.code, list);
    const transform = lookup.transformOf(header);
    const column = transform === undefined ? { index, header, field } : { index, header, field, transform };
    if (list.length > 1) extraColumns.push(column);
    else columns.push(column);
  });
  const mapped = new Set(columns.map((c) => c.field.code));
  const missingRequired = spec.fields.filter((f) => f.required === true && !mapped.has(f.code));
  const duplicates = [...used.entries()]
    .filter(([, hs]) => hs.length > 1)
    .map(([field, hs]) => ({ field, headers: hs }));
  return { columns, unknown, ignored, missingRequired, duplicates, extraColumns };
}

/**
 * A data row that repeats the header (two exports pasted one under the other): at least two mapped columns, and
 * at least half of them, hold their own column's name (or their field's code or label), and no mapped column
 * holds anything else.
 */
export function isRepeatedHeader(
  cells: readonly (string | null)[],
  mapping: HeaderMapping,
  lookup: HeaderLookup,
): boolean {
  let named = 0;
  for (const c of mapping.columns) {
    const text = cells[c.index] ?? null;
    if (text === null || normalizeHeader(text) === '') continue;
    if (normalizeHeader(text) === normalizeHeader(c.header) || lookup.fieldOf(text) === c.field) named++;
    else return false;
  }
  return named >= 2 && named * 2 >= mapping.columns.length;
}
