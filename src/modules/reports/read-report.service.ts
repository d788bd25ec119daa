import { type Actor, actorLabel } from '../../platform/actor.js';
import { notFound } from '../../platform/errors.js';
import { logAccess } from '../access/access-log.service.js';
import { authorize } from '../access/policy.js';
import { type ReportDeps, summarySubject, toSummary } from './issue-report.service.js';
import { findReportByNo, findReportPdf, listReportRows, type ReportMetaRow } from './report.repository.js';
import type { ReportContent, ReportSummary } from './report.types.js';
import { normalizeCode } from './report-number.js';

/** A stored report with its signed content, for entitled readers (GET /api/v1/reports/{no}). */
export interface ReportDocument {
  readonly report: ReportSummary;
  readonly content: ReportContent;
  /** SM3 of the canonical content: `sm3(canonicalJson(content))` equals it. */
  readonly contentDigest: string;
  /** Base64 Ed25519 signature of the platform key over the digest bytes. */
  readonly signature: string;
  readonly keyId: string;
  readonly algorithm: 'ed25519';
}

/**
 * Who may read a stored report's content or PDF: anyone presenting the verification code of a public-view report;
 * the user or client that issued it; the subject's own users; the credit centre. Reads of a non-public report by
 * someone other than the subject or the issuer are written to the access log.
 * @throws AppError not_found (no such report), unauthenticated / forbidden
 */
async function entitledRow(
  deps: Pick<ReportDeps, 'db' | 'clock'>,
  actor: Actor,
  reportNo: string,
  code: string | undefined,
  what: string,
): Promise<ReportMetaRow> {
  const row = await findReportByNo(deps.db, reportNo);
  if (row === undefined) throw notFound(`信用报告 ${reportNo}`);
  const withCode =
    row.view === 'public' && code !== undefined && normalizeCode(code) === row.verification_code;
  const issuer = actor.kind !== 'anonymous' && row.issued_by === actorLabel(actor);
  if (withCode || issuer) return row;
  authorize(actor, 'report.read', { subjectId: row.subject_id });
  const own =
    actor.kind !== 'anonymous' &&
    actor.kind !== 'system' &&
    actor.role === 'subject_user' &&
    actor.scope.subjectId === row.subject_id;
  if (row.view !== 'public' && !own)
    await logAccess(
      deps.db,
      actor,
      {
        subjectId: row.subject_id,
        resource: `report:${row.report_no}`,
        purpose: `${what}（${row.issued_by} 出具）`,
        legalBasis: '信用信息平台运行管理职责',
        authorisationId: null,
      },
      deps.clock(),
    );
  return row;
}

/** A stored report's metadata, content, digest and signature. See {@link entitledRow} for who may read it. */
export async function getReportDocument(
  deps: Pick<ReportDeps, 'db' | 'clock' | 'config'>,
  actor: Actor,
  reportNo: string,
  code?: string,
): Promise<ReportDocument> {
  const row = await entitledRow(deps, actor, reportNo, code, '查阅信用报告');
  return {
    report: toSummary(row, await summarySubject(deps, row.subject_id), deps.config.publicUrl),
    content: JSON.parse(row.content) as ReportContent,
    contentDigest: row.content_digest,
    signature: row.signature,
    keyId: row.key_id,
    algorithm: 'ed25519',
  };
}

/** The signed PDF bytes of a stored report, exactly as issued. See {@link entitledRow} for who may read it. */
export async function getReportPdf(
  deps: Pick<ReportDeps, 'db' | 'clock'>,
  actor: Actor,
  reportNo: string,
  code?: string,
): Promise<{ reportNo: string; pdf: Buffer }> {
  const row = await entitledRow(deps, actor, reportNo, code, '下载信用报告');
  const pdf = await findReportPdf(deps.db, row.report_no);
  if (pdf === undefined) throw notFound(`信用报告 ${reportNo}`);
  return { reportNo: row.report_no, pdf };
}

/**
 * Issued reports, newest first (`report.list`): a subject user's own subject's reports, or for the credit centre
 * all (optionally one subject's).
 * @throws AppError unauthenticated / forbidden
 */
export async function listReports(
  deps: Pick<ReportDeps, 'db' | 'config'>,
  actor: Actor,
  filter: { subjectId?: number; limit: number; offset: number },
): Promise<ReportSummary[]> {
  let subjectId = filter.subjectId;
  if ((actor.kind === 'user' || actor.kind === 'client') && actor.role === 'subject_user')
    subjectId ??= actor.scope.subjectId;
  authorize(actor, 'report.list', subjectId === undefined ? {} : { subjectId });
  const rows = await listReportRows(deps.db, {
    ...(subjectId === undefined ? {} : { subjectId }),
    limit: filter.limit,
    offset: filter.offset,
  });
  const subjects = new Map<number, Awaited<ReturnType<typeof summarySubject>>>();
  const out: ReportSummary[] = [];
  for (const r of rows) {
    let s = subjects.get(r.subject_id);
    if (s === undefined) {
      s = await summarySubject(deps, r.subject_id);
      subjects.set(r.subject_id, s);
    }
    out.push(toSummary(r, s, deps.config.publicUrl));
  }
  return out;
}
