import { type Actor, actorLabel } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { signDigest } from '../../platform/crypto/signing.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { Runtime } from '../../runtime.js';
import { addCalendarDays, isCalendarDate, shanghaiDate } from '../../standards/calendar-date.js';
import { lookupRegion } from '../../standards/regions.js';
import { logAccess } from '../access/access-log.service.js';
import { type Authorisation, requireAuthorisation } from '../access/authorisation.service.js';
import { authorize, can } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getSubjectGrade, type SubjectGrade } from '../evaluation/subject-grade.service.js';
import { PROVIDER_SECTORS } from '../providers/provider.service.js';
import { resolveView } from '../records/credit-file.service.js';
import { getSubjectById, getSubjectByRef, subjectNotFound } from '../subjects/subject.service.js';
import { signPdf } from './pdf-signature.js';
import type { ReportConfig } from './report.config.js';
import { findSeriesReport, insertReport, type ReportListRow } from './report.repository.js';
import type { ReportKind, ReportView } from './report.table.js';
import { KIND_TITLE, type ReportContent, type ReportParams, type ReportSummary } from './report.types.js';
import { buildReportContent } from './report-content.service.js';
import { newReportNo, verificationCodeOf, verificationUrl } from './report-number.js';
import { renderReportPdf } from './report-pdf.js';

export type ReportDeps = Pick<Runtime, 'db' | 'clock' | 'secrets' | 'protector' | 'config'> & {
  readonly reports: ReportConfig;
};

/** A request for a report (POST /api/v1/reports, `xinyong report`). */
export interface ReportRequest {
  /** USCC or subject id. */
  readonly subject: string;
  readonly kind: ReportKind;
  /** First and last decision date of the window (YYYY-MM-DD). Special report: at most 5 years, default 3. */
  readonly from?: string;
  readonly to?: string;
  /** Special report: provider sectors (PROVIDER_SECTORS keys) to cover; all when absent. */
  readonly domains?: readonly string[];
  /** A lower view than the reader's own (e.g. a subject asking for its public version); default: the reader's. */
  readonly view?: ReportView;
  /** Why (for the access log); defaults to the authorisation's purpose or 出具信用报告. */
  readonly purpose?: string;
}

export interface IssuedReport {
  readonly report: ReportSummary;
  /** True when the day's report of the same series was returned instead of a new one. */
  readonly reused: boolean;
}

const VIEW_ACTION = {
  public: 'report.issue_public',
  authorised: 'report.issue_authorised',
  subject: 'report.issue_subject',
} as const;

/** The view a reader gets by default: the subject itself its own, credit users / regulators / centre authorised. */
export function defaultReportView(actor: Actor, subjectId: number): ReportView {
  if (actor.kind === 'system') return 'authorised';
  if (actor.kind === 'anonymous') return 'public';
  switch (actor.role) {
    case 'subject_user':
      return actor.scope.subjectId === subjectId ? 'subject' : 'public';
    case 'credit_user':
    case 'regulator':
    case 'platform_admin':
      return 'authorised';
    default:
      return 'public';
  }
}

/** `date` minus `years` calendar years (29 February → 28 February). */
function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
}

function resolveParams(
  req: ReportRequest,
  view: ReportView,
  today: string,
  config: ReportConfig,
  includeGrade: boolean,
): ReportParams {
  // the public report shows what is published on the issue date; one per subject and day bounds what anonymous
  // callers can make the platform render and store
  if (view === 'public' && (req.from !== undefined || req.to !== undefined))
    throw new AppError(
      'validation_failed',
      '公开版报告展示报告生成日的公示信息，不能指定查询期间（from/to）',
      {
        details: [
          {
            field: 'from',
            code: 'not_allowed',
            message: '公开版报告展示报告生成日的公示信息，不能指定查询期间',
          },
        ],
      },
    );
  for (const [name, value] of [
    ['from', req.from],
    ['to', req.to],
  ] as const)
    if (value !== undefined && !isCalendarDate(value))
      throw new AppError(
        'validation_failed',
        `${name === 'from' ? '查询期间起始日' : '查询期间截止日'} ${value} 不是有效日期（YYYY-MM-DD）`,
        {
          details: [{ field: name, code: 'date', message: '日期格式应为 YYYY-MM-DD' }],
        },
      );
  const to = req.to ?? today;
  if (to > today) throw new AppError('validation_failed', `查询期间截止日 ${to} 晚于今天 ${today}`);
  const domains = [...new Set(req.domains ?? [])].sort();
  const unknown = domains.filter((d) => PROVIDER_SECTORS[d] === undefined);
  if (unknown.length > 0)
    throw new AppError('validation_failed', `未知的领域：${unknown.join('、')}`, {
      details: [
        {
          field: 'domains',
          code: 'enum',
          message: `领域应为 ${Object.keys(PROVIDER_SECTORS).join(', ')} 之一`,
        },
      ],
    });
  let from = req.from ?? null;
  if (req.kind === 'special') {
    from ??= addCalendarDays(yearsBefore(to, config.specialDefaultYears), 1);
    if (from < yearsBefore(to, config.maxWindowYears))
      throw new AppError(
        'validation_failed',
        `专项信用报告的查询期间最长 ${config.maxWindowYears} 年（起始日不早于 ${yearsBefore(to, config.maxWindowYears)}）`,
        { details: [{ field: 'from', code: 'window', message: `查询期间最长 ${config.maxWindowYears} 年` }] },
      );
  } else if (domains.length > 0) {
    throw new AppError('validation_failed', '只有专项信用报告可以按领域出具');
  }
  if (from !== null && from > to)
    throw new AppError('validation_failed', `查询期间起始日 ${from} 晚于截止日 ${to}`);
  return {
    from,
    to,
    domains,
    includeGrade,
    requested: { from: req.from ?? null, to: req.to ?? null },
  };
}

