import type { FastifyReply, FastifyRequest, preParsingHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { type Actor, ROLES, type Role } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { type Action, allowedActions, authorize } from './policy.js';

/**
 * What a route demands of its caller before anything else is done for it: `public` (anyone; the service decides
 * the view), `signed_in` (any signed-in user or API client), or actions of the policy table of which the caller
 * must hold at least one somewhere — scope predicates (own provider, own subject …) need the resource and stay with
 * the service.
 */
export type RouteGate = 'public' | 'signed_in' | readonly Action[];

export interface RouteGateOptions {
  /** `XINYONG_PUBLIC_OBJECTIONS`: the public may file an objection about an obvious error. */
  readonly publicObjections: boolean;
}

const USERS: readonly Action[] = ['user.manage'];
const CLIENTS: readonly Action[] = ['client.manage'];
const BATCH_READ: readonly Action[] = ['batch.read'];
const PROFILES: readonly Action[] = ['profile.manage'];
const WATCH: readonly Action[] = ['watch.manage'];
const DASHBOARD: readonly Action[] = ['dashboard.read'];
const INSPECTION_READ: readonly Action[] = ['inspection.read'];
const INSPECTION_MANAGE: readonly Action[] = ['inspection.manage'];

/**
 * The gate of every API route (`METHOD /path`, Fastify syntax), derived from the policy table. A route that
 * needs no more than the public's actions is `public`; routes outside /api/v1 (health, docs, web app) are public.
 * Registering an /api/v1 route missing here throws (no route is open by omission); the route-gate test fails for an
 * entry without a route.
 */
export function routeGates(options: RouteGateOptions): Readonly<Record<string, RouteGate>> {
  return {
    // access
    'POST /api/v1/session': 'public',
    'GET /api/v1/session': 'public',
    'DELETE /api/v1/session': 'public',
    'POST /api/v1/session/password': 'signed_in',
    'GET /api/v1/users': USERS,
    'POST /api/v1/users': USERS,
    'GET /api/v1/users/:id': USERS,
    'PATCH /api/v1/users/:id': USERS,
    'POST /api/v1/users/:id/disable': USERS,
    'POST /api/v1/users/:id/enable': USERS,
    'POST /api/v1/users/:id/password': USERS,
    'GET /api/v1/clients': CLIENTS,
    'POST /api/v1/clients': CLIENTS,
    'GET /api/v1/clients/:id': CLIENTS,
    'POST /api/v1/clients/:id/revoke': CLIENTS,
    'POST /api/v1/clients/:id/rotate': CLIENTS,
    'POST /api/v1/subject-bindings': ['binding.request'],
    'GET /api/v1/subject-bindings': ['binding.read'],
    'POST /api/v1/subject-bindings/:id/approve': ['binding.decide'],
    'POST /api/v1/subject-bindings/:id/reject': ['binding.decide'],
    'POST /api/v1/subject-bindings/:id/revoke': ['binding.decide'],
    'POST /api/v1/authorisations': ['authorisation.register'],
    'GET /api/v1/authorisations': ['authorisation.read'],
    'POST /api/v1/authorisations/:id/revoke': ['authorisation.revoke'],
    'GET /api/v1/access-log': ['access_log.read'],
    // audit
    'GET /api/v1/audit/status': ['audit.read'],
    'GET /api/v1/audit/events': ['audit.read'],
    // catalog and providers
    'GET /api/v1/catalog': 'public',
    'GET /api/v1/catalog/:item': 'public',
    'POST /api/v1/catalog': ['catalog.manage'],
    'GET /api/v1/catalog/:item/template.xlsx': 'public',
    'GET /api/v1/catalog/:item/template.csv': 'public',
    'GET /api/v1/providers': 'public',
    'GET /api/v1/providers/:code': 'public',
    'PUT /api/v1/providers/:code': ['provider.manage'],
    // collection
    'POST /api/v1/batches': ['batch.submit'],
    'GET /api/v1/batches': BATCH_READ,
    'GET /api/v1/batches/:id': BATCH_READ,
    'GET /api/v1/batches/:id/issues': BATCH_READ,
    'GET /api/v1/batches/:id/issues.csv': BATCH_READ,
    'GET /api/v1/profiles': PROFILES,
    'GET /api/v1/profiles/:name': PROFILES,
    'PUT /api/v1/profiles/:name': PROFILES,
    // credit files and records
    'GET /api/v1/subjects': 'public',
    'GET /api/v1/subjects/:subject': 'public',
    'GET /api/v1/subjects/:subject/records': 'public',
    'GET /api/v1/publicity/latest': 'public',
    'GET /api/v1/records/:id': 'public',
    'PATCH /api/v1/records/:id': ['record.correct'],
    'POST /api/v1/records/:id/revoke': ['record.revoke'],
    'POST /api/v1/records/:id/remove': ['list.remove'],
    // checks, watch lists
    'GET /api/v1/scenarios': 'public',
    'GET /api/v1/measures': 'public',
    'PUT /api/v1/measures/:code/basis': ['measure.confirm_basis'],
    'POST /api/v1/checks': ['check.run'],
    'GET /api/v1/checks/:no/verify': 'public',
    'POST /api/v1/checks/verify': 'public',
    'POST /api/v1/checks/:no/feedback': ['check.feedback'],
    'GET /api/v1/checks/stats': ['check.stats'],
    'GET /api/v1/watches': WATCH,
    'PUT /api/v1/watches/:subject': WATCH,
    'DELETE /api/v1/watches/:subject': WATCH,
    'GET /api/v1/notifications': WATCH,
    'POST /api/v1/notifications/read': WATCH,
    'POST /api/v1/webhooks': WATCH,
    'GET /api/v1/webhooks': WATCH,
    'DELETE /api/v1/webhooks/:id': WATCH,
    // objections, repairs, commitments; an application's own reader is decided by the service (its applicant)
    'GET /api/v1/workflows/settings': 'public',
    'POST /api/v1/evidence': 'signed_in',
    'GET /api/v1/evidence/:digest': 'signed_in',
    'POST /api/v1/objections': options.publicObjections ? 'public' : ['record.read_subject'],
    'GET /api/v1/objections': 'signed_in',
    'GET /api/v1/objections/:no': 'signed_in',
    'POST /api/v1/objections/:no/extend': ['objection.decide'],
    'POST /api/v1/objections/:no/decide': ['objection.decide'],
    'POST /api/v1/repairs': ['repair.apply'],
    'GET /api/v1/repairs': 'signed_in',
    'GET /api/v1/repairs/:no': 'signed_in',
    'POST /api/v1/repairs/:no/supplement': ['repair.apply'],
    'POST /api/v1/repairs/:no/accept': ['repair.decide'],
    'POST /api/v1/repairs/:no/decide': ['repair.decide'],
    'GET /api/v1/applications/:no/progress': 'public',
    'POST /api/v1/commitments': ['commitment.make'],
    'POST /api/v1/commitments/:recordId/fulfilment': ['commitment.fulfilment'],
    // dashboard
    'GET /api/v1/dashboard/overview': 'public',
    'GET /api/v1/dashboard/collection': DASHBOARD,
    'GET /api/v1/dashboard/quality': DASHBOARD,
    'GET /api/v1/dashboard/checks': DASHBOARD,
    'GET /api/v1/dashboard/applications': DASHBOARD,
    // evaluation and supervision
    'GET /api/v1/evaluation/models': 'public',
    'GET /api/v1/evaluation/models/:id': 'public',
    'POST /api/v1/evaluation/models': ['evaluation_model.manage'],
    'GET /api/v1/evaluation/subjects/:subject': ['evaluation.read'],
    'GET /api/v1/evaluation/subjects/:subject/history': ['evaluation.read'],
    'GET /api/v1/evaluation/distribution': ['evaluation.statistics'],
    'GET /api/v1/evaluation/runs': ['evaluation.statistics'],
    'POST /api/v1/inspections/plans': INSPECTION_MANAGE,
    'GET /api/v1/inspections/plans': INSPECTION_READ,
    'GET /api/v1/inspections/plans/:id': INSPECTION_READ,
    'POST /api/v1/inspections/plans/:id/draws': INSPECTION_MANAGE,
    'GET /api/v1/inspections/draws': 'public',
    'GET /api/v1/inspections/plans/:id/draws/:drawId': 'public',
    'GET /api/v1/inspections/plans/:id/draws/:drawId/verify': 'public',
    'GET /api/v1/inspections/plans/:id/draws/:drawId/stats': INSPECTION_READ,
    'GET /api/v1/inspections/plans/:id/draws/:drawId/population': INSPECTION_READ,
    'POST /api/v1/inspections/plans/:id/draws/:drawId/results': INSPECTION_MANAGE,
    // reports: a public-view report is read by anyone holding its code
    'POST /api/v1/reports': 'public',
    'GET /api/v1/reports': ['report.list'],
    'GET /api/v1/reports/public-key': 'public',
    'POST /api/v1/reports/verify': 'public',
    'GET /api/v1/reports/:no/verify': 'public',
    'GET /api/v1/reports/:no': 'public',
    'GET /api/v1/reports/:no.pdf': 'public',
  };
}

/** What each role (and the public, for the anonymous) may do somewhere: the policy table read once, not per request. */
const ACTIONS_OF: ReadonlyMap<Role | 'public', ReadonlySet<Action>> = new Map([
  ['public', new Set(allowedActions({ kind: 'anonymous' }))],
  ...ROLES.map(
    (role) =>
      [role, new Set(allowedActions({ kind: 'user', id: 0, name: 'gate', role, scope: {} }))] as const,
  ),
]);

/**
 * Refuses `actor` if the gate shuts it out whatever the resource: 401 for the anonymous public, 403 for a signed-in
 * caller none of whose roles' rules grants one of the actions (the policy's refusal message).
 * @throws AppError unauthenticated | forbidden
 */
export function passGate(actor: Actor, gate: RouteGate): void {
  if (gate === 'public' || actor.kind === 'system') return;
  if (gate === 'signed_in') {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', '请先登录');
    return;
  }
  const held = ACTIONS_OF.get(actor.kind === 'anonymous' ? 'public' : actor.role);
  if (held !== undefined && gate.some((a) => held.has(a))) return;
  for (const action of gate) authorize(actor, action);
}

/** The key of a route in {@link routeGates}; HEAD routes are gated as their GET. */
export function gateKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/**
 * Authorisation before anything else (docs/adr/0005-request-authentication.md): every route gets a preParsing hook,
 * after the rate limit's (so refused requests are counted) and before the body is read — a refused caller's body is
 * neither parsed, validated nor written to disk. Register after the authentication plugin and before the routes.
 */
export const routeGatePlugin = fp<RouteGateOptions>(
  async (app, options) => {
    const gates = routeGates(options);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const key = gateKey(String(methods[0]), route.url ?? '');
      const gate = gates[key];
      if (gate === undefined && key.split(' ')[1]?.startsWith('/api/v1/'))
        throw new Error(`${key} has no gate: add it to routeGates in src/modules/access/route-gate.ts`);
      if (gate === undefined || gate === 'public') return;
      const hook: preParsingHookHandler = async (request: FastifyRequest, _reply: FastifyReply, payload) => {
        passGate(request.actor, gate);
        return payload;
      };
      const existing = route.preParsing;
      route.preParsing =
        existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
    });
  },
  { name: 'xinyong-route-gate', fastify: '5.x', dependencies: ['xinyong-authentication'] },
);
