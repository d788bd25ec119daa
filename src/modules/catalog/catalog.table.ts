import type { Generated } from 'kysely';

/** `catalog_item`: one row per version of a catalog item (信息项). The spec is the item definition as JSON. */
export interface CatalogItemTable {
  id: Generated<number>;
  code: string;
  version: number;
  name: string;
  /** 'national' (基础目录, shipped) or 'local' (补充目录, added by the credit centre). */
  origin: 'national' | 'local';
  /** JSON of {@link CatalogItemSpec}. */
  spec: string;
  /** SM3 of the canonical spec; a shipped item gets a new version only when this changes. */
  spec_digest: string;
  status: 'active' | 'retired';
  created_at: string;
  created_by: string;
}
