import { type Actor, actorLabel } from '../../platform/actor.js';
import { DEFAULT_CONSENT_MAX_DAYS } from '../../platform/config.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { maskPersonalText } from '../../platform/http/log-redaction.js';
import { addCalendarDays, isCalendarDate, shanghaiDate, toDayNumber } from '../../standards/calendar-date.js';
import { appendAudit } from '../audit/audit.service.js';
import {
  type AuthorisationRow,
  findAuthorisation,
  findSameAuthorisation,
  findValidAuthorisations,
  insertAuthorisation,
  listAuthorisationRows,
  markAuthorisationRevoked,
} from './authorisation.repository.js';
import { findSubjectRef, findSubjectRefs } from './binding.repository.js';
import { authorize } from './policy.js';

/**
 * A subject's written consent (授权书) for one organisation to query its non-public credit information — the
 * authorisation an authorised query (授权查询 / 双授权) cites. Dates are Asia/Shanghai calendar dates, inclusive.
 */
export interface Authorisation {
  readonly id: number;
  readonly subjectId: number;
  /** The subject's name as registered (natural persons' names are stored masked). */
  readonly subjectName: string;
  readonly granteeOrganization: string;
  readonly purpose: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly evidenceRef: string;
  readonly registeredAt: string;
  readonly registeredBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

export function toAuthorisation(row: AuthorisationRow, subjectName: string): Authorisation {
  return {
    id: row.id,
    subjectId: row.subject_id,
    subjectName,
    granteeOrganization: row.grantee_organization,
    purpose: row.purpose,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    evidenceRef: row.evidence_ref,
    registeredAt: row.registered_at,
    registeredBy: row.registered_by,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
  };
}

export interface NewAuthorisation {
  readonly subjectId: number;
  /** Defaults to a credit user's own organisation; required for administrators. */
  readonly granteeOrganization?: string;
  readonly purpose: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly evidenceRef: string;
}

/** Fields of an authorisation as the registration form names them. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  granteeOrganization: '被授权机构',
  purpose: '授权用途',
  evidenceRef: '授权书编号',
  validFrom: '授权起始日期',
  validTo: '授权截止日期',
};

function text(value: string, field: string, max: number): string {
  const t = maskPersonalText(value.trim());
  if (t === '' || t.length > max) {
    const message = `${FIELD_LABELS[field] ?? field}应为 1–${max} 个字符`;
    throw new AppError('validation_failed', message, { details: [{ field, code: 'length', message }] });
  }
  return t;
}

/**
 * Registers a consent (`authorisation.register`): by an administrator for any organisation, or by a credit user for
 * its own organisation — the one that holds the signed consent (evidence reference) and must produce it on audit.
 * Free text is stored with id and phone numbers masked. Audited `authorisation.registered`. Registering an
 * identical unrevoked consent again returns the one on file and writes nothing. Validity spans at most
 * `limits.consentMaxDays` days (XINYONG_CONSENT_MAX_DAYS).
 * @throws AppError forbidden (another organisation); not_found (subject); validation_failed (dates, texts)
 */
export async function registerAuthorisation(
  tx: Tx,
  actor: Actor,
  input: NewAuthorisation,
  at: Date,
  limits: { readonly consentMaxDays: number } = { consentMaxDays: DEFAULT_CONSENT_MAX_DAYS },
): Promise<Authorisation> {
  const own = actor.kind === 'user' || actor.kind === 'client' ? actor.scope.organization : undefined;
  const grantee = (input.granteeOrganization ?? own ?? '').trim();
  if (grantee === '') throw new AppError('validation_failed', `${FIELD_LABELS.granteeOrganization}为必填项`);
  authorize(actor, 'authorisation.register', { organization: grantee, subjectId: input.subjectId });
  for (const [field, value] of [
    ['validFrom', input.validFrom],
    ['validTo', input.validTo],
  ] as const)
    if (!isCalendarDate(value))
      throw new AppError(
        'validation_failed',
        `${FIELD_LABELS[field]} ${value} 不是有效日期（应为 YYYY-MM-DD）`,
      );
  if (input.validFrom > input.validTo)
    throw new AppError(
      'validation_failed',
      `${FIELD_LABELS.validFrom} ${input.validFrom} 晚于${FIELD_LABELS.validTo} ${input.validTo}`,
    );
  // a consent is bounded (PIPL art. 19): first and last day included, at most XINYONG_CONSENT_MAX_DAYS days
  const days = toDayNumber(input.validTo) - toDayNumber(input.validFrom) + 1;
  if (days > limits.consentMaxDays)
    throw new AppError(
      'validation_failed',
      `授权有效期 ${input.validFrom} 至 ${input.validTo} 共 ${days} 天，超过上限 ${limits.consentMaxDays} 天；请缩短${FIELD_LABELS.validTo}（最晚 ${addCalendarDays(input.validFrom, limits.consentMaxDays - 1)}）`,
    );
  const purpose = text(input.purpose, 'purpose', 500);
  const evidenceRef = text(input.evidenceRef, 'evidenceRef', 200);
  const subject = await findSubjectRef(tx, { id: input.subjectId });
  if (subject === undefined) throw notFound(`信用主体 ${input.subjectId}`);
  const identity = {
    subject_id: input.subjectId,
    grantee_organization: text(grantee, 'granteeOrganization', 200),
    purpose,
    valid_from: input.validFrom,
    valid_to: input.validTo,
    evidence_ref: evidenceRef,
  };
  // registering the same consent again changes nothing
  const same = await findSameAuthorisation(tx, identity);
  if (same !== undefined) return toAuthorisation(same, subject.name);
  const row = await insertAuthorisation(tx, {
    ...identity,
    registered_at: at.toISOString(),
    registered_by: actorLabel(actor),
    revoked_at: null,
    revoked_by: null,
    revoke_reason: null,
  });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'authorisation.registered',
        entityType: 'authorisation',
        entityId: row.id,
        payload: {
          subjectId: row.subject_id,
          grantee: row.grantee_organization,
          validFrom: row.valid_from,
          validTo: row.valid_to,
          evidenceRef,
        },
      },
    ],
    at,
  );
  return toAuthorisation(row, subject.name);
}

