import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { publicSigningKey } from '../../platform/crypto/signing.js';
import { AppError } from '../../platform/errors.js';
import { rateLimitPerIp } from '../../platform/http/security.js';
import { multipartOptions } from '../../platform/http/upload-limits.js';
import type { Runtime } from '../../runtime.js';
import { authorize } from '../access/policy.js';
import { issueReport, type ReportDeps } from './issue-report.service.js';
import { SIGNATURE_MARKER } from './pdf-signature.js';
import { getReportDocument, getReportPdf, listReports } from './read-report.service.js';
import { loadReportConfig } from './report.config.js';
import {
  CodeQuery,
  IssuedReportSchema,
  ListQuery,
  PdfVerificationSchema,
  PublicKeySchema,
  ReportBody,
  ReportDocumentSchema,
  ReportNoParams,
  ReportSummarySchema,
  VerificationSchema,
  VerifyQuery,
} from './reports.schemas.js';
import { verifyReportCode, verifyReportPdf } from './verify-report.service.js';

/** Uploaded reports for verification: one PDF of at most 20 MiB. */
const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

const SCHEME = `Ed25519 over SM3 of the PDF with the 128 hex digits after "${SIGNATURE_MARKER}" (Info /XinyongSignature) set to "0" (docs/adr/0013-report-signatures.md)`;

/**
 * Credit reports (公共信用信息报告, 专项信用报告): issuance, signed JSON and PDF, verification by number and code or by
 * uploaded file, and the platform's public key for offline verification. Stable for the portal's verification
 * page (web/src/features/reports).
 */
export const reportsRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  const deps: ReportDeps = { ...rt, reports: loadReportConfig(rt.config.dataDir) };
  await app.register(multipart, multipartOptions({ fileSize: MAX_VERIFY_BYTES }));

  app.post(
    '/reports',
    {
      // rendering a report costs CPU and storage: a tighter per-IP limit than the global one
      config: { rateLimit: rateLimitPerIp(30, 'report-issue') },
      schema: {
        tags: ['reports'],
        summary: '出具信用报告（公共信用信息报告 / 专项信用报告）',
        description:
          'The public gets the public view (standard report only); a subject user its own full view; credit users (natural persons: with authorisation), regulators and the credit centre the authorised view. The same request on the same day returns the same report (number and bytes).',
        body: ReportBody,
        response: { 201: IssuedReportSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { report, reused } = await issueReport(deps, request.actor, {
        subject: b.subject,
        kind: b.kind,
        ...(b.from === undefined ? {} : { from: b.from }),
        ...(b.to === undefined ? {} : { to: b.to }),
        ...(b.domains === undefined ? {} : { domains: b.domains }),
        ...(b.view === undefined ? {} : { view: b.view }),
        ...(b.purpose === undefined ? {} : { purpose: b.purpose }),
      });
      return reply.status(201).send({
        report,
        reused,
        reportNo: report.reportNo,
        verificationCode: report.verificationCode,
        issuedAt: report.issuedAt,
        pdfUrl: report.pdfUrl,
        subject: { name: report.subject.name, uscc: report.subject.uscc },
      });
    },
  );

  app.get(
    '/reports',
    {
      schema: {
        tags: ['reports'],
        summary: '已出具的信用报告（信用主体本身；信用中心）',
        querystring: ListQuery,
        response: { 200: Type.Array(ReportSummarySchema) },
      },
    },
    async (request) =>
      listReports(deps, request.actor, {
        ...(request.query.subject === undefined ? {} : { subjectId: request.query.subject }),
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      }),
  );

  app.get(
    '/reports/public-key',
    {
      schema: {
        tags: ['reports'],
        summary: '平台报告签名公钥（离线核验 PDF 签名）',
        response: { 200: PublicKeySchema },
      },
    },
    async (request) => {
      authorize(request.actor, 'report.verify');
      return { ...publicSigningKey(rt.secrets), signatureScheme: SCHEME };
    },
  );

  app.post(
    '/reports/verify',
    {
      config: { rateLimit: rateLimitPerIp(30, 'report-verify') },
      schema: {
        tags: ['reports'],
        summary: '上传报告 PDF 核验（multipart，字段 file）',
        description:
          'Checks the embedded signature over the file bytes, that the file is exactly the stored PDF of its report number, the stored report’s integrity, validity and supersession.',
        consumes: ['multipart/form-data'],
        response: { 200: PdfVerificationSchema },
      },
    },
    async (request) => {
      authorize(request.actor, 'report.verify');
      if (!request.isMultipart())
        throw new AppError('unsupported_media_type', '请以 multipart/form-data 上传报告文件（字段名 file）');
      const part = await request.file();
      if (part === undefined) throw new AppError('validation_failed', '未收到报告文件（字段名 file）');
      return verifyReportPdf(deps, await part.toBuffer());
    },
  );

  app.get(
    '/reports/:no/verify',
    {
      schema: {
        tags: ['reports'],
        summary: '按报告编号和核验码核验报告',
        description:
          'status valid / expired / superseded / unknown / invalid; subject name (masked for natural persons), kind, issue date and content digest; no personal data.',
        params: ReportNoParams,
        querystring: VerifyQuery,
        response: { 200: VerificationSchema },
      },
    },
    async (request) => {
      authorize(request.actor, 'report.verify');
      return verifyReportCode(deps, request.params.no, request.query.code);
    },
  );

  app.get(
    '/reports/:no',
    {
      schema: {
        tags: ['reports'],
        summary: '信用报告内容（JSON，含摘要与签名）',
        description:
          'For the issuer, the subject, the credit centre; a public-view report also for anyone with its code.',
        params: ReportNoParams,
        querystring: CodeQuery,
        response: { 200: ReportDocumentSchema },
      },
    },
    async (request) => getReportDocument(deps, request.actor, request.params.no, request.query.code),
  );

  app.get(
    '/reports/:no.pdf',
    {
      schema: {
        tags: ['reports'],
        summary: '信用报告 PDF（带平台签名）',
        description: 'Same access as the JSON. The bytes are exactly those issued (SM3 in pdfSm3).',
        params: ReportNoParams,
        querystring: CodeQuery,
        produces: ['application/pdf'],
        response: { 200: Type.Unknown({ contentMediaType: 'application/pdf', description: 'PDF bytes' }) },
      },
    },
    async (request, reply) => {
      const { reportNo, pdf } = await getReportPdf(
        deps,
        request.actor,
        request.params.no,
        request.query.code,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${reportNo}.pdf"`)
        .send(pdf);
    },
  );
};
