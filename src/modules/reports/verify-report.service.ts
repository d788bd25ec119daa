import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { publicSigningKey, verifyDigest } from '../../platform/crypto/signing.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import type { ReportDeps } from './issue-report.service.js';
import { verifyPdfSignature } from './pdf-signature.js';
import {
  findReportByNo,
  findReportPdf,
  findSupersedingReport,
  type ReportMetaRow,
} from './report.repository.js';
import type { ReportKind, ReportView } from './report.table.js';
import { KIND_TITLE, type ReportContent } from './report.types.js';
import { normalizeCode, verificationCodeOf } from './report-number.js';

/**
 * `valid`: genuine, unchanged, within its validity, the newest of its series; `expired`: past its valid-until date;
 * `superseded`: a later report of the same subject, kind, view, window and domains shows different information;
 * `unknown`: no report with that number and code; `invalid`: the stored report or the file fails its digests or
 * signatures (tampered).
 */
export type VerificationStatus = 'valid' | 'expired' | 'superseded' | 'unknown' | 'invalid';

/** What anyone learns when verifying a report: no personal data (names of natural persons are masked). */
export interface ReportVerification {
  readonly reportNo: string;
  readonly status: VerificationStatus;
  readonly valid: boolean;
  /** Why not valid, in Chinese; null when valid. */
  readonly reason: string | null;
  readonly kind?: ReportKind;
  readonly kindLabel?: string;
  readonly view?: ReportView;
  readonly subject?: { readonly name: string; readonly uscc: string | null };
  readonly issuedAt?: string;
  readonly issueDate?: string;
  /** Data cut-off date (信息截至). */
  readonly asOf?: string;
  readonly validUntil?: string;
  /** SM3 of the canonical content. */
  readonly digest?: string;
  /** SM3 of the PDF as issued. */
  readonly pdfSm3?: string;
  /** Issue date of the report that superseded this one. */
  readonly supersededOn?: string;
}

/** Result of verifying an uploaded PDF: the above plus what the file itself proved. */
export interface PdfVerification extends ReportVerification {
  /** The embedded signature verifies with the platform key over the file's bytes. */
  readonly signatureValid: boolean;
  /** The file is byte for byte the PDF the platform stored for that report number. */
  readonly matchesStored: boolean;
  /** SM3 of the uploaded file. */
  readonly fileSm3: string;
}

/** Problems found when re-checking a stored report: every digest, signature and derived column. */
export function storedReportProblems(
  deps: Pick<ReportDeps, 'secrets'>,
  row: ReportMetaRow,
  pdf: Buffer | undefined,
): string[] {
  const problems: string[] = [];
  let content: ReportContent | undefined;
  try {
    content = JSON.parse(row.content) as ReportContent;
    if (canonicalJson(content) !== row.content) problems.push('content is not in canonical form');
  } catch {
    problems.push('content is not JSON');
  }
  if (sm3Hex(row.content) !== row.content_digest) problems.push('content digest mismatch');
  if (!verifyDigest(deps.secrets, row.content_digest, row.signature, row.key_id))
    problems.push('content signature invalid');
  if (verificationCodeOf(row.report_no, row.content_digest) !== row.verification_code)
    problems.push('verification code mismatch');
  if (
    content !== undefined &&
    (content.reportNo !== row.report_no ||
      content.kind !== row.kind ||
      content.view !== row.view ||
      content.subject?.id !== row.subject_id ||
      content.issuedAt !== row.issued_at ||
      content.issueDate !== row.issue_date ||
      content.validUntil !== row.valid_until)
  )
    problems.push('columns differ from the signed content');
  if (pdf === undefined) problems.push('PDF missing');
  else {
    if (pdf.length !== row.pdf_size || sm3Hex(pdf) !== row.pdf_sm3) problems.push('PDF digest mismatch');
    const check = verifyPdfSignature(pdf, deps.secrets.signing.publicKeyPem);
    if (!check.valid) problems.push('PDF signature invalid');
    if (check.info.reportNo !== row.report_no || check.info.contentDigest !== row.content_digest)
      problems.push('PDF belongs to another report');
  }
  return problems;
}

