import type { Generated } from 'kysely';

/**
 * State of one version. Superseding does not change it: an older version keeps the status it had while current,
 * so reading "as of" a past instant sees what was true then.
 */
export type RecordStatus = 'active' | 'revoked' | 'repaired' | 'removed';

/**
 * `record`: one version of one credit record. A chain is identified by (item_code, provider_id, business_key);
 * exactly one version of a chain is current (`is_current = 1`). Nothing is deleted: a correction, revocation,
 * repair or list removal is a new version, and the old one keeps `superseded_at`. The version current at an
 * instant T is the one with `recorded_at <= T < coalesce(superseded_at, ∞)`.
 */
export interface RecordTable {
  id: Generated<number>;
  item_id: number;
  item_code: string;
  subject_id: number;
  provider_id: number;
  business_key: string;
  version: number;
  is_current: 0 | 1;
  status: RecordStatus;
  /** JSON object of normalised field values keyed by field code, without sensitive fields. */
  fields: string;
  /** SM4 ciphertext of the JSON object of sensitive fields (id numbers, phones, natural persons' names). */
  sensitive: string | null;
  /** HMAC-SM3 over the canonical normalised content: equal digest = unchanged row. */
  content_hmac: string;
  decision_date: string | null;
  effective_from: string | null;
  effective_to: string | null;
  polarity: 'positive' | 'neutral' | 'negative';
  disclosure: 'public' | 'authorised' | 'government';
  severity: 'minor' | 'general' | 'serious' | null;
  /** 1 when the record may appear in the public view at all (e.g. 0 for simple-procedure penalties). */
  published: 0 | 1;
  publicity_start: string | null;
  /** First date the record is no longer shown (half-open); null = no end. */
  publicity_end: string | null;
  earliest_repair: string | null;
  publicity_rule: string | null;
  /** Set by the daily publicity job on the current version once `publicity_end` has passed (终止公示). */
  publicity_ended_on: string | null;
  objection_state: 'none' | 'under_objection';
  batch_id: number | null;
  batch_row: number | null;
  received_at: string;
  late: 0 | 1;
  /** JSON array of warning codes kept with the record. */
  quality: string;
  /** Why this version exists: ingest | correction | revocation | repair | removal | objection. */
  change_kind: string;
  change_reason: string | null;
  recorded_at: string;
  superseded_at: string | null;
  recorded_by: string;
}

/**
 * `public_record_tally`: records in the public view by item as a three-level prefix sum over calendar days (year,
 * month, day rows), maintained in the transaction that writes `record` (records/public-tally.ts, migration 0014).
 */
export interface PublicRecordTallyTable {
  /** 0 = year (`YYYY`), 1 = month (`YYYY-MM`), 2 = day (`YYYY-MM-DD`). */
  level: number;
  period: string;
  item_code: string;
  /** Records entering (+) minus leaving (−) the public view on that period's dates. */
  delta: number;
}
