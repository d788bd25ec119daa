import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalText } from '../../platform/http/log-redaction.js';
import {
  type AccessLogFilter,
  type AccessLogRow,
  findAuthorisationsByIds,
  insertAccessLog,
  listAccessLogRows,
} from './authorisation.repository.js';
import { authorize } from './policy.js';

/** What a read of non-public information about a subject is for and on what basis. */
export interface AccessLogInput {
  readonly subjectId: number;
  /** What was read, e.g. `credit_file`, `record:123`, `report:XY2026…`. */
  readonly resource: string;
  /** Why, e.g. `政府采购供应商资格审查` or the authorisation's purpose. */
  readonly purpose: string;
  /** Statute or rule relied on, e.g. `《陕西省社会信用条例》第二十条` or `信息主体书面授权`. */
  readonly legalBasis: string;
  /** The authorisation cited (from {@link requireAuthorisation}), null when reading under a statutory duty. */
  readonly authorisationId: number | null;
}

/** One access-log entry as shown to the subject or an administrator. */
export interface AccessLogEntry {
  readonly id: number;
  readonly at: string;
  readonly actor: {
    readonly label: string;
    readonly name: string;
    readonly role: string | null;
    readonly organization: string | null;
  };
  readonly subjectId: number;
  readonly resource: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly authorisation: {
    readonly id: number;
    readonly granteeOrganization: string;
    readonly purpose: string;
    readonly validFrom: string;
    readonly validTo: string;
    readonly evidenceRef: string;
  } | null;
}

const ENTRY_FIELDS: Readonly<Record<string, string>> = {
  resource: '查询内容',
  purpose: '查询目的',
  legalBasis: '法律依据或授权',
};

function limited(value: string, field: string, max: number): string {
  const t = maskPersonalText(value.trim());
  if (t === '') throw new AppError('bad_request', `查询记录缺少${ENTRY_FIELDS[field] ?? field}`);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * Records one read of non-public information about a subject (查询记录, the subject's right to know who looked):
 * who (actor label, name, role, organisation), when, what, why and on which legal basis or authorisation. Call it
 * for every such read, after {@link requireAuthorisation} and before returning the data; outside or inside a
 * transaction. Entries are never changed or deleted and are kept at least five years (深圳经济特区社会信用条例
 * art. 42; docs/adr/0006-personal-information.md).
 * @throws AppError bad_request for an empty resource, purpose or legal basis
 */
export async function logAccess(
  db: Queryable,
  actor: Actor,
  entry: AccessLogInput,
  at: Date,
): Promise<AccessLogEntry> {
  const named = actor.kind === 'user' || actor.kind === 'client';
  const row = await insertAccessLog(db, {
    at: at.toISOString(),
    actor: actorLabel(actor),
    actor_name: actor.kind === 'anonymous' ? '公众' : actor.name,
    role: named ? actor.role : null,
    organization: named ? (actor.scope.organization ?? null) : null,
    subject_id: entry.subjectId,
    resource: limited(entry.resource, 'resource', 200),
    purpose: limited(entry.purpose, 'purpose', 500),
    legal_basis: limited(entry.legalBasis, 'legalBasis', 500),
    authorisation_id: entry.authorisationId,
  });
  return (await toEntries(db, [row]))[0] as AccessLogEntry;
}

async function toEntries(db: Queryable, rows: readonly AccessLogRow[]): Promise<AccessLogEntry[]> {
  const auths = await findAuthorisationsByIds(
    db,
    rows.flatMap((r) => (r.authorisation_id === null ? [] : [r.authorisation_id])),
  );
  return rows.map((r) => {
    const a = r.authorisation_id === null ? undefined : auths.get(r.authorisation_id);
    return {
      id: r.id,
      at: r.at,
      actor: { label: r.actor, name: r.actor_name, role: r.role, organization: r.organization },
      subjectId: r.subject_id,
      resource: r.resource,
      purpose: r.purpose,
      legalBasis: r.legal_basis,
      authorisation:
        a === undefined
          ? null
          : {
              id: a.id,
              granteeOrganization: a.grantee_organization,
              purpose: a.purpose,
              validFrom: a.valid_from,
              validTo: a.valid_to,
              evidenceRef: a.evidence_ref,
            },
    };
  });
}

/**
 * Access-log entries, newest first (`access_log.read`): a subject user sees the entries about its own subject
 * (the filter defaults to it; another subject is forbidden); administrators see all, filterable by subject, actor
 * label, organisation and time range [from, to).
 * @throws AppError unauthenticated / forbidden
 */
export async function listAccessLog(
  db: Queryable,
  actor: Actor,
  filter: Omit<AccessLogFilter, 'subjectId'> & { subjectId?: number },
): Promise<AccessLogEntry[]> {
  let subjectId = filter.subjectId;
  if ((actor.kind === 'user' || actor.kind === 'client') && actor.role === 'subject_user')
    subjectId ??= actor.scope.subjectId;
  authorize(actor, 'access_log.read', subjectId === undefined ? {} : { subjectId });
  return toEntries(
    db,
    await listAccessLogRows(db, { ...filter, ...(subjectId === undefined ? {} : { subjectId }) }),
  );
}