async function statusOf(
  deps: Pick<ReportDeps, 'db' | 'clock' | 'secrets'>,
  row: ReportMetaRow,
  problems: readonly string[],
): Promise<ReportVerification> {
  const content = problems.length === 0 ? (JSON.parse(row.content) as ReportContent) : undefined;
  const base = {
    reportNo: row.report_no,
    kind: row.kind,
    kindLabel: KIND_TITLE[row.kind],
    view: row.view,
    ...(content === undefined ? {} : { subject: { name: content.subject.name, uscc: content.subject.uscc } }),
    issuedAt: row.issued_at,
    issueDate: row.issue_date,
    asOf: row.issue_date,
    validUntil: row.valid_until,
    digest: row.content_digest,
    pdfSm3: row.pdf_sm3,
  };
  if (problems.length > 0)
    return {
      ...base,
      status: 'invalid',
      valid: false,
      reason: '报告存档数据校验失败，报告可能已被篡改，请联系平台核实。',
    };
  if (shanghaiDate(deps.clock()) > row.valid_until)
    return {
      ...base,
      status: 'expired',
      valid: false,
      reason: `报告已于 ${row.valid_until} 过期，请重新获取报告。`,
    };
  const newer = await findSupersedingReport(deps.db, row);
  if (newer !== undefined)
    return {
      ...base,
      status: 'superseded',
      valid: false,
      reason: `该报告已被 ${newer.issue_date} 出具的同类报告替代（信息已有变化），请以最新报告为准。`,
      supersededOn: newer.issue_date,
    };
  return { ...base, status: 'valid', valid: true, reason: null };
}

const UNKNOWN_REASON = '未找到与该报告编号和核验码相符的报告，请核对后重试。';

/**
 * Verifies a report by number and verification code (GET /api/v1/reports/{no}/verify): re-checks the stored
 * report's digests and signatures, then its validity and whether a newer report superseded it. A wrong code and
 * an unknown number give the same `unknown` answer, so numbers cannot be probed.
 */
export async function verifyReportCode(
  deps: Pick<ReportDeps, 'db' | 'clock' | 'secrets'>,
  reportNo: string,
  code: string,
): Promise<ReportVerification> {
  const row = await findReportByNo(deps.db, reportNo);
  if (row === undefined || normalizeCode(code) !== row.verification_code)
    return { reportNo, status: 'unknown', valid: false, reason: UNKNOWN_REASON };
  return statusOf(deps, row, storedReportProblems(deps, row, await findReportPdf(deps.db, row.report_no)));
}

/**
 * Verifies an uploaded report PDF (POST /api/v1/reports/verify): its embedded signature over its bytes (platform
 * key), that it is byte for byte the PDF stored under its report number, the stored report's own integrity, and
 * the report's validity and supersession.
 */
export async function verifyReportPdf(
  deps: Pick<ReportDeps, 'db' | 'clock' | 'secrets'>,
  file: Buffer,
): Promise<PdfVerification> {
  const fileSm3 = sm3Hex(file);
  const key = publicSigningKey(deps.secrets);
  const check = verifyPdfSignature(file, key.publicKeyPem);
  const signatureValid = check.valid && check.info.keyId === key.keyId;
  const reportNo = check.info.reportNo ?? '';
  const row = reportNo === '' ? undefined : await findReportByNo(deps.db, reportNo);
  if (row === undefined)
    return {
      reportNo,
      status: signatureValid ? 'unknown' : 'invalid',
      valid: false,
      reason: signatureValid
        ? '文件签名有效，但本平台没有该编号的报告存档。'
        : (check.reason ?? '文件不是本平台出具的信用报告。'),
      signatureValid,
      matchesStored: false,
      fileSm3,
    };
  const stored = await findReportPdf(deps.db, row.report_no);
  const matchesStored = stored !== undefined && fileSm3 === row.pdf_sm3 && stored.equals(file);
  const result = await statusOf(deps, row, storedReportProblems(deps, row, stored));
  if (!signatureValid || !matchesStored)
    return {
      ...result,
      status: 'invalid',
      valid: false,
      reason: !signatureValid
        ? (check.reason ?? '文件签名核验失败，文件已被改动。')
        : '文件与平台存档的报告不一致，文件已被改动。',
      signatureValid,
      matchesStored,
      fileSm3,
    };
  return { ...result, signatureValid, matchesStored, fileSm3 };
}
