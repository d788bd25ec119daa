/**
 * Roles (角色). `platform_admin` = 信用中心; `provider_operator` / `provider_reviewer` are scoped to one provider
 * (信息提供单位); `credit_user` (信用应用单位) to an organisation and the scenarios it may check; `regulator`
 * (监管部门); `subject_user` to one bound subject (信用主体).
 */
export type Role =
  | 'platform_admin'
  | 'provider_operator'
  | 'provider_reviewer'
  | 'credit_user'
  | 'regulator'
  | 'subject_user';

export const ROLES: readonly Role[] = [
  'platform_admin',
  'provider_operator',
  'provider_reviewer',
  'credit_user',
  'regulator',
  'subject_user',
];

/** 角色名称, as the console shows them. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  platform_admin: '信用中心管理员',
  provider_operator: '信息提供单位经办人',
  provider_reviewer: '信息提供单位审核人',
  credit_user: '信用应用单位',
  regulator: '监管部门',
  subject_user: '信用主体用户',
};

/** What a principal is limited to; absent = not scoped on that axis. */
export interface Scope {
  readonly providerId?: number;
  readonly organization?: string;
  readonly scenarios?: readonly string[];
  readonly subjectId?: number;
}

/** Who is acting: a signed-in user, a machine client, the system (CLI operator, jobs), or the anonymous public. */
export type Actor =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'user' | 'client';
      readonly id: number;
      readonly name: string;
      readonly role: Role;
      readonly scope: Scope;
    }
  | { readonly kind: 'system'; readonly name: string };

export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });

/** An actor for work started by the local operator or a scheduled job; has every permission. */
export function systemActor(name: string): Actor {
  return { kind: 'system', name };
}

/** Stable label written into audit events and access logs, e.g. `user:12`, `client:3`, `system:cli`. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'system':
      return `system:${actor.name}`;
    default:
      return `${actor.kind}:${actor.id}`;
  }
}
