import { Type } from 'typebox';
import { DateString, Instant, Pagination, Strict, StringEnum } from '../../platform/http/schema.js';
import { PROVIDER_SECTORS } from '../providers/provider.service.js';
import { REPORT_NO_PATTERN } from './report-number.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

const Kind = StringEnum(['standard', 'special'] as const, {
  description: 'standard = 公共信用信息报告; special = 专项信用报告（替代有无违法违规记录证明）',
});
const View = StringEnum(['public', 'authorised', 'subject'] as const, {
  description: 'public = 公开版; authorised = 授权查询版; subject = 信用主体本人版',
});
const SubjectKind = StringEnum(['legal_entity', 'individual_business', 'natural_person'] as const);

export const ReportBody = Strict({
  subject: Type.String({ minLength: 1, maxLength: 40, description: '统一社会信用代码 or subject id' }),
  kind: Kind,
  from: Type.Optional(
    Type.String({ pattern: DATE, description: 'first decision date of the window (special: ≤ 5 years)' }),
  ),
  to: Type.Optional(
    Type.String({ pattern: DATE, description: 'last decision date of the window; default today' }),
  ),
  domains: Type.Optional(
    Type.Array(StringEnum(Object.keys(PROVIDER_SECTORS)), {
      maxItems: 20,
      description: 'special report: provider sectors (领域) to cover; all when absent',
    }),
  ),
  view: Type.Optional(View),
  purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '查询用途 (access log)' })),
});

export const ReportNoParams = Strict({
  no: Type.String({ pattern: REPORT_NO_PATTERN, description: '报告编号' }),
});

export const CodeQuery = Strict({
  code: Type.Optional(
    Type.String({ minLength: 4, maxLength: 20, description: '核验码: opens a public-view report to anyone' }),
  ),
});

export const VerifyQuery = Strict({
  code: Type.String({ minLength: 4, maxLength: 20, description: '核验码' }),
});

export const ListQuery = Strict({
  subject: Type.Optional(Type.Integer({ minimum: 1, description: 'subject id (credit centre)' })),
  ...Pagination,
});

export const ReportSummarySchema = Type.Object({
  reportNo: Type.String(),
  kind: Kind,
  view: View,
  subject: Type.Object({
    id: Type.Integer(),
    kind: SubjectKind,
    name: Type.String({ description: 'masked for natural persons' }),
    uscc: Nullable(Type.String()),
  }),
  from: Nullable(DateString),
  to: DateString,
  domains: Type.Array(Type.String()),
  issuedAt: Instant,
  issueDate: DateString,
  validUntil: DateString,
  contentDigest: Type.String({ description: 'SM3 of the canonical JSON content' }),
  pdfSm3: Type.String({ description: 'SM3 of the PDF bytes' }),
  pdfSize: Type.Integer(),
  keyId: Type.String(),
  verificationCode: Type.String({ description: '核验码 (8 characters)' }),
  verificationUrl: Type.String({ description: 'the portal verification page, as in the QR code' }),
  jsonUrl: Type.String(),
  pdfUrl: Type.String(),
});

export const IssuedReportSchema = Type.Object({
  report: ReportSummarySchema,
  reused: Type.Boolean({ description: 'the day’s report of the same series was returned' }),
  // top-level copies for the portal page (web/src/features/reports)
  reportNo: Type.String(),
  verificationCode: Type.String(),
  issuedAt: Instant,
  pdfUrl: Type.String(),
  subject: Type.Object({ name: Type.String(), uscc: Nullable(Type.String()) }),
});

const Fact = Type.Object({ label: Type.String(), text: Type.String() });

const ReportRecordSchema = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  item: Type.Object({
    code: Type.String(),
    name: Type.String(),
    version: Type.Integer(),
    origin: StringEnum(['national', 'local'] as const),
  }),
  provider: Type.Object({ code: Type.String(), name: Type.String() }),
  documentNumber: Nullable(Type.String()),
  decisionDate: Nullable(Type.String()),
  status: StringEnum(['active', 'revoked', 'repaired', 'removed'] as const),
  fields: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), text: Type.String() })),
  publicity: Type.Object({
    severity: Nullable(StringEnum(['minor', 'general', 'serious'] as const)),
    published: Type.Boolean(),
    start: Nullable(Type.String()),
    end: Nullable(Type.String()),
    earliestRepair: Nullable(Type.String()),
    rule: Nullable(Type.String()),
  }),
  tags: Type.Array(Type.String()),
});