/** 信用陕西 / 陕西省公共信用信息共享平台 for region 610000, and the like for other deployments. */
export function platformOf(region: string): ReportContent['platform'] {
  const name = lookupRegion(region)?.name ?? region;
  const short = name.replace(/(省|市|自治区|特别行政区|壮族|回族|维吾尔)+$/u, '');
  return { name: `${name}公共信用信息共享平台`, portal: `信用${short}`, region };
}

function legalBasisOf(actor: Actor, view: ReportView, authorisation: Authorisation | null): string {
  if (authorisation !== null) return '信息主体书面授权';
  if (view === 'subject')
    return actor.kind !== 'anonymous' && actor.kind !== 'system' && actor.role === 'subject_user'
      ? '信息主体查询本主体信用信息'
      : '应信息主体申请代为出具（信用服务窗口）';
  if (actor.kind === 'system' || (actor.kind !== 'anonymous' && actor.role === 'platform_admin'))
    return '信用信息平台运行管理职责';
  return '依法履行职责';
}

/** Metadata of a stored report, with the links a reader follows (code in the link only for public-view reports). */
export function toSummary(
  row: ReportListRow,
  subject: { id: number; kind: ReportSummary['subject']['kind']; name: string; uscc: string | null },
  publicUrl: string,
): ReportSummary {
  const params = JSON.parse(row.params) as ReportParams;
  const query = row.view === 'public' ? `?code=${row.verification_code}` : '';
  return {
    reportNo: row.report_no,
    kind: row.kind,
    view: row.view,
    subject: { id: subject.id, kind: subject.kind, name: subject.name, uscc: subject.uscc },
    from: params.from,
    to: params.to,
    domains: params.domains,
    issuedAt: row.issued_at,
    issueDate: row.issue_date,
    validUntil: row.valid_until,
    contentDigest: row.content_digest,
    pdfSm3: row.pdf_sm3,
    pdfSize: row.pdf_size,
    keyId: row.key_id,
    verificationCode: row.verification_code,
    verificationUrl: verificationUrl(publicUrl, row.report_no, row.verification_code),
    jsonUrl: `/api/v1/reports/${row.report_no}${query}`,
    pdfUrl: `/api/v1/reports/${row.report_no}.pdf${query}`,
  };
}

async function gradeFor(deps: ReportDeps, subjectId: number, now: Date): Promise<SubjectGrade | null> {
  try {
    return await getSubjectGrade(deps.db, subjectId, { asOf: now.toISOString() });
  } catch (e) {
    // the default model was retired or renamed: the section says the subject has not been evaluated
    if (e instanceof AppError && e.code === 'not_found') return null;
    throw e;
  }
}

/**
 * Issues a credit report (公共信用信息报告 or 专项信用报告) about a subject as the reader may see it: the public gets
 * the public view (standard report only), the subject its own full view, credit users (natural persons only with
 * an authorisation), regulators and the credit centre the authorised view. The content is canonical JSON with an
 * SM3 digest signed by the platform (Ed25519); the PDF carries its own signature over its bytes
 * (docs/adr/0013-report-signatures.md). The same request (subject, kind, view, window, domains — and for the
 * authorised view the same reader) on the same Shanghai day returns the report already issued that day — same
 * number, same bytes. Issuing a report with
 * non-public information writes the access log every time; a new report is audited (`report.issued`).
 * @throws AppError not_found (subject), unauthenticated / forbidden (view or kind not allowed, no authorisation),
 *   validation_failed (dates, window over 5 years, unknown domains)
 */
