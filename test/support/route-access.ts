// The declarative access expectations for EVERY route of the application. The role × route matrix
// (src/modules/access/route-matrix.test.ts) enumerates the routes actually registered and fails when one has no
// entry here, or an entry has no route: whoever adds a route classifies it here in the same change.

import { registerAuthorisation } from '../../src/modules/access/authorisation.service.js';
import { requestBinding } from '../../src/modules/access/binding.service.js';
import { XZCF } from '../../src/modules/catalog/national/xzcf.item.js';
import { runCheck } from '../../src/modules/checks/run-check.service.js';
import { DEFAULT_MODEL } from '../../src/modules/evaluation/shipped-models.js';
import { getProvider } from '../../src/modules/providers/provider.service.js';
import { issueReport } from '../../src/modules/reports/issue-report.service.js';
import { DEFAULT_REPORT_CONFIG } from '../../src/modules/reports/report.config.js';
import { performDraw } from '../../src/modules/supervision/inspection-draw.service.js';
import { createPlan } from '../../src/modules/supervision/inspection-plan.service.js';
import { fileObjection } from '../../src/modules/workflows/objection.service.js';
import { applyForRepair } from '../../src/modules/workflows/repair.service.js';
import { type Role, systemActor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import type { Runtime } from '../../src/runtime.js';
import { addCalendarDays, shanghaiDate } from '../../src/standards/calendar-date.js';
import {
  createTestClient,
  createTestUser,
  ingestPersons,
  personPenaltyRow,
  type SyntheticPerson,
  syntheticPersons,
  TEST_PASSWORD,
} from './auth.js';

/** A sample request; path parameters are substituted into the URL. */
export interface SampleRequest {
  readonly params?: Readonly<Record<string, string | number>>;
  readonly query?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
}

/** What a route allows (roles are allowed within their own scope — fixtures put every role in scope). */
export type Allow = 'public' | 'signed_in' | readonly Role[];

export interface RouteAccess {
  readonly allow: Allow;
  /**
   * The scope axes the route enforces for its sample resource: principals of the allowed roles but of another
   * provider / subject / organisation must be denied (401, 403 or 404).
   */
  readonly scoped?: readonly ('provider' | 'subject' | 'organization')[];
  /** A request that reaches the authorization check (valid path, query and body), built from the fixtures. */
  readonly sample?: (f: MatrixFixtures) => SampleRequest;
  /** Why, when not obvious. */
  readonly why?: string;
  /**
   * The response describes the API or the catalog (field codes appear as metadata, not as data), so the check that
   * anonymous answers name no non-public field does not apply.
   */
  readonly describesSchema?: true;
}

/** Data the samples refer to: everything belongs to provider A / organisation A / subject A. */
export interface MatrixFixtures {
  readonly providerId: number;
  readonly providerCode: string;
  readonly otherProviderId: number;
  readonly organization: string;
  /** A natural person with a penalty record of provider A. */
  readonly subjectId: number;
  readonly otherSubjectId: number;
  readonly persons: readonly SyntheticPerson[];
  readonly batchId: number;
  /** The current XZCF record of provider A about `subjectId`. */
  readonly recordId: number;
  readonly victimUserId: number;
  readonly victimClientId: number;
  readonly pendingBindingId: number;
  readonly revocableAuthorisationId: number;
  readonly loginUsername: string;
  /** A check run by a credit user of `organization` (scenario procurement). */
  readonly checkNo: string;
  /** An open objection and a repair application about `recordId`. */
  readonly objectionNo: string;
  readonly repairNo: string;
  /** A random-inspection plan of zj-nb-amr drawn today (draw `inspectionDrawId`), and one not drawn yet. */
  readonly inspectionPlanId: number;
  readonly inspectionDrawId: number;
  readonly undrawnPlanId: number;
  /** A standard report about `subjectId` issued by the credit centre (authorised view), with its code. */
  readonly reportNo: string;
  readonly reportCode: string;
}

const ADMIN: readonly Role[] = ['platform_admin'];
const PROVIDER_READERS: readonly Role[] = ['platform_admin', 'provider_operator', 'provider_reviewer'];
const PUBLIC = { allow: 'public' } as const;
const WATCHERS: readonly Role[] = ['platform_admin', 'credit_user', 'regulator', 'subject_user'];
const SUBJECT_SIDE: readonly Role[] = ['platform_admin', 'subject_user'];
const DECIDERS: readonly Role[] = ['platform_admin', 'provider_reviewer'];
const APPLICATION_READERS: readonly Role[] = [
  'platform_admin',
  'provider_operator',
  'provider_reviewer',
  'subject_user',
];
const DOCS = { allow: 'public', describesSchema: true } as const;
const SUPERVISORS: readonly Role[] = ['platform_admin', 'regulator'];
const GRADE_READERS: readonly Role[] = ['platform_admin', 'regulator', 'subject_user'];

export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // platform
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /api/openapi.json': DOCS,
  'GET /api/docs': DOCS,
  'GET /api/docs/json': DOCS,
  'GET /api/docs/yaml': DOCS,
  'GET /api/docs/static/index.html': DOCS,
  'GET /api/docs/static/swagger-initializer.js': DOCS,
  'GET /api/docs/static/*': { ...DOCS, sample: () => ({ params: { '*': 'swagger-ui.css' } }) },

  // web: the built portal and console (src/modules/web); static files and the SPA's index.html
  'GET /assets/*': {
    ...PUBLIC,
    sample: () => ({ params: { '*': 'missing-chunk.js' } }),
    why: 'hashed bundle files of the public web app',
  },
  'GET /*': {
    ...PUBLIC,
    sample: () => ({ params: { '*': 'subject/91610000000000000X' } }),
    why: 'index.html for client-side routes; the app itself asks the API for data',
  },

  // access: sessions
  'POST /api/v1/session': {
    allow: 'public',
    sample: (f) => ({ body: { username: f.loginUsername, password: TEST_PASSWORD } }),
  },
  'GET /api/v1/session': { ...PUBLIC, why: 'tells the UI who is signed in, or that nobody is' },
  'DELETE /api/v1/session': { ...PUBLIC, why: 'sign-out is idempotent' },
  'POST /api/v1/session/password': {
    allow: 'signed_in',
    sample: () => ({ body: { currentPassword: TEST_PASSWORD, newPassword: 'Neu-口令-2027-Secure!' } }),
  },

  // access: users (credit centre only)
  'GET /api/v1/users': { allow: ADMIN },
  'POST /api/v1/users': {
    allow: ADMIN,
    sample: () => ({
      body: { username: 'matrix-new', displayName: '矩阵新用户', role: 'regulator', password: TEST_PASSWORD },
    }),
  },
  'GET /api/v1/users/:id': { allow: ADMIN, sample: (f) => ({ params: { id: f.victimUserId } }) },
  'PATCH /api/v1/users/:id': {
    allow: ADMIN,
    sample: (f) => ({ params: { id: f.victimUserId }, body: { displayName: '改名' } }),
  },
  'POST /api/v1/users/:id/disable': { allow: ADMIN, sample: (f) => ({ params: { id: f.victimUserId } }) },
  'POST /api/v1/users/:id/enable': { allow: ADMIN, sample: (f) => ({ params: { id: f.victimUserId } }) },
  'POST /api/v1/users/:id/password': {
    allow: ADMIN,
    sample: (f) => ({ params: { id: f.victimUserId }, body: { password: 'Reset-口令-2026-Secure!' } }),
  },

  // access: API clients (credit centre only)
  'GET /api/v1/clients': { allow: ADMIN },
  'POST /api/v1/clients': {
    allow: ADMIN,
    sample: (f) => ({ body: { name: 'matrix', role: 'credit_user', organization: f.organization } }),
  },
  'GET /api/v1/clients/:id': { allow: ADMIN, sample: (f) => ({ params: { id: f.victimClientId } }) },
  'POST /api/v1/clients/:id/revoke': { allow: ADMIN, sample: (f) => ({ params: { id: f.victimClientId } }) },
  'POST /api/v1/clients/:id/rotate': { allow: ADMIN, sample: (f) => ({ params: { id: f.victimClientId } }) },

  // access: subject bindings
  'POST /api/v1/subject-bindings': {
    allow: ['subject_user'],
    sample: (f) => ({ body: { subjectId: f.subjectId, evidence: '授权委托书 2026-001' } }),
  },
  'GET /api/v1/subject-bindings': { allow: ['platform_admin', 'subject_user'] },
  'POST /api/v1/subject-bindings/:id/approve': {
    allow: ADMIN,
    sample: (f) => ({ params: { id: f.pendingBindingId } }),
  },
  'POST /api/v1/subject-bindings/:id/reject': {
    allow: ADMIN,
    sample: (f) => ({ params: { id: f.pendingBindingId } }),
  },
  'POST /api/v1/subject-bindings/:id/revoke': {
    allow: ADMIN,
    sample: (f) => ({ params: { id: f.pendingBindingId } }),
  },

  // access: authorised queries and the access log
  'POST /api/v1/authorisations': {
    allow: ['platform_admin', 'credit_user'],
    scoped: ['organization'],
    sample: (f) => ({
      body: {
        subjectId: f.subjectId,
        granteeOrganization: f.organization,
        purpose: '贷款审批',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        evidenceRef: '授权书 2026-100',
      },
    }),
  },
  'GET /api/v1/authorisations': {
    allow: ['platform_admin', 'credit_user', 'subject_user'],
    scoped: ['organization'],
    sample: (f) => ({ query: { organization: f.organization } }),
  },
  'POST /api/v1/authorisations/:id/revoke': {
    allow: ['platform_admin', 'credit_user', 'subject_user'],
    scoped: ['organization', 'subject'],
    sample: (f) => ({ params: { id: f.revocableAuthorisationId } }),
  },
  'GET /api/v1/access-log': {
    allow: ['platform_admin', 'subject_user'],
    scoped: ['subject'],
    sample: (f) => ({ query: { subjectId: f.subjectId } }),
  },

  // audit
  'GET /api/v1/audit/status': { allow: ADMIN },
  'GET /api/v1/audit/events': { allow: ADMIN },

  // catalog
  'GET /api/v1/catalog': DOCS,
  'GET /api/v1/catalog/:item': { ...DOCS, sample: () => ({ params: { item: 'XZCF' } }) },
  'POST /api/v1/catalog': { allow: ADMIN, sample: () => ({ body: { ...XZCF, code: 'MATRIX_LOCAL' } }) },
  'GET /api/v1/catalog/:item/template.xlsx': {
    allow: 'public',
    sample: () => ({ params: { item: 'XZCF' } }),
  },
  'GET /api/v1/catalog/:item/template.csv': { allow: 'public', sample: () => ({ params: { item: 'XZCF' } }) },

  // providers (信息提供单位)
  'GET /api/v1/providers': PUBLIC,
  'GET /api/v1/providers/:code': { allow: 'public', sample: (f) => ({ params: { code: f.providerCode } }) },
  'PUT /api/v1/providers/:code': {
    allow: ADMIN,
    sample: () => ({
      params: { code: 'matrix-new-provider' },
      body: {
        name: '矩阵测试局',
        uscc: null,
        regionCode: '610100',
        sector: 'general',
        items: ['XZXK'],
      },
    }),
  },

  // collection (batches)
  // credit files and records (who sees what is decided by the reader's view; a credit user needs the subject's
  // authorisation for a natural person)
  'GET /api/v1/subjects': { allow: 'public', sample: () => ({ query: { q: '测试' } }) },
  'GET /api/v1/subjects/:subject': {
    allow: 'public',
    sample: (f) => ({ params: { subject: f.subjectId } }),
    why: 'every reader gets its own view; a credit user without the person’s authorisation gets the public one (credit-file.test.ts)',
  },
  'GET /api/v1/subjects/:subject/records': {
    allow: 'public',
    sample: (f) => ({ params: { subject: f.subjectId } }),
  },
  'GET /api/v1/records/:id': {
    allow: 'public',
    sample: (f) => ({ params: { id: f.recordId } }),
    why: "another provider's operator gets the public projection of a public record (checked for leaks)",
  },
  'PATCH /api/v1/records/:id': {
    allow: PROVIDER_READERS,
    scoped: ['provider'],
    sample: (f) => ({
      params: { id: f.recordId },
      // an empty correction changes nothing, so the record stays current for the next principal
      body: { fields: {}, reason: '核对后无需更正' },
    }),
  },
  'POST /api/v1/records/:id/revoke': {
    allow: ['platform_admin', 'provider_reviewer'],
    scoped: ['provider'],
    sample: (f) => ({ params: { id: f.recordId }, body: { reason: '处罚决定已被依法撤销' } }),
  },

  'POST /api/v1/batches': {
    allow: ['platform_admin', 'provider_operator'],
    scoped: ['provider'],
    sample: (f) => ({
      body: {
        item: 'XZCF',
        provider: f.providerCode,
        rows: [personPenaltyRow(syntheticPersons(1, 500)[0] as SyntheticPerson, 500)],
      },
    }),
  },
  'GET /api/v1/batches': {
    allow: PROVIDER_READERS,
    scoped: ['provider'],
    sample: (f) => ({ query: { provider: f.providerCode } }),
  },
  'GET /api/v1/batches/:id': {
    allow: PROVIDER_READERS,
    scoped: ['provider'],
    sample: (f) => ({ params: { id: f.batchId } }),
  },
  'GET /api/v1/batches/:id/issues': {
    allow: PROVIDER_READERS,
    scoped: ['provider'],
    sample: (f) => ({ params: { id: f.batchId } }),
  },
  'GET /api/v1/batches/:id/issues.csv': {
    allow: PROVIDER_READERS,
    scoped: ['provider'],
    sample: (f) => ({ params: { id: f.batchId } }),
  },

  // header mapping profiles (表头映射方案): the credit centre and a provider's operators (profile.manage)
  'GET /api/v1/profiles': {
    allow: ['platform_admin', 'provider_operator'],
    why: 'an operator sees its own provider’s profiles and the shared ones',
  },
  'GET /api/v1/profiles/:name': {
    allow: ['platform_admin', 'provider_operator'],
    sample: () => ({ params: { name: 'zhejiang-xzxk' } }),
    why: 'a shared (provider-less) shipped profile; another provider’s profile is refused (profiles.routes.test.ts)',
  },
  'PUT /api/v1/profiles/:name': {
    allow: ['platform_admin', 'provider_operator'],
    scoped: ['provider'],
    sample: (f) => ({
      params: { name: 'matrix-profile' },
      body: {
        item: 'XZCF',
        provider: f.providerCode,
        description: '矩阵测试方案',
        columns: { 文书号: 'CF_WSH' },
      },
    }),
  },

  'GET /api/v1/publicity/latest': { allow: 'public', sample: () => ({ query: { item: 'XZCF', limit: 5 } }) },
  'POST /api/v1/records/:id/remove': {
    allow: ['platform_admin', 'provider_reviewer'],
    scoped: ['provider'],
    sample: (f) => ({ params: { id: f.recordId }, body: { reason: '已履行义务，依法移出' } }),
    why: 'the sample record is a penalty, so allowed roles get 409 (not a list); others are refused first',
  },

  // joint incentives and disciplines: published measures list; checks with signed receipts; watch lists
  'GET /api/v1/scenarios': DOCS,
  'GET /api/v1/measures': { ...DOCS, why: 'the measures list is published (清单制管理)' },
  'PUT /api/v1/measures/:code/basis': {
    allow: ['platform_admin'],
    sample: () => ({ params: { code: 'PROC_BAR_DEFAULTER' }, body: { confirmed: true, note: '已核实' } }),
    why: 'the credit centre confirms a measure’s legal basis before it may answer 禁止 (audited)',
  },
  'POST /api/v1/checks': {
    allow: ['platform_admin', 'credit_user'],
    sample: () => ({ body: { scenario: 'procurement', subjects: [{ name: '矩阵测试不存在的主体' }] } }),
    why: 'credit users within the scenarios they are registered for',
  },
  'GET /api/v1/checks/:no/verify': {
    allow: 'public',
    sample: (f) => ({ params: { no: f.checkNo } }),
    why: 'anyone holding a check number learns whether it is genuine; only its organisation sees the receipt',
  },
  'POST /api/v1/checks/verify': {
    allow: 'public',
    sample: (f) => ({ body: { payload: { checkNo: f.checkNo } } }),
    why: 'the holder of a receipt checks it against the archive; the answer reveals only digests',
  },
  'POST /api/v1/checks/:no/feedback': {
    allow: ['credit_user'],
    why: 'feedback comes from the organisation that applied the measures',
    scoped: ['organization'],
    sample: (f) => ({
      params: { no: f.checkNo },
      body: { items: [{ index: 0, measure: 'PROC_BAR_DEFAULTER', applied: false }] },
    }),
  },
  'GET /api/v1/checks/stats': { allow: ['platform_admin', 'regulator'] },
  'GET /api/v1/watches': { allow: WATCHERS },
  'PUT /api/v1/watches/:subject': {
    allow: WATCHERS,
    sample: (f) => ({ params: { subject: f.otherSubjectId } }),
  },
  'DELETE /api/v1/watches/:subject': {
    allow: WATCHERS,
    sample: (f) => ({ params: { subject: f.otherSubjectId } }),
  },
  'GET /api/v1/notifications': { allow: WATCHERS },
  'POST /api/v1/notifications/read': { allow: WATCHERS, sample: () => ({ body: { ids: [1] } }) },
  'POST /api/v1/webhooks': {
    allow: WATCHERS,
    sample: () => ({ body: { url: 'https://example.invalid/hook', secret: 'matrix-webhook-secret-0001' } }),
  },
  'GET /api/v1/webhooks': { allow: WATCHERS, why: 'each caller sees only its own webhooks' },
  'DELETE /api/v1/webhooks/:id': {
    allow: WATCHERS,
    sample: () => ({ params: { id: 999999 } }),
    why: 'a caller can only disable its own webhooks (404 for anyone else’s)',
  },

  // objections, repairs, commitments (the subject applies; the record's provider decides)
  'GET /api/v1/workflows/settings': {
    ...PUBLIC,
    why: 'statutory deadlines are published with the procedure',
  },
  'POST /api/v1/evidence': {
    allow: 'signed_in',
    why: 'the sample is not multipart, so signed-in callers get 415',
  },
  'GET /api/v1/evidence/:digest': {
    allow: 'signed_in',
    sample: () => ({ params: { digest: '0'.repeat(64) } }),
    why: 'only entitled readers find a file (404 otherwise)',
  },
  'POST /api/v1/objections': {
    allow: SUBJECT_SIDE,
    scoped: ['subject'],
    sample: (f) => ({
      params: {},
      body: { recordId: f.recordId, grounds: 'error', statement: '矩阵测试：信息有误' },
    }),
  },
  'GET /api/v1/objections': {
    allow: 'signed_in',
    why: 'each role sees its own share (provider, applicant, all for the centre)',
  },
  'GET /api/v1/objections/:no': {
    allow: APPLICATION_READERS,
    scoped: ['provider', 'subject'],
    sample: (f) => ({ params: { no: f.objectionNo } }),
    why: 'the applicant, the subject, the provider and the centre',
  },
  'POST /api/v1/objections/:no/extend': {
    allow: DECIDERS,
    scoped: ['provider'],
    sample: (f) => ({ params: { no: f.objectionNo }, body: { reason: '需核实' } }),
  },
  'POST /api/v1/objections/:no/decide': {
    allow: DECIDERS,
    scoped: ['provider'],
    sample: (f) => ({ params: { no: f.objectionNo }, body: { outcome: 'unchanged', reason: '经核实无误' } }),
  },
  'POST /api/v1/repairs': {
    allow: SUBJECT_SIDE,
    scoped: ['subject'],
    sample: (f) => ({ body: { recordId: f.recordId, statement: '矩阵测试：已履行义务' } }),
    why: 'the sample record is not yet repairable, so allowed callers get 422 with the reasons',
  },
  'GET /api/v1/repairs': { allow: 'signed_in' },
  'GET /api/v1/repairs/:no': {
    allow: APPLICATION_READERS,
    scoped: ['provider', 'subject'],
    sample: (f) => ({ params: { no: f.repairNo } }),
  },
  'POST /api/v1/repairs/:no/supplement': {
    allow: SUBJECT_SIDE,
    scoped: ['subject'],
    sample: (f) => ({ params: { no: f.repairNo }, body: {} }),
    why: 'the applicant or the subject',
  },
  'POST /api/v1/repairs/:no/accept': {
    allow: DECIDERS,
    scoped: ['provider'],
    sample: (f) => ({ params: { no: f.repairNo } }),
  },
  'POST /api/v1/repairs/:no/decide': {
    allow: DECIDERS,
    scoped: ['provider'],
    sample: (f) => ({ params: { no: f.repairNo }, body: { approve: false, reason: '材料不全' } }),
  },
  'GET /api/v1/applications/:no/progress': {
    allow: 'public',
    sample: (f) => ({ params: { no: f.objectionNo } }),
    why: 'states and dates only',
  },
  'POST /api/v1/commitments': {
    allow: SUBJECT_SIDE,
    scoped: ['subject'],
    sample: (f) => ({
      body: {
        subjectId: f.subjectId,
        type: '主动公示型',
        reason: '矩阵测试',
        text: '矩阵测试承诺内容十个字以上',
        acceptingUnit: 'zj-nb-amr',
      },
    }),
  },
  'POST /api/v1/commitments/:recordId/fulfilment': {
    allow: ['platform_admin', 'provider_operator', 'provider_reviewer'],
    scoped: ['provider'],
    sample: (f) => ({ params: { recordId: f.recordId }, body: { status: 'kept', note: '矩阵测试' } }),
    why: 'the sample record is a penalty, so allowed callers get 400',
  },

  // dashboard: public headline figures; monitoring aggregates for the credit centre (ADR 0012)
  'GET /api/v1/dashboard/overview': { ...PUBLIC, why: 'counts only, no subject is named' },
  'GET /api/v1/dashboard/collection': { allow: ADMIN, sample: () => ({ query: { days: 30 } }) },
  'GET /api/v1/dashboard/quality': { allow: ADMIN },
  'GET /api/v1/dashboard/checks': { allow: ADMIN },
  'GET /api/v1/dashboard/applications': {
    allow: ADMIN,
    why: 'counts of open objections and repairs, no application is named',
  },

  // evaluation (公共信用综合评价, ADR 0010): the methodology is published; a grade is read by the subject itself,
  // regulators and the credit centre (natural persons are not scored: allowed readers of the sample get 422)
  'GET /api/v1/evaluation/models': {
    ...PUBLIC,
    why: 'the evaluation methodology (indicators, points, bands) is published',
  },
  'GET /api/v1/evaluation/models/:id': { ...PUBLIC, sample: () => ({ params: { id: 1 } }) },
  'POST /api/v1/evaluation/models': {
    allow: ADMIN,
    sample: () => ({ body: { definition: { ...DEFAULT_MODEL, code: 'matrix-model' } } }),
  },
  'GET /api/v1/evaluation/subjects/:subject': {
    allow: GRADE_READERS,
    scoped: ['subject'],
    sample: (f) => ({ params: { subject: f.subjectId } }),
  },
  'GET /api/v1/evaluation/subjects/:subject/history': {
    allow: GRADE_READERS,
    scoped: ['subject'],
    sample: (f) => ({ params: { subject: f.subjectId } }),
  },
  'GET /api/v1/evaluation/distribution': {
    allow: SUPERVISORS,
    sample: () => ({ query: { region: '3302' } }),
  },
  'GET /api/v1/evaluation/runs': { allow: SUPERVISORS },

  // tiered supervision (ADR 0011): regulators plan, draw and record; draws are published (双随机、一公开), strata
  // (grades), the population and statistics are not
  'POST /api/v1/inspections/plans': {
    allow: SUPERVISORS,
    sample: () => ({
      body: {
        code: 'MATRIX-NEW',
        name: '矩阵新计划',
        regulator: 'zj-nb-amr',
        matter: '矩阵检查事项',
        baseRatio: '0.1',
        inspectors: [
          { code: 'N1', name: '检查员子', organization: '矩阵' },
          { code: 'N2', name: '检查员丑', organization: '矩阵' },
        ],
      },
    }),
  },
  'GET /api/v1/inspections/plans': { allow: SUPERVISORS },
  'GET /api/v1/inspections/plans/:id': {
    allow: SUPERVISORS,
    sample: (f) => ({ params: { id: f.inspectionPlanId } }),
  },
  'POST /api/v1/inspections/plans/:id/draws': {
    allow: SUPERVISORS,
    sample: (f) => ({
      params: { id: f.undrawnPlanId },
      body: { date: shanghaiDate(new Date()), publicInput: '矩阵公开随机数 07 12 19' },
    }),
    why: 'one draw per plan and date: the first allowed principal draws, the others get 409',
  },
  'GET /api/v1/inspections/draws': { ...PUBLIC, why: '一公开: draws are published' },
  'GET /api/v1/inspections/plans/:id/draws/:drawId': {
    ...PUBLIC,
    sample: (f) => ({ params: { id: f.inspectionPlanId, drawId: f.inspectionDrawId } }),
    why: '一公开; regulators and the credit centre also see the strata',
  },
  'GET /api/v1/inspections/plans/:id/draws/:drawId/verify': {
    ...PUBLIC,
    sample: (f) => ({ params: { id: f.inspectionPlanId, drawId: f.inspectionDrawId } }),
  },
  'GET /api/v1/inspections/plans/:id/draws/:drawId/stats': {
    allow: SUPERVISORS,
    sample: (f) => ({ params: { id: f.inspectionPlanId, drawId: f.inspectionDrawId } }),
  },
  'GET /api/v1/inspections/plans/:id/draws/:drawId/population': {
    allow: SUPERVISORS,
    sample: (f) => ({ params: { id: f.inspectionPlanId, drawId: f.inspectionDrawId } }),
  },
  'POST /api/v1/inspections/plans/:id/draws/:drawId/results': {
    allow: SUPERVISORS,
    sample: (f) => ({
      params: { id: f.inspectionPlanId, drawId: f.inspectionDrawId },
      body: { results: [{ seq: 1, result: 'no_issue', date: shanghaiDate(new Date()) }] },
    }),
    why: 'the fixtures draw from an empty population: allowed principals get 404 for item 1',
  },

  // credit reports (ADR 0013): anyone issues the public-view report and verifies; the content of a non-public
  // report is for its issuer, the subject and the credit centre
  'POST /api/v1/reports': {
    ...PUBLIC,
    sample: (f) => ({ body: { subject: String(f.subjectId), kind: 'standard' } }),
    why: 'the reader decides the view: public, the subject’s own, or authorised (credit users need the person’s authorisation)',
  },
  'GET /api/v1/reports': {
    allow: ['platform_admin', 'subject_user'],
    scoped: ['subject'],
    sample: (f) => ({ query: { subject: f.subjectId } }),
  },
  'GET /api/v1/reports/public-key': { ...PUBLIC, why: 'the platform signing key, for offline verification' },
  'POST /api/v1/reports/verify': { ...PUBLIC, why: 'the sample is not multipart, so callers get 415' },
  'GET /api/v1/reports/:no/verify': {
    ...PUBLIC,
    sample: (f) => ({ params: { no: f.reportNo }, query: { code: f.reportCode } }),
    why: 'status, masked subject name, kind, dates and digest only',
  },
  'GET /api/v1/reports/:no': {
    allow: ['platform_admin', 'subject_user'],
    scoped: ['subject'],
    sample: (f) => ({ params: { no: f.reportNo } }),
    why: 'an authorised-view report: the issuer (the credit centre here), the subject and the centre',
  },
  'GET /api/v1/reports/:no.pdf': {
    allow: ['platform_admin', 'subject_user'],
    scoped: ['subject'],
    sample: (f) => ({ params: { no: f.reportNo } }),
  },
};

