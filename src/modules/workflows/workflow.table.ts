import type { Generated } from 'kysely';

/** `evidence_file`: an uploaded file stored content-addressed by its SM3 digest (docs/adr/0009-evidence-files.md). */
export interface EvidenceFileTable {
  digest: string;
  /** Empty once sealed: the bytes live in `content_cipher` (migration 0015). */
  content: Buffer;
  /** SM4 ciphertext of the file's bytes (identity documents among them). */
  content_cipher: string | null;
  size: number;
  media_type: string;
  /** Empty once sealed; the declared name is in `file_name_cipher`. */
  file_name: string;
  file_name_cipher: string | null;
  uploaded_by: string;
  created_at: string;
}

export type ApplicationKind = 'objection' | 'repair';
export type ApplicationStatus = 'submitted' | 'returned' | 'accepted' | 'extended' | 'decided' | 'refused';

/**
 * `application`: an objection (异议) or a credit-repair application (信用修复) about one record, with its deadline
 * counted in statutory working days and its outcome. History is in `application_event`; nothing is deleted.
 */
export interface ApplicationTable {
  id: Generated<number>;
  /** Public application number for progress lookup, e.g. YY20251009…, XF20251009…. */
  no: string;
  kind: ApplicationKind;
  /** Objection grounds or repair kind. */
  subtype: string;
  record_id: number;
  subject_id: number;
  provider_id: number;
  applicant: string;
  /** Empty once sealed (migration 0015): the name is in `applicant_name_cipher`. */
  applicant_name: string;
  applicant_name_cipher: string | null;
  /** SM4 ciphertext of the applicant's phone or e-mail. */
  contact_cipher: string | null;
  /** Empty once sealed (migration 0015): the statement is in `statement_cipher`. */
  statement: string;
  statement_cipher: string | null;
  /** Null once sealed; repairs' credit commitment (信用修复承诺, NDRC Order 36) is in `commitment_cipher`. */
  commitment: string | null;
  commitment_cipher: string | null;
  status: ApplicationStatus;
  outcome: string | null;
  outcome_reason: string | null;
  result_record_id: number | null;
  /** JSON list of missing materials named when an application is returned for supplement. */
  missing: string | null;
  /** JSON of the computed eligibility (repairs). */
  eligibility: string | null;
  filed_on: string;
  due_on: string | null;
  /** How the due date was computed (config and calendar), for the record. */
  deadline_rule: string | null;
  extension_reason: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApplicationEventTable {
  id: Generated<number>;
  application_id: number;
  at: string;
  actor: string;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  note: string | null;
}

export interface ApplicationEvidenceTable {
  application_id: number;
  digest: string;
  /** commitment | payment | rectification | decision | identity | other */
  evidence_type: string;
  added_at: string;
}

/** `evidence_holder`: an actor (`user:12`) that uploaded an evidence file, entitled to attach and read it. */
export interface EvidenceHolderTable {
  digest: string;
  holder: string;
  added_at: string;
}
