import type { Actor, Role, Scope } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';

/** Every action the platform authorises. Services check them; the UI asks which are allowed. */
export type Action =
  | 'catalog.read'
  | 'catalog.manage'
  | 'provider.read'
  | 'provider.manage'
  | 'batch.submit'
  | 'batch.read'
  | 'profile.manage'
  | 'subject.search'
  | 'record.read_public'
  | 'record.read_provider'
  | 'record.read_subject'
  | 'record.read_authorised'
  | 'record.correct'
  | 'record.revoke'
  | 'audit.read';

/** The resource an action is about; predicates compare it with the actor's scope. */
export interface Resource {
  readonly providerId?: number;
  readonly subjectId?: number;
  readonly scenario?: string;
}

type Predicate = (scope: Scope, resource: Resource) => boolean;

interface Rule {
  readonly role: Role | 'public';
  readonly action: Action;
  readonly when?: Predicate;
  readonly why: string;
}

const sameProvider: Predicate = (scope, r) =>
  scope.providerId !== undefined && r.providerId === scope.providerId;
const sameSubject: Predicate = (scope, r) => scope.subjectId !== undefined && r.subjectId === scope.subjectId;

function allow(role: Rule['role'], actions: readonly Action[], why: string, when?: Predicate): Rule[] {
  return actions.map((action) => (when === undefined ? { role, action, why } : { role, action, why, when }));
}

/**
 * The policy table (role × action × scope). Anything not listed is denied. `platform_admin` is listed
 * explicitly rather than by wildcard so the table reads as the complete truth.
 */
export const POLICY: readonly Rule[] = [
  ...allow(
    'public',
    ['catalog.read', 'subject.search', 'record.read_public'],
    'public credit information (公示)',
  ),
  ...allow(
    'platform_admin',
    [
      'catalog.read',
      'catalog.manage',
      'provider.read',
      'provider.manage',
      'batch.submit',
      'batch.read',
      'profile.manage',
      'subject.search',
      'record.read_public',
      'record.read_provider',
      'record.read_subject',
      'record.read_authorised',
      'record.correct',
      'record.revoke',
      'audit.read',
    ],
    'credit centre administers the platform',
  ),
  ...allow(
    'provider_operator',
    ['provider.read', 'batch.read', 'record.read_provider'],
    'own provider',
    sameProvider,
  ),
  ...allow(
    'provider_operator',
    ['batch.submit', 'profile.manage', 'record.correct'],
    'operator submits and corrects own records',
    sameProvider,
  ),
  ...allow(
    'provider_reviewer',
    ['provider.read', 'batch.read', 'record.read_provider', 'record.correct', 'record.revoke'],
    'reviewer decides on own records',
    sameProvider,
  ),
  ...allow('subject_user', ['record.read_subject'], 'a subject sees its whole file', sameSubject),
  ...allow('credit_user', ['record.read_authorised'], 'authorised reader within its scenarios'),
  ...allow('regulator', ['record.read_authorised'], 'regulator reads for supervision'),
];

/** Whether `actor` may perform `action` on `resource`. The system actor (CLI operator, jobs) may do anything. */
export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  if (actor.kind === 'system') return true;
  const role = actor.kind === 'anonymous' ? 'public' : actor.role;
  const scope: Scope = actor.kind === 'anonymous' ? {} : actor.scope;
  return POLICY.some(
    (rule) =>
      rule.action === action &&
      (rule.role === role || rule.role === 'public') &&
      (rule.when?.(scope, resource) ?? true),
  );
}

/**
 * Throws unless `actor` may perform `action` on `resource`.
 * @throws AppError `unauthenticated` for the anonymous public, `forbidden` otherwise.
 */
export function authorize(actor: Actor, action: Action, resource: Resource = {}): void {
  if (can(actor, action, resource)) return;
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', `sign in to ${action}`);
  throw new AppError('forbidden', `${actor.kind === 'system' ? 'system' : actor.role} may not ${action}`);
}

/** The actions an actor may perform somewhere (ignoring resource predicates); for the UI to show what is allowed. */
export function allowedActions(actor: Actor): Action[] {
  if (actor.kind === 'system') return [...new Set(POLICY.map((r) => r.action))];
  const role = actor.kind === 'anonymous' ? 'public' : actor.role;
  return [...new Set(POLICY.filter((r) => r.role === role || r.role === 'public').map((r) => r.action))];
}