/**
 * Withdraws a consent (`authorisation.revoke`): an administrator, the grantee organisation's credit user, or the
 * subject itself (个人信息保护法 art. 15: consent may be withdrawn). Audited `authorisation.revoked`.
 * @throws AppError forbidden; not_found; illegal_transition when already revoked
 */
export async function revokeAuthorisation(
  tx: Tx,
  actor: Actor,
  id: number,
  reason: string | null,
  at: Date,
): Promise<Authorisation> {
  const row = await findAuthorisation(tx, id);
  if (row === undefined) throw notFound(`查询授权 ${id}`);
  authorize(actor, 'authorisation.revoke', {
    organization: row.grantee_organization,
    subjectId: row.subject_id,
  });
  const cleanReason = reason === null || reason.trim() === '' ? null : text(reason, 'reason', 500);
  const updated = await markAuthorisationRevoked(tx, id, {
    revoked_at: at.toISOString(),
    revoked_by: actorLabel(actor),
    revoke_reason: cleanReason,
  });
  if (updated === undefined) throw new AppError('illegal_transition', `查询授权 ${id} 已撤回`);
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'authorisation.revoked',
        entityType: 'authorisation',
        entityId: id,
        payload: { subjectId: row.subject_id, grantee: row.grantee_organization, reason: cleanReason },
      },
    ],
    at,
  );
  return toAuthorisation(updated, (await findSubjectRef(tx, { id: row.subject_id }))?.name ?? '');
}

/**
 * Authorisations visible to the actor (`authorisation.read`): administrators see all (filterable by subject and
 * organisation), a credit user its organisation's, a subject user its subject's.
 * @throws AppError forbidden (e.g. a filter outside the actor's scope)
 */
export async function listAuthorisations(
  db: Queryable,
  actor: Actor,
  filter: { subjectId?: number; organization?: string; limit: number; offset: number },
): Promise<Authorisation[]> {
  let { subjectId, organization } = filter;
  if (actor.kind === 'user' || actor.kind === 'client') {
    if (actor.role === 'credit_user') organization ??= actor.scope.organization;
    if (actor.role === 'subject_user') subjectId ??= actor.scope.subjectId;
  }
  authorize(actor, 'authorisation.read', {
    ...(subjectId === undefined ? {} : { subjectId }),
    ...(organization === undefined ? {} : { organization }),
  });
  const rows = await listAuthorisationRows(db, {
    ...(subjectId === undefined ? {} : { subjectId }),
    ...(organization === undefined ? {} : { organization }),
    limit: filter.limit,
    offset: filter.offset,
  });
  const subjects = await findSubjectRefs(
    db,
    rows.map((r) => r.subject_id),
  );
  return rows.map((r) => toAuthorisation(r, subjects.get(r.subject_id)?.name ?? ''));
}

/**
 * The authorisation a read of `subjectId`'s non-public information must cite (授权查询). A credit user (user or API
 * client) needs an unrevoked authorisation for its organisation covering today's Shanghai date; the one ending
 * latest is returned. Other actors read under their statutory duties (administrators, regulators, providers on
 * their own records) or about themselves (subject users): null — the caller cites its legal basis instead.
 * Call it before reading, then pass the id to {@link logAccess}.
 * @throws AppError forbidden when a credit user has no valid authorisation (or no organisation)
 */
export async function requireAuthorisation(
  db: Queryable,
  actor: Actor,
  subjectId: number,
  at: Date,
): Promise<Authorisation | null> {
  if ((actor.kind !== 'user' && actor.kind !== 'client') || actor.role !== 'credit_user') return null;
  const organization = actor.scope.organization;
  if (organization === undefined) throw new AppError('forbidden', '未登记所属机构的信用应用单位账号不能查询');
  const [found] = await findValidAuthorisations(db, subjectId, organization, shanghaiDate(at));
  if (found === undefined)
    throw new AppError('forbidden', `${organization}未取得信用主体 ${subjectId} 的有效授权`);
  return toAuthorisation(found, found.subject_name);
}
