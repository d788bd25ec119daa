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
}

function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000\u200b-\u200d\ufeff*＊]/g, '')
    .replace(/[（【[]/g, '(')
    .replace(/[）】\]]/g, ')')
    .toUpperCase();
}

/**
 * Maps source headers to fields: a profile's explicit columns first, then national field codes in any case
 * (`CF_WSH`, `cf_wsh`), Chinese labels and aliases, and template headers of the form `标签(CODE)` or
 * `标签 CODE`. Required fields with no column are reported all at once, so a department fixes its file in one go.
 */
export function mapHeaders(
  headers: readonly string[],
  spec: CatalogItemSpec,
  profile?: MappingProfile,
): HeaderMapping {
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

  const columns: ColumnMapping[] = [];
  const unknown: string[] = [];
  const ignored: string[] = [];
  const used = new Map<string, string[]>();
  headers.forEach((header, index) => {
    const k = normalizeHeader(header);
    if (k === '') return;
    let field: FieldSpec | undefined;
    const viaProfile = profileColumns.get(k);
    if (viaProfile !== undefined) field = fieldByCode.get(viaProfile);
    else if (profileIgnore.has(k)) {
      ignored.push(header);
      return;
    } else {
      field = lookup.get(k);
      if (field === undefined) {
        const m = /\(([A-Z][A-Z0-9_]*)\)$/.exec(k) ?? /([A-Z][A-Z0-9_]+)$/.exec(k);
        if (m?.[1] !== undefined) field = fieldByCode.get(m[1]);
      }
    }
    if (field === undefined) {
      unknown.push(header);
      return;
    }
    const list = used.get(field.code) ?? [];
    list.push(header);
    used.set(field.code, list);
    if (list.length > 1) return;
    const transform = profileTransforms.get(k);
    columns.push(transform === undefined ? { index, header, field } : { index, header, field, transform });
  });
  const mapped = new Set(columns.map((c) => c.field.code));
  const missingRequired = spec.fields.filter((f) => f.required === true && !mapped.has(f.code));
  const duplicates = [...used.entries()]
    .filter(([, hs]) => hs.length > 1)
    .map(([field, hs]) => ({ field, headers: hs }));
  return { columns, unknown, ignored, missingRequired, duplicates };
}
