import { ROLE_LABELS, type Role, type Scope } from '../../platform/actor.js';
import type { Queryable } from '../../platform/db/database.js';
import { type IssueDetail, validationFailed } from '../../platform/errors.js';
import { getProviderById } from '../providers/provider.service.js';

/** Scope as given for a new or changed user / client; which members are allowed depends on the role. */
export interface ScopeInput {
  readonly providerId?: number | null;
  readonly organization?: string | null;
  readonly scenarios?: readonly string[] | null;
}

/** The scope columns shared by `app_user` and `api_client`. */
export interface ScopeColumns {
  provider_id: number | null;
  organization: string | null;
  scenarios: string | null;
}

const SCENARIO = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const SCOPE_FIELD_LABELS: Readonly<Record<keyof ScopeInput, string>> = {
  providerId: '所属信息提供单位',
  organization: '所属机构',
  scenarios: '业务场景',
};

/**
 * Checks that `scope` fits `role` and returns the columns to store: provider roles need an existing provider;
 * credit users need an organisation (scenarios optional, each one the platform knows); admins, regulators and subject users carry no scope here
 * (a subject user's subject comes only from an approved binding).
 * @throws AppError validation_failed naming every problem; not_found for an unknown provider.
 */
export async function scopeColumns(db: Queryable, role: Role, scope: ScopeInput): Promise<ScopeColumns> {
  const problems: IssueDetail[] = [];
  const given = (v: unknown) => v !== undefined && v !== null;
  const forbid = (field: keyof ScopeInput) => {
    if (given(scope[field]))
      problems.push({
        field,
        code: 'not_allowed',
        message: `${ROLE_LABELS[role]}不需要填写${SCOPE_FIELD_LABELS[field]}`,
      });
  };
  let providerId: number | null = null;
  let organization: string | null = null;
  let scenarios: string[] | null = null;
  if (role === 'provider_operator' || role === 'provider_reviewer') {
    if (!given(scope.providerId))
      problems.push({
        field: 'providerId',
        code: 'required',
        message: `${ROLE_LABELS[role]}必须指定${SCOPE_FIELD_LABELS.providerId}`,
      });
    else providerId = scope.providerId as number;
    forbid('organization');
    forbid('scenarios');
  } else if (role === 'credit_user') {
    const org = scope.organization?.trim() ?? '';
    if (org === '' || org.length > 200)
      problems.push({
        field: 'organization',
        code: 'required',
        message: `${ROLE_LABELS.credit_user}必须填写${SCOPE_FIELD_LABELS.organization}（1–200 个字符）`,
      });
    else organization = org;
    scenarios = [...new Set(scope.scenarios ?? [])];
    for (const s of scenarios)
      if (!SCENARIO.test(s))
        problems.push({
          field: 'scenarios',
          code: 'format',
          message: `业务场景代码 ${s} 只能由小写字母、数字和 _ . - 组成`,
        });
    forbid('providerId');
  } else {
    forbid('providerId');
    forbid('organization');
    forbid('scenarios');
  }
  if (scenarios !== null && scenarios.length > 0 && problems.length === 0) {
    const known = new Set(
      (await db.selectFrom('scenario').select('code').where('code', 'in', scenarios).execute()).map(
        (r) => r.code,
      ),
    );
    for (const s of scenarios)
      if (!known.has(s))
        problems.push({
          field: 'scenarios',
          code: 'unknown',
          message: `业务场景 ${s} 不存在（可选的业务场景见措施清单中的“业务场景”）`,
        });
  }
  if (problems.length > 0) throw validationFailed(problems);
  if (providerId !== null) await getProviderById(db, providerId);
  return {
    provider_id: providerId,
    organization,
    scenarios: scenarios === null ? null : JSON.stringify(scenarios),
  };
}

/** The actor scope described by stored columns. */
export function scopeOf(row: ScopeColumns & { subject_id?: number | null }): Scope {
  return {
    ...(row.provider_id === null ? {} : { providerId: row.provider_id }),
    ...(row.organization === null ? {} : { organization: row.organization }),
    ...(row.scenarios === null ? {} : { scenarios: JSON.parse(row.scenarios) as string[] }),
    ...(row.subject_id === null || row.subject_id === undefined ? {} : { subjectId: row.subject_id }),
  };
}

/** A scope as API responses show it (plain, mutable arrays for the serializer's types). */
export interface ScopeView {
  providerId?: number;
  organization?: string;
  scenarios?: string[];
  subjectId?: number;
}

export function toScopeView(scope: Scope): ScopeView {
  return {
    ...(scope.providerId === undefined ? {} : { providerId: scope.providerId }),
    ...(scope.organization === undefined ? {} : { organization: scope.organization }),
    ...(scope.scenarios === undefined ? {} : { scenarios: [...scope.scenarios] }),
    ...(scope.subjectId === undefined ? {} : { subjectId: scope.subjectId }),
  };
}
