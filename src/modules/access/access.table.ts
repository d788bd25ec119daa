import type { Generated } from 'kysely';
import type { Role } from '../../platform/actor.js';

/**
 * `app_user`: a person who signs in (用户). Scope columns follow the role: `provider_id` for provider operators and
 * reviewers, `organization` + `scenarios` for credit users, `subject_id` for subject users (set only when an
 * administrator approves a {@link SubjectBindingTable} request). Only an argon2id hash of the password is kept.
 */
export interface UserTable {
  id: Generated<number>;
  /** Lower-case sign-in name, unique. */
  username: string;
  display_name: string;
  role: Role;
  provider_id: number | null;
  organization: string | null;
  /** JSON array of scenario codes a credit user may check. */
  scenarios: string | null;
  subject_id: number | null;
  status: 'active' | 'disabled';
  /** PHC string of argon2id. */
  password_hash: string;
  password_changed_at: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  last_login_at: string | null;
}

/** `user_session`: one sign-in. Only the SM3 of the cookie token is stored, so a database copy cannot sign in. */
export interface SessionTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: string;
  /** Last request (updated at most once a minute); the idle timeout counts from here. */
  last_seen_at: string;
  /** Absolute end of the session. */
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
}

/** `login_failure`: failed sign-ins within the throttling window (rows older than a day are purged). */
export interface LoginFailureTable {
  id: Generated<number>;
  /** Keyed digest (HMAC-SM3, 64 hex) of the user name tried, never the name itself (migration 0015). */
  username: string;
  ip: string;
  at: string;
}

/**
 * `api_client`: a machine caller (a department's system pushing data, a procurement system running checks).
 * Authenticates with `Authorization: Bearer <key_id>.<secret>`; only the SM3 of the token is stored. During a
 * rotation overlap the previous token stays valid until `previous_valid_until`.
 */
export interface ApiClientTable {
  id: Generated<number>;
  name: string;
  key_id: string;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_valid_until: string | null;
  role: Role;
  provider_id: number | null;
  organization: string | null;
  scenarios: string | null;
  /** Requests per minute; null = the installation default (XINYONG_RATE_LIMIT_CLIENT). */
  rate_limit: number | null;
  status: 'active' | 'revoked';
  created_at: string;
  created_by: string;
  rotated_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export type BindingStatus = 'pending' | 'approved' | 'rejected' | 'revoked';

/** `subject_binding`: a subject user's request to act for one subject (信用主体), decided by an administrator. */
export interface SubjectBindingTable {
  id: Generated<number>;
  user_id: number;
  subject_id: number;
  status: BindingStatus;
  /** Empty once sealed (migration 0015): how the requester proved it acts for the subject is in `evidence_cipher`. */
  evidence: string;
  /** SM4 ciphertext of the evidence (e.g. 营业执照 + 授权委托书 reference). */
  evidence_cipher: string | null;
  requested_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_note: string | null;
}

/**
 * `authorisation`: a natural person's (or subject's) written consent (授权书) allowing one organisation to query
 * its non-public credit information for a purpose within calendar dates (inclusive) — the "dual authorisation"
 * (双授权) an authorised query cites.
 */
export interface AuthorisationTable {
  id: Generated<number>;
  subject_id: number;
  grantee_organization: string;
  purpose: string;
  valid_from: string;
  valid_to: string;
  /** Reference to the signed consent kept by the grantee (document number, archive id). */
  evidence_ref: string;
  registered_at: string;
  registered_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

/**
 * `access_log`: one read of non-public information about a subject (查询记录): who, when, why, on what legal basis
 * or authorisation. Never updated or deleted; kept at least 5 years (深圳经济特区社会信用条例 art. 42).
 */
export interface AccessLogTable {
  id: Generated<number>;
  at: string;
  /** Stable actor label (`user:12`, `client:3`, `system:cli`). */
  actor: string;
  actor_name: string;
  role: string | null;
  organization: string | null;
  subject_id: number;
  resource: string;
  purpose: string;
  legal_basis: string;
  authorisation_id: number | null;
}
