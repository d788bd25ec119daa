import { type Actor, ROLE_LABELS, type Role, type Scope } from '../../platform/actor.js';
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
  | 'audit.read'
  | 'dashboard.read'
  | 'user.manage'
  | 'client.manage'
  | 'binding.request'
  | 'binding.read'
  | 'binding.decide'
  | 'authorisation.register'
  | 'authorisation.read'
  | 'authorisation.revoke'
  | 'access_log.read'
  | 'measure.read'
  | 'measure.manage'
  | 'measure.confirm_basis'
  | 'check.run'
  | 'check.read'
  | 'check.feedback'
  | 'check.stats'
  | 'watch.manage'
  | 'list.remove'
  | 'evaluation_model.read'
  | 'evaluation_model.manage'
  | 'evaluation.run'
  | 'evaluation.read'
  | 'evaluation.statistics'
  | 'inspection.read_public'
  | 'inspection.read'
  | 'inspection.manage'
  | 'objection.decide'
  | 'repair.apply'
  | 'repair.decide'
  | 'commitment.make'
  | 'commitment.fulfilment'
  | 'report.issue_public'
  | 'report.issue_subject'
  | 'report.issue_authorised'
  | 'report.read'
  | 'report.list'
  | 'report.verify';

/** What each action does, in words that follow 无权 / 请先登录再 in a refusal (e.g. 无权撤销信用记录). */
export const ACTION_LABELS: Readonly<Record<Action, string>> = {
  'catalog.read': '查看信息目录',
  'catalog.manage': '管理信息目录',
  'provider.read': '查看信息提供单位',
  'provider.manage': '管理信息提供单位',
  'batch.submit': '报送数据',
  'batch.read': '查看报送批次',
  'profile.manage': '管理表头映射方案',
  'subject.search': '查询信用主体',
  'record.read_public': '查看公示信息',
  'record.read_provider': '查看本单位报送的记录',
  'record.read_subject': '查看信用主体的完整档案',
  'record.read_authorised': '授权查询信用记录',
  'record.correct': '更正信用记录',
  'record.revoke': '撤销信用记录',
  'audit.read': '查看审计日志',
  'dashboard.read': '查看监测统计',
  'user.manage': '管理用户',
  'client.manage': '管理 API 客户端',
  'binding.request': '申请绑定信用主体',
  'binding.read': '查看主体绑定申请',
  'binding.decide': '审核主体绑定申请',
  'authorisation.register': '登记查询授权',
  'authorisation.read': '查看查询授权',
  'authorisation.revoke': '撤回查询授权',
  'access_log.read': '查看查询记录',
  'measure.read': '查看奖惩措施清单',
  'measure.manage': '管理奖惩措施',
  'measure.confirm_basis': '确认奖惩措施的法律依据',
  'check.run': '发起信用核查',
  'check.read': '查看信用核查结果',
  'check.feedback': '反馈核查结果的应用情况',
  'check.stats': '查看核查统计',
  'watch.manage': '管理关注主体',
  'list.remove': '将主体移出名单',
  'evaluation_model.read': '查看评价模型',
  'evaluation_model.manage': '管理评价模型',
  'evaluation.run': '运行信用评价',
  'evaluation.read': '查看评价结果',
  'evaluation.statistics': '查看评价统计',
  'inspection.read_public': '查看公开的抽查结果',
  'inspection.read': '查看双随机抽查',
  'inspection.manage': '管理双随机抽查',
  'objection.decide': '处理异议申请',
  'repair.apply': '申请信用修复',
  'repair.decide': '审核信用修复申请',
  'commitment.make': '作出信用承诺',
  'commitment.fulfilment': '记录信用承诺履行情况',
  'report.issue_public': '出具公开版信用报告',
  'report.issue_subject': '出具信用主体本人的信用报告',
  'report.issue_authorised': '出具授权查询信用报告',
  'report.read': '查看信用报告',
  'report.list': '查看信用报告列表',
  'report.verify': '核验信用报告',
};

