import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { actorLabel } from '../../platform/actor.js';
import { type FieldProtector, openSealed } from '../../platform/crypto/field-protector.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import {
  addWorkingDays,
  CalendarNotPublishedError,
  type WorkingDayCalendar,
  workingDaysBetween,
} from '../../standards/working-days.js';
import { appendAudit } from '../audit/audit.service.js';
import { notifyOwner } from '../checks/watch.service.js';
import { APPLICATION_KIND_LABELS, assertTransition } from './transitions.js';
import type { ApplicationKind, ApplicationStatus, ApplicationTable } from './workflow.table.js';

export type ApplicationRow = Selectable<ApplicationTable>;

/** A due date `days` statutory working days after `from`, with how it was computed; null when the calendar ends. */
export function dueDate(
  calendar: WorkingDayCalendar,
  from: string,
  days: number,
  label: string,
): { dueOn: string | null; rule: string } {
  try {
    return {
      dueOn: addWorkingDays(calendar, from, days),
      rule: `${label}: ${days} 个工作日（国务院放假安排日历）`,
    };
  } catch (e) {
    if (e instanceof CalendarNotPublishedError)
      return { dueOn: null, rule: `${label}: ${days} 个工作日 — ${e.year} 年放假安排尚未发布，截止日待定` };
    throw e;
  }
}