export async function issueReport(deps: ReportDeps, actor: Actor, req: ReportRequest): Promise<IssuedReport> {
  const now = deps.clock();
  const today = shanghaiDate(now);
  const subject = await getSubjectByRef(deps.db, req.subject, deps.protector);
  const view = req.view ?? defaultReportView(actor, subject.id);
  // an id number finds a person only for readers entitled to look the person up by it (the credit file's rule:
  // e.g. a credit user only under the person's authorisation); anyone else gets the answer for a number nobody holds
  if (
    subject.byRic === true &&
    (view === 'public' || (await resolveView(deps.db, actor, subject, now)).view === 'public')
  )
    throw subjectNotFound(req.subject);
  authorize(actor, VIEW_ACTION[view], { subjectId: subject.id });
  if (req.kind === 'special' && view === 'public') {
    const message = '专项信用报告含非公开信息（如简易程序处罚），只能由信息主体本人或经授权的查询方出具';
    throw new AppError(actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', message);
  }
  const authorisation =
    view === 'authorised' && subject.kind === 'natural_person'
      ? await requireAuthorisation(deps.db, actor, subject.id, now)
      : null;
  const includeGrade =
    view === 'subject' || (view === 'authorised' && can(actor, 'evaluation.read', { subjectId: subject.id }));
  const params = resolveParams(req, view, today, deps.reports, includeGrade);
  const seriesKey = sm3Hex(
    canonicalJson({
      subjectId: subject.id,
      kind: req.kind,
      view,
      requested: params.requested,
      domains: params.domains,
      includeGrade,
      // an authorised-view report belongs to its reader (its authorisation, its access log, its right to download)
      reader: view === 'authorised' ? actorLabel(actor) : null,
    }),
  );

  let row = await findSeriesReport(deps.db, seriesKey, today);
  const reused = row !== undefined;
  if (row === undefined) {
    const reportNo = newReportNo(req.kind, today);
    const validUntil = addCalendarDays(today, deps.reports.validDays - 1);
    const { content, dataDigest } = await buildReportContent(deps, {
      reportNo,
      kind: req.kind,
      view,
      subject,
      params,
      issuedAt: now,
      issueDate: today,
      validUntil,
      platform: platformOf(deps.config.region),
      keyId: deps.secrets.signing.id,
      grade: includeGrade ? await gradeFor(deps, subject.id, now) : null,
    });
    const text = canonicalJson(content);
    const digest = sm3Hex(text);
    const sig = signDigest(deps.secrets, digest);
    const code = verificationCodeOf(reportNo, digest);
    const unsigned = await renderReportPdf(content, {
      contentDigest: digest,
      verificationCode: code,
      verificationUrl: verificationUrl(deps.config.publicUrl, reportNo, code),
    });
    const pdf = signPdf(unsigned, (d) => Buffer.from(signDigest(deps.secrets, d).signature, 'base64'));
    const organization =
      actor.kind === 'user' || actor.kind === 'client' ? (actor.scope.organization ?? null) : null;
    row = await inTransaction(deps.db, async (tx) => {
      const written = await insertReport(tx, {
        report_no: reportNo,
        subject_id: subject.id,
        kind: req.kind,
        view,
        params: canonicalJson(params),
        series_key: seriesKey,
        issue_date: today,
        issued_at: now.toISOString(),
        valid_until: validUntil,
        issued_by: actorLabel(actor),
        organization,
        content: text,
        content_digest: digest,
        data_digest: dataDigest,
        signature: sig.signature,
        key_id: sig.keyId,
        verification_code: code,
        pdf,
        pdf_sm3: sm3Hex(pdf),
        pdf_size: pdf.length,
      });
      if (written)
        await appendAudit(
          tx,
          [
            {
              actor: actorLabel(actor),
              action: 'report.issued',
              entityType: 'report',
              entityId: reportNo,
              payload: { subjectId: subject.id, kind: req.kind, view, digest, pdfSm3: sm3Hex(pdf) },
            },
          ],
          now,
        );
      // a concurrent identical request won the race: serve the day's report it wrote
      return findSeriesReport(tx, seriesKey, today);
    });
    if (row === undefined) throw new AppError('internal', `报告序列 ${seriesKey} 的报告读取失败`);
  }

  if (view !== 'public')
    await logAccess(
      deps.db,
      actor,
      {
        subjectId: subject.id,
        resource: `report:${row.report_no}`,
        purpose: req.purpose ?? authorisation?.purpose ?? `出具${KIND_TITLE[req.kind]}`,
        legalBasis: legalBasisOf(actor, view, authorisation),
        authorisationId: authorisation?.id ?? null,
      },
      now,
    );
  return { report: toSummary(row, subject, deps.config.publicUrl), reused };
}

/** The subject part of a summary for a stored report (names of natural persons are stored masked). */
export async function summarySubject(
  deps: Pick<ReportDeps, 'db'>,
  subjectId: number,
): Promise<{ id: number; kind: ReportSummary['subject']['kind']; name: string; uscc: string | null }> {
  const s = await getSubjectById(deps.db, subjectId);
  return { id: s.id, kind: s.kind, name: s.name, uscc: s.uscc };
}