/** The resource an action is about; predicates compare it with the actor's scope. */
export interface Resource {
  readonly providerId?: number;
  readonly subjectId?: number;
  readonly scenario?: string;
  /** Organisation a credit user acts for (e.g. the grantee of an authorisation). */
  readonly organization?: string;
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
const scenarioAllowed: Predicate = (scope, r) =>
  r.scenario === undefined || scope.scenarios?.includes(r.scenario) === true;
const sameOrganization: Predicate = (scope, r) =>
  scope.organization !== undefined && r.organization === scope.organization;

function allow(role: Rule['role'], actions: readonly Action[], why: string, when?: Predicate): Rule[] {
  return actions.map((action) => (when === undefined ? { role, action, why } : { role, action, why, when }));
}

/** The scope each predicate limits a rule to, for refusals (…只能在本单位范围内更正信用记录). */
const SCOPE_LABELS: ReadonlyMap<Predicate, string> = new Map([
  [sameProvider, '本单位'],
  [sameSubject, '所绑定的信用主体'],
  [scenarioAllowed, '已登记的业务场景'],
  [sameOrganization, '本机构'],
]);

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
    'public',
    ['provider.read'],
    'the providers (信息提供单位) and the items they report are published as data sources',
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
      'dashboard.read',
      'user.manage',
      'client.manage',
      'binding.read',
      'binding.decide',
      'authorisation.register',
      'authorisation.read',
      'authorisation.revoke',
      'access_log.read',
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
  ...allow(
    'subject_user',
    ['binding.request', 'binding.read'],
    'a subject user asks to act for a subject and follows its own requests',
  ),
  ...allow(
    'subject_user',
    ['access_log.read', 'authorisation.read', 'authorisation.revoke'],
    'a subject sees who read its file and may withdraw its consent (个人信息保护法 art. 15, 45)',
    sameSubject,
  ),
  ...allow(
    'credit_user',
    ['authorisation.register', 'authorisation.read', 'authorisation.revoke'],
    'the organisation holding the written consent registers and withdraws it',
    sameOrganization,
  ),
  ...allow('credit_user', ['record.read_authorised'], 'authorised reader within its scenarios'),
  ...allow('public', ['measure.read'], 'the measures list is published (清单制管理, 国办发〔2020〕49号)'),
  ...allow(
    'platform_admin',
    ['measure.manage', 'check.run', 'check.read', 'check.stats', 'watch.manage'],
    'credit centre runs and audits checks',
  ),
  ...allow(
    'platform_admin',
    ['measure.confirm_basis'],
    'credit centre confirms a measure’s legal basis before it may bar (国办发〔2020〕49号: measures need a legal basis)',
  ),
  ...allow(
    'credit_user',
    ['check.run'],
    'a credit user checks subjects in the scenarios it is registered for',
    scenarioAllowed,
  ),
  ...allow(
    'credit_user',
    ['check.read', 'check.feedback'],
    'a credit user reads and gives feedback on its organisation’s checks',
    sameOrganization,
  ),
  ...allow('credit_user', ['watch.manage'], 'a credit user follows subjects it deals with'),
  ...allow(
    'regulator',
    ['check.stats', 'watch.manage'],
    'regulators follow subjects and read check statistics',
  ),
  ...allow('subject_user', ['watch.manage'], 'a subject user follows its own file and others'),
  ...allow(
    'platform_admin',
    ['list.remove'],
    'credit centre removes list entries on the listing authority’s decision',
  ),
  ...allow(
    'provider_reviewer',
    ['list.remove'],
    'the listing authority removes its own list entries (谁认定、谁移出)',
    sameProvider,
  ),
  ...allow('regulator', ['record.read_authorised'], 'regulator reads for supervision'),
  // objections, credit repair and commitments (谁认定、谁修复)
  ...allow(
    'platform_admin',
    ['objection.decide', 'repair.apply', 'repair.decide', 'commitment.make', 'commitment.fulfilment'],
    'credit centre handles objections and repairs and may act on a subject’s behalf',
  ),
  ...allow(
    'provider_reviewer',
    ['objection.decide', 'repair.decide'],
    'the provider decides on objections and repairs of its own records',
    sameProvider,
  ),
  ...allow(
    'subject_user',
    ['repair.apply', 'commitment.make'],
    'a subject applies for repair and makes commitments for itself',
    sameSubject,
  ),
  ...allow(
    'provider_operator',
    ['commitment.fulfilment'],
    'the accepting unit records whether a commitment was kept',
    sameProvider,
  ),
  ...allow(
    'provider_reviewer',
    ['commitment.fulfilment'],
    'the accepting unit records whether a commitment was kept',
    sameProvider,
  ),
  // evaluation and tiered supervision (docs/adr/0010, 0011)
  ...allow(
    'public',
    ['evaluation_model.read', 'inspection.read_public'],
    'the evaluation methodology and published random-inspection draws are public (双随机、一公开)',
  ),
  ...allow(
    'platform_admin',
    [
      'evaluation_model.manage',
      'evaluation.run',
      'evaluation.read',
      'evaluation.statistics',
      'inspection.read',
      'inspection.manage',
    ],
    'credit centre maintains the evaluation model and oversees supervision',
  ),
  ...allow(
    'regulator',
    ['evaluation.read', 'evaluation.statistics', 'inspection.read', 'inspection.manage'],
    'regulators read grades for tiered supervision and plan, draw and record random inspections',
  ),
  ...allow('subject_user', ['evaluation.read'], 'a subject sees its own grade and why', sameSubject),
  // credit reports (docs/adr/0013-report-signatures.md)
  ...allow(
    'public',
    ['report.issue_public', 'report.verify'],
    'anyone may issue the public-view report (公开版) and verify any report',
  ),
  ...allow(
    'subject_user',
    ['report.issue_subject', 'report.read', 'report.list'],
    'a subject issues every kind of report about itself and reads and lists its reports',
    sameSubject,
  ),
  ...allow(
    'platform_admin',
    ['report.issue_subject', 'report.issue_authorised', 'report.read', 'report.list'],
    'credit centre issues reports (also on a subject’s behalf at the counter) and oversees issued reports',
  ),
  ...allow(
    'credit_user',
    ['report.issue_authorised'],
    'authorised reader (natural persons only with the person’s authorisation)',
  ),
  ...allow('regulator', ['report.issue_authorised'], 'regulator reads for supervision'),
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
  const what = ACTION_LABELS[action];
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', `请先登录再${what}`);
  if (actor.kind === 'system') throw new AppError('forbidden', `系统无权${what}`);
  const role = ROLE_LABELS[actor.role];
  const scoped = POLICY.find((r) => r.role === actor.role && r.action === action && r.when !== undefined);
  const scope = scoped?.when === undefined ? undefined : SCOPE_LABELS.get(scoped.when);
  throw new AppError(
    'forbidden',
    scope === undefined ? `${role}无权${what}` : `${role}只能在${scope}范围内${what}`,
  );
}

/** The actions an actor may perform somewhere (ignoring resource predicates); for the UI to show what is allowed. */
export function allowedActions(actor: Actor): Action[] {
  if (actor.kind === 'system') return [...new Set(POLICY.map((r) => r.action))];
  const role = actor.kind === 'anonymous' ? 'public' : actor.role;
  return [...new Set(POLICY.filter((r) => r.role === role || r.role === 'public').map((r) => r.action))];
}
