import type { Generated } from 'kysely';

/** `prompt` (提示，需人工核实法律依据): a bar applies whose legal basis is not confirmed (issue 16 point 13). */
export type Verdict = 'clear' | 'incentive' | 'restricted' | 'prompt' | 'barred';
export type ResultVerdict = Verdict | 'ambiguous' | 'not_found' | 'not_authorised';

/** `check_run`: one credit check (信用核查) with its signed receipt; the payload is canonical JSON. */
export interface CheckRunTable {
  id: Generated<number>;
  check_no: string;
  scenario: string;
  as_of: string;
  checked_at: string;
  requested_by: string;
  organization: string | null;
  subject_count: number;
  /** Empty once sealed (migration 0015): the canonical JSON payload is in `payload_cipher`. */
  payload: string;
  /** SM4 ciphertext of the canonical payload (name queries of natural persons among it). */
  payload_cipher: string | null;
  /** SM3 of the (plaintext canonical) payload (hex). */
  digest: string;
  /** Platform signature over the digest (base64). */
  signature: string;
  key_id: string;
  /** The caller's `Idempotency-Key`, unique per requester (migration 0011). */
  idempotency_key: string | null;
  /** SM3 of the canonical request (scenario, subjects, asOf) made with that key. */
  request_digest: string | null;
}

/** `check_result`: one checked subject of a check, for feedback and statistics. */
export interface CheckResultTable {
  id: Generated<number>;
  check_id: number;
  idx: number;
  subject_id: number | null;
  verdict: ResultVerdict;
  /** JSON array of measure codes that applied. */
  measures: string;
}

/** `check_feedback` (应用反馈): whether a measure was applied to a checked subject and with what outcome. */
export interface CheckFeedbackTable {
  id: Generated<number>;
  check_id: number;
  idx: number;
  measure_code: string;
  applied: 0 | 1;
  outcome: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

/** `watch`: a user or client following a subject (关注). Unfollowing sets `removed_at`. */
export interface WatchTable {
  id: Generated<number>;
  owner: string;
  subject_id: number;
  created_at: string;
  removed_at: string | null;
}

export type NotificationKind =
  | 'record_added'
  | 'record_changed'
  | 'record_revoked'
  | 'record_repaired'
  | 'list_added'
  | 'list_removed'
  | 'publicity_ended'
  | 'application_updated';

/** `notification`: an event about a watched subject, listed in the API and delivered by webhooks. */
export interface NotificationTable {
  id: Generated<number>;
  owner: string;
  subject_id: number | null;
  kind: NotificationKind;
  record_id: number | null;
  payload: string;
  created_at: string;
  read_at: string | null;
}

/** `webhook`: where an owner's notifications are POSTed, signed with a per-webhook secret (SM4-encrypted at rest). */
export interface WebhookTable {
  id: Generated<number>;
  owner: string;
  url: string;
  secret_cipher: string;
  status: 'active' | 'disabled';
  created_at: string;
  disabled_at: string | null;
}

/** `outbox`: pending and done webhook deliveries; retried with exponential backoff. */
export interface OutboxTable {
  id: Generated<number>;
  webhook_id: number;
  notification_id: number | null;
  payload: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  delivered_at: string | null;
  failed_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
}