/**
 * Builds the data the samples use: natural-person penalty records of provider A (zj-nb-sthj) in one batch, a
 * second subject, and throw-away objects that state-changing samples may alter (victim user and client, a pending
 * binding, a revocable authorisation). Extend it when a new route's sample needs more.
 */
export async function createMatrixFixtures(rt: Runtime): Promise<MatrixFixtures> {
  const system = systemActor('test');
  const provider = await getProvider(rt.db, 'zj-nb-sthj');
  const other = await getProvider(rt.db, 'zj-nb-amr');
  const persons = syntheticPersons(3, 700);
  const { batchId, subjectIds } = await ingestPersons(rt, persons, provider.code);
  const [subjectId, otherSubjectId] = subjectIds as [number, number];
  const organization = '宁波市公共资源交易中心（矩阵）';
  const victim = await createTestUser(rt, { role: 'provider_operator', providerId: provider.id });
  const client = await createTestClient(rt, { role: 'provider_operator', providerId: provider.id });
  const login = await createTestUser(rt, { role: 'regulator' });
  const applicant = await createTestUser(rt, { role: 'subject_user' });
  const at = rt.clock();
  const binding = await inTransaction(rt.db, (tx) =>
    requestBinding(
      tx,
      rt.protector,
      applicant.actor,
      { subjectId: otherSubjectId, evidence: '营业执照副本' },
      at,
    ),
  );
  const authorisation = (evidenceRef: string) => ({
    subjectId,
    granteeOrganization: organization,
    purpose: '信用审查',
    // valid today, as long as a consent may be (XINYONG_CONSENT_MAX_DAYS)
    validFrom: shanghaiDate(at),
    validTo: addCalendarDays(shanghaiDate(at), rt.config.security.consentMaxDays - 1),
    evidenceRef,
  });
  // one that stays valid (credit-file reads), one that the revoke sample may withdraw
  await inTransaction(rt.db, (tx) =>
    registerAuthorisation(tx, system, authorisation('授权书 2026-006'), at, rt.config.security),
  );
  const revocable = await inTransaction(rt.db, (tx) =>
    registerAuthorisation(tx, system, authorisation('授权书 2026-007'), at, rt.config.security),
  );
  const buyer = await createTestUser(rt, { role: 'credit_user', organization, scenarios: ['procurement'] });
  const check = await runCheck(rt, buyer.actor, {
    scenario: 'procurement',
    subjects: [{ name: '矩阵测试不存在的主体' }],
  });
  const record = await rt.db
    .selectFrom('record')
    .select('id')
    .where('subject_id', '=', subjectId)
    .where('batch_id', '=', batchId)
    .where('is_current', '=', 1)
    .executeTakeFirstOrThrow();
  const objection = await inTransaction(rt.db, (tx) =>
    fileObjection(tx, rt, system, { recordId: record.id, grounds: 'other', statement: '矩阵测试用异议' }, at),
  );
  const repair = await inTransaction(rt.db, (tx) =>
    applyForRepair(tx, rt, system, { recordId: record.id, statement: '矩阵测试用修复申请' }, at),
  );
  const inspectionPlan = (code: string) => ({
    code,
    name: '矩阵抽查计划',
    regulator: 'zj-nb-amr',
    matter: '矩阵检查事项',
    baseRatio: '0.5',
    inspectors: [
      { code: 'M1', name: '检查员甲', organization: '矩阵检查组' },
      { code: 'M2', name: '检查员乙', organization: '矩阵检查组' },
    ],
  });
  const plan = await inTransaction(rt.db, (tx) => createPlan(tx, system, inspectionPlan('MATRIX-PLAN'), at));
  const undrawn = await inTransaction(rt.db, (tx) =>
    createPlan(tx, system, inspectionPlan('MATRIX-UNDRAWN'), at),
  );
  const draw = await inTransaction(rt.db, (tx) =>
    performDraw(tx, system, plan.id, { date: shanghaiDate(at), publicInput: '矩阵 01 02 03' }, at),
  );
  const report = await issueReport({ ...rt, reports: DEFAULT_REPORT_CONFIG }, system, {
    subject: String(subjectId),
    kind: 'standard',
  });
  return {
    providerId: provider.id,
    providerCode: provider.code,
    otherProviderId: other.id,
    organization,
    subjectId,
    otherSubjectId,
    persons,
    batchId,
    recordId: record.id,
    victimUserId: victim.id,
    victimClientId: client.id,
    pendingBindingId: binding.id,
    revocableAuthorisationId: revocable.id,
    loginUsername: login.username,
    checkNo: check.payload.checkNo,
    objectionNo: objection.no,
    repairNo: repair.no,
    inspectionPlanId: plan.id,
    inspectionDrawId: draw.id,
    undrawnPlanId: undrawn.id,
    reportNo: report.report.reportNo,
    reportCode: report.report.verificationCode,
  };
}