/** The signed report content (format xinyong-report/1); `sm3(canonicalJson(content))` is the content digest. */
export const ReportContentSchema = Type.Object({
  format: Type.Literal('xinyong-report/1'),
  reportNo: Type.String(),
  kind: Kind,
  title: Type.String(),
  view: View,
  platform: Type.Object({ name: Type.String(), portal: Type.String(), region: Type.String() }),
  subject: Type.Object({
    id: Type.Integer(),
    kind: SubjectKind,
    name: Type.String(),
    uscc: Nullable(Type.String()),
    idNumber: Nullable(Type.String({ description: 'masked; subject’s own report of a natural person only' })),
    regStatus: Nullable(Type.String()),
    regionCode: Nullable(Type.String()),
    regionName: Nullable(Type.String()),
  }),
  parameters: Type.Object({
    from: Nullable(Type.String()),
    to: Type.String(),
    domains: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
    includeGrade: Type.Boolean(),
  }),
  issuedAt: Instant,
  issueDate: DateString,
  dataCutoff: Instant,
  validUntil: DateString,
  sections: Type.Array(
    Type.Object({
      code: Type.String(),
      title: Type.String(),
      facts: Type.Array(Fact),
      groups: Type.Array(
        Type.Object({
          code: Type.String(),
          title: Type.String(),
          records: Type.Array(ReportRecordSchema),
          note: Nullable(Type.String()),
        }),
      ),
      paragraphs: Type.Array(Type.String()),
    }),
  ),
  sources: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), records: Type.Integer() })),
  rules: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), citation: Type.String(), records: Type.Integer() }),
  ),
  statements: Type.Array(Type.String()),
  signing: Type.Object({ keyId: Type.String(), algorithm: Type.Literal('ed25519') }),
});

export const ReportDocumentSchema = Type.Object({
  report: ReportSummarySchema,
  content: ReportContentSchema,
  contentDigest: Type.String(),
  signature: Type.String({ description: 'base64 Ed25519 signature over the digest bytes' }),
  keyId: Type.String(),
  algorithm: Type.Literal('ed25519'),
});

const Status = StringEnum(['valid', 'expired', 'superseded', 'unknown', 'invalid'] as const, {
  description:
    'valid; expired (past validUntil); superseded (a newer report of the same kind/window shows different information); unknown (no such number + code); invalid (tampered)',
});

const verificationProperties = {
  reportNo: Type.String(),
  status: Status,
  valid: Type.Boolean(),
  reason: Nullable(Type.String()),
  kind: Type.Optional(Kind),
  kindLabel: Type.Optional(Type.String()),
  view: Type.Optional(View),
  subject: Type.Optional(
    Type.Object({
      name: Type.String({ description: 'masked for natural persons' }),
      uscc: Nullable(Type.String()),
    }),
  ),
  issuedAt: Type.Optional(Instant),
  issueDate: Type.Optional(DateString),
  asOf: Type.Optional(DateString),
  validUntil: Type.Optional(DateString),
  digest: Type.Optional(Type.String({ description: 'SM3 of the canonical content' })),
  pdfSm3: Type.Optional(Type.String()),
  supersededOn: Type.Optional(DateString),
};

export const VerificationSchema = Type.Object(verificationProperties);

export const PdfVerificationSchema = Type.Object({
  ...verificationProperties,
  signatureValid: Type.Boolean(),
  matchesStored: Type.Boolean(),
  fileSm3: Type.String(),
});

export const PublicKeySchema = Type.Object({
  keyId: Type.String(),
  algorithm: Type.Literal('ed25519'),
  publicKeyPem: Type.String({ description: 'SPKI PEM' }),
  signatureScheme: Type.String(),
});
