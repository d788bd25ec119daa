import type { Generated } from 'kysely';

export type SubjectKind = 'legal_entity' | 'individual_business' | 'natural_person';

/**
 * `subject`: one credit subject (信用主体). Natural persons carry no plaintext identifiers: `ric_digest` is an
 * HMAC-SM3 lookup digest and `ric_cipher` the SM4 ciphertext of the id number; `name` holds the masked name and
 * `name_cipher` the full one.
 */
export interface SubjectTable {
  id: Generated<number>;
  kind: SubjectKind;
  uscc: string | null;
  name: string;
  /** Name normalised for exact matching and search (NFKC, brackets unified, spaces removed). */
  name_norm: string;
  name_cipher: string | null;
  org_code: string | null;
  reg_no: string | null;
  ric_digest: string | null;
  ric_cipher: string | null;
  region_code: string | null;
  /** Registration status as registered (存续, 在业, 吊销, 注销, 迁出 …), null when unknown. */
  reg_status: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * `subject_name_gram`: bigrams of `subject.name_norm` (natural persons excluded), the CJK-aware name index
 * (docs/adr/0008-name-search.md). Deleting here is allowed: it is a derived index, not history.
 */
export interface SubjectNameGramTable {
  gram: string;
  subject_id: number;
}

/** `subject_tally`: subjects by kind, maintained in the transaction that writes `subject` (migration 0014). */
export interface SubjectTallyTable {
  kind: SubjectKind;
  count: number;
}
