import type { Generated } from 'kysely';

/** Report kinds: 公共信用信息报告 (standard) and 专项信用报告 (special, 发改财金〔2025〕565号). */
export type ReportKind = 'standard' | 'special';

/**
 * Whose view a report shows (docs/adr/0013-report-signatures.md): `public` (公开版: publicly visible records on the
 * issue date), `authorised` (授权查询版: credit users with authorisation, regulators, the credit centre), `subject`
 * (本人版: the subject's own full view).
 */
export type ReportView = 'public' | 'authorised' | 'subject';

/**
 * `report`: one issued credit report. `content` is the canonical JSON the SM3 `content_digest` and the Ed25519
 * `signature` cover; `pdf` the signed PDF bytes with their SM3. One report per `series_key` and Shanghai
 * `issue_date`: a second request the same day gets the same row. Rows
 * are never updated or deleted.
 */
export interface ReportTable {
  id: Generated<number>;
  /** Public report number (报告编号), e.g. XYB20261129K3D9QW2M. */
  report_no: string;
  subject_id: number;
  kind: ReportKind;
  view: ReportView;
  /** Canonical JSON of the parameters: window, domains, whether the platform grade is included, as requested. */
  params: string;
  /**
   * SM3 over (subject, kind, view, requested window, domains, grade; the reader for authorised-view reports): reports
   * of one series supersede each other.
   */
  series_key: string;
  issue_date: string;
  issued_at: string;
  /** Last calendar date (inclusive) the report is valid. */
  valid_until: string;
  /** Actor label of the issuer (`anonymous`, `user:12`, `client:3`, `system:cli`). */
  issued_by: string;
  organization: string | null;
  /** Canonical JSON of the report content (ReportContent); no plaintext personal identifiers. */
  content: string;
  /** SM3 of `content` (hex). */
  content_digest: string;
  /** SM3 of the canonical subject and sections only: equal for two reports showing the same information. */
  data_digest: string;
  /** Base64 Ed25519 signature of the platform key over the content digest bytes. */
  signature: string;
  key_id: string;
  /** 核验码: 8 characters derived from report number and content digest. */
  verification_code: string;
  pdf: Buffer;
  /** SM3 of the PDF bytes as served. */
  pdf_sm3: string;
  pdf_size: number;
}
