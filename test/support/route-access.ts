// The declarative access expectations for EVERY route of the application. The role × route matrix
// (src/modules/access/route-matrix.test.ts) enumerates the routes actually registered and fails when one has no
// entry here, or an entry has no route: whoever adds a route classifies it here in the same change.

import { registerAuthorisation } from '../../src/modules/access/authorisation.service.js';
import { requestBinding } from '../../src/modules/access/binding.service.js';
import { XZCF } from '../../src/modules/catalog/national/xzcf.item.js';
import { getProvider } from '../../src/modules/providers/provider.service.js';
import { type Role, systemActor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import type { Runtime } from '../../src/runtime.js';
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
}

const ADMIN: readonly Role[] = ['platform_admin'];
const PROVIDER_READERS: readonly Role[] = ['platform_admin', 'provider_operator', 'provider_reviewer'];
const PUBLIC = { allow: 'public' } as const;
const DOCS = { allow: 'public', describesSchema: true } as const;

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
        validTo: '2027-12-31',
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

  // collection (batches)
  // credit files and records (who sees what is decided by the reader's view; a credit user needs the subject's
  // authorisation for a natural person)
  'GET /api/v1/subjects': { allow: 'public', sample: () => ({ query: { q: '测试' } }) },
  'GET /api/v1/subjects/:subject': {
    allow: 'public',
    scoped: ['organization'],
    sample: (f) => ({ params: { subject: f.subjectId } }),
    why: 'every reader gets its own view; a credit user of another organisation holds no authorisation',
  },
  'GET /api/v1/subjects/:subject/records': {
    allow: 'public',
    scoped: ['organization'],
    sample: (f) => ({ params: { subject: f.subjectId } }),
  },
  'GET /api/v1/records/:id': {
    allow: 'public',
    scoped: ['organization'],
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

  // dashboard: public headline figures; monitoring aggregates for the credit centre (ADR 0012)
  'GET /api/v1/dashboard/overview': { ...PUBLIC, why: 'counts only, no subject is named' },
  'GET /api/v1/dashboard/collection': { allow: ADMIN, sample: () => ({ query: { days: 30 } }) },
  'GET /api/v1/dashboard/quality': { allow: ADMIN },
  'GET /api/v1/dashboard/checks': { allow: ADMIN },
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
    requestBinding(tx, applicant.actor, { subjectId: otherSubjectId, evidence: '营业执照副本' }, at),
  );
  const authorisation = (evidenceRef: string) => ({
    subjectId,
    granteeOrganization: organization,
    purpose: '信用审查',
    validFrom: '2026-01-01',
    validTo: '2099-12-31',
    evidenceRef,
  });
  // one that stays valid (credit-file reads), one that the revoke sample may withdraw
  await inTransaction(rt.db, (tx) => registerAuthorisation(tx, system, authorisation('授权书 2026-006'), at));
  const revocable = await inTransaction(rt.db, (tx) =>
    registerAuthorisation(tx, system, authorisation('授权书 2026-007'), at),
  );
  const record = await rt.db
    .selectFrom('record')
    .select('id')
    .where('subject_id', '=', subjectId)
    .where('batch_id', '=', batchId)
    .where('is_current', '=', 1)
    .executeTakeFirstOrThrow();
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
  };
}