export function applicationNumber(kind: ApplicationKind, at: Date): string {
  return `${kind === 'objection' ? 'YY' : 'XF'}${shanghaiDate(at).replaceAll('-', '')}${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** @throws AppError not_found */
export async function getApplication(
  db: Queryable,
  kind: ApplicationKind,
  no: string,
): Promise<ApplicationRow> {
  const row = await db
    .selectFrom('application')
    .selectAll()
    .where('no', '=', no)
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (row === undefined) throw notFound(`${APPLICATION_KIND_LABELS[kind]} ${no}`);
  return row;
}

/**
 * Moves an application to `to` (checked against the transition table), records the event and an audit entry, and
 * notifies the applicant. Returns the updated row.
 */
export async function transition(
  tx: Tx,
  actor: Actor,
  app: ApplicationRow,
  to: ApplicationStatus,
  changes: Partial<
    Pick<
      ApplicationTable,
      | 'outcome'
      | 'outcome_reason'
      | 'result_record_id'
      | 'missing'
      | 'due_on'
      | 'deadline_rule'
      | 'extension_reason'
      | 'decided_at'
      | 'eligibility'
      | 'commitment'
      | 'commitment_cipher'
    >
  >,
  note: string | null,
  at: Date,
): Promise<ApplicationRow> {
  assertTransition(app.kind, app.status, to);
  const iso = at.toISOString();
  const updated = await tx
    .updateTable('application')
    .set({ ...changes, status: to, updated_at: iso })
    .where('id', '=', app.id)
    .where('status', '=', app.status)
    .returningAll()
    .executeTakeFirst();
  if (updated === undefined)
    throw new AppError(
      'conflict',
      `${APPLICATION_KIND_LABELS[app.kind]} ${app.no} 已被他人处理，请刷新后重试`,
    );
  await tx
    .insertInto('application_event')
    .values({
      application_id: app.id,
      at: iso,
      actor: actorLabel(actor),
      from_status: app.status,
      to_status: to,
      note,
    })
    .execute();
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: `${app.kind}.${to}`,
        entityType: app.kind,
        entityId: app.no,
        // the commitment is personal text: the audit chain records that it changed, not what it says
        payload: { from: app.status, to, ...withoutSealed(changes), note },
      },
    ],
    at,
  );
  await notifyOwner(
    tx,
    app.applicant,
    {
      kind: 'application_updated',
      subjectId: app.subject_id,
      recordId: app.record_id,
      payload: { no: app.no, application: app.kind, status: to, outcome: changes.outcome ?? null },
    },
    at,
  );
  return updated;
}

export interface ApplicationView {
  readonly no: string;
  readonly kind: ApplicationKind;
  readonly subtype: string;
  readonly recordId: number;
  readonly subjectId: number;
  readonly provider: number;
  readonly applicantName: string;
  readonly statement: string;
  readonly commitment: string | null;
  readonly status: ApplicationStatus;
  readonly outcome: string | null;
  readonly outcomeReason: string | null;
  readonly resultRecordId: number | null;
  readonly missing: string[] | null;
  readonly eligibility: Record<string, unknown> | null;
  readonly filedOn: string;
  readonly dueOn: string | null;
  readonly deadlineRule: string | null;
  readonly extensionReason: string | null;
  /** Working days left until the due date (negative when overdue), on the statutory calendar; null when unknown. */
  readonly workingDaysLeft: number | null;
  readonly overdue: boolean;
  readonly events: { at: string; actor: string; from: string | null; to: string; note: string | null }[];
  readonly evidence: { digest: string; type: string }[];
}

/** Working days from `today` to `due` (negative when past due). */
export function workingDaysLeft(
  calendar: WorkingDayCalendar,
  today: string,
  due: string | null,
): number | null {
  if (due === null) return null;
  try {
    return due >= today
      ? workingDaysBetween(calendar, today, due)
      : -workingDaysBetween(calendar, due, today);
  } catch (e) {
    if (e instanceof CalendarNotPublishedError) return null;
    throw e;
  }
}

const OPEN: readonly ApplicationStatus[] = ['submitted', 'returned', 'accepted', 'extended'];

/** Statuses of an application still being handled (for aggregates such as the dashboard's workload). */
export const OPEN_APPLICATION_STATUSES: readonly ApplicationStatus[] = OPEN;

export function isOpen(status: ApplicationStatus): boolean {
  return OPEN.includes(status);
}

function withoutSealed<T extends { commitment?: string | null; commitment_cipher?: string | null }>(
  changes: T,
): Omit<T, 'commitment' | 'commitment_cipher'> & { commitmentChanged?: true } {
  const { commitment, commitment_cipher, ...rest } = changes;
  return commitment === undefined && commitment_cipher === undefined
    ? rest
    : { ...rest, commitmentChanged: true };
}

export async function toView(
  db: Queryable,
  calendar: WorkingDayCalendar,
  protector: FieldProtector,
  row: ApplicationRow,
  today: string,
  withHistory = true,
): Promise<ApplicationView> {
  const left = isOpen(row.status) ? workingDaysLeft(calendar, today, row.due_on) : null;
  const events = withHistory
    ? await db
        .selectFrom('application_event')
        .select(['at', 'actor', 'from_status', 'to_status', 'note'])
        .where('application_id', '=', row.id)
        .orderBy('id')
        .execute()
    : [];
  const evidence = withHistory
    ? await db
        .selectFrom('application_evidence')
        .select(['digest', 'evidence_type'])
        .where('application_id', '=', row.id)
        .execute()
    : [];
  return {
    no: row.no,
    kind: row.kind,
    subtype: row.subtype,
    recordId: row.record_id,
    subjectId: row.subject_id,
    provider: row.provider_id,
    applicantName: openSealed(protector, row.applicant_name_cipher, row.applicant_name),
    statement: openSealed(protector, row.statement_cipher, row.statement),
    commitment: openSealed(protector, row.commitment_cipher, row.commitment),
    status: row.status,
    outcome: row.outcome,
    outcomeReason: row.outcome_reason,
    resultRecordId: row.result_record_id,
    missing: row.missing === null ? null : (JSON.parse(row.missing) as string[]),
    eligibility: row.eligibility === null ? null : (JSON.parse(row.eligibility) as Record<string, unknown>),
    filedOn: row.filed_on,
    dueOn: row.due_on,
    deadlineRule: row.deadline_rule,
    extensionReason: row.extension_reason,
    workingDaysLeft: left,
    overdue: left !== null && left < 0,
    events: events.map((e) => ({
      at: e.at,
      actor: e.actor,
      from: e.from_status,
      to: e.to_status,
      note: e.note,
    })),
    evidence: evidence.map((e) => ({ digest: e.digest, type: e.evidence_type })),
  };
}

/**
 * Applications visible to the actor: a provider's reviewers and operators see those about its records, the
 * credit centre all, a subject user its own. `overdue` keeps open ones past their due date (with the working
 * days overdue in each view).
 */
export async function listApplications(
  db: Queryable,
  calendar: WorkingDayCalendar,
  protector: FieldProtector,
  actor: Actor,
  kind: ApplicationKind,
  filter: { status?: ApplicationStatus; overdue?: boolean; limit: number; offset: number },
  now: Date,
): Promise<ApplicationView[]> {
  let q = db.selectFrom('application').selectAll().where('kind', '=', kind);
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', '请先登录再查看申请列表');
  if (actor.kind === 'user' || actor.kind === 'client') {
    if (actor.role === 'provider_reviewer' || actor.role === 'provider_operator')
      q = q.where('provider_id', '=', actor.scope.providerId ?? -1);
    else if (actor.role !== 'platform_admin') q = q.where('applicant', '=', actorLabel(actor));
  }
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  const today = shanghaiDate(now);
  if (filter.overdue === true) q = q.where('status', 'in', [...OPEN]).where('due_on', '<', today);
  const rows = await q.orderBy('due_on').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
  return Promise.all(rows.map((r) => toView(db, calendar, protector, r, today, false)));
}

export interface ProgressView {
  readonly no: string;
  readonly kind: ApplicationKind;
  readonly status: ApplicationStatus;
  readonly outcome: string | null;
  readonly filedOn: string;
  readonly dueOn: string | null;
  readonly steps: { at: string; status: string }[];
}

/** Public progress lookup by application number (进度查询): states and dates only, no personal data. */
export async function applicationProgress(db: Queryable, no: string): Promise<ProgressView> {
  const row = await db.selectFrom('application').selectAll().where('no', '=', no).executeTakeFirst();
  if (row === undefined) throw notFound(`申请 ${no}`);
  const events = await db
    .selectFrom('application_event')
    .select(['at', 'to_status'])
    .where('application_id', '=', row.id)
    .orderBy('id')
    .execute();
  return {
    no: row.no,
    kind: row.kind,
    status: row.status,
    outcome: row.outcome,
    filedOn: row.filed_on,
    dueOn: row.due_on,
    steps: events.map((e) => ({ at: e.at, status: e.to_status })),
  };
}

export { actorLabel };
