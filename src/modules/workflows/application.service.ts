import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { actorLabel } from '../../platform/actor.js';
import { type FieldProtector, openSealed } from '../../platform/crypto/field-protector.js';
import type { Db, Queryable, Tx } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
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

/** Why a due date is 待定: the year it falls in has no published State Council holiday notice yet. */
export const DUE_PENDING_REASON = '法定节假日安排尚未发布';

const PENDING_MARK = '截止日待定';

/**
 * A due date `days` statutory working days after `from`, with how it was computed. When the computation runs into
 * a year whose holiday arrangement is not loaded, `dueOn` is null (待定) and the rule names the start day and the
 * days (`…: N 个工作日，自 YYYY-MM-DD 起算 — …截止日待定`), so {@link resolvePendingDueDates} can compute it once
 * the year is loaded.
 */
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
      return {
        dueOn: null,
        rule: `${label}: ${days} 个工作日，自 ${from} 起算 — ${e.year} 年${DUE_PENDING_REASON}，${PENDING_MARK}`,
      };
    throw e;
  }
}

/**
 * An extension of `days` working days added to the current due date (never to today): the result is never earlier
 * than the current due date. A pending (待定) due date stays pending and the days are added to its computation.
 */
export function extendedDueDate(
  calendar: WorkingDayCalendar,
  current: { dueOn: string | null; rule: string | null },
  days: number,
  label: string,
): { dueOn: string | null; rule: string } {
  const before = current.rule ?? '';
  if (current.dueOn === null)
    return { dueOn: null, rule: `${before}；${label}: ${days} 个工作日 — ${PENDING_MARK}` };
  const next = dueDate(calendar, current.dueOn, days, label);
  const dueOn = next.dueOn !== null && next.dueOn < current.dueOn ? current.dueOn : next.dueOn;
  return { dueOn, rule: `${before}；${next.rule}` };
}

/**
 * The start day and total working days of a pending due date, read from its rule: the last segment that names a
 * start day (自 … 起算) and the days of that and every later segment (extensions). Null when the rule is not pending.
 */
export function pendingComputation(rule: string | null): { from: string; days: number } | null {
  if (rule === null || !rule.endsWith(PENDING_MARK)) return null;
  const segments = rule.split('；');
  let start = -1;
  let from = '';
  segments.forEach((seg, i) => {
    const m = /自 (\d{4}-\d{2}-\d{2}) 起算/.exec(seg);
    if (m?.[1] !== undefined) {
      start = i;
      from = m[1];
    }
  });
  if (start < 0) return null;
  let days = 0;
  for (const seg of segments.slice(start)) {
    const m = /: (\d+) 个工作日/.exec(seg);
    if (m?.[1] !== undefined) days += Number(m[1]);
  }
  return { from, days };
}

/**
 * Computes the due date of every open application whose due date is 待定 and whose calendar years are now loaded
 * (after `xinyong calendar load`, and at every start). Each computed case gets an event and an audit entry; cases
 * still running into an unloaded year stay pending. Returns the cases computed.
 */
export async function resolvePendingDueDates(
  db: Db,
  calendar: WorkingDayCalendar,
  at: Date,
): Promise<{ no: string; dueOn: string }[]> {
  const pending = await db
    .selectFrom('application')
    .select(['id', 'no'])
    .where('status', 'in', [...OPEN])
    .where('due_on', 'is', null)
    .orderBy('id')
    .execute();
  const done: { no: string; dueOn: string }[] = [];
  for (const p of pending) {
    const resolved = await inTransaction(db, async (tx) => {
      const row = await tx.selectFrom('application').selectAll().where('id', '=', p.id).executeTakeFirst();
      if (row === undefined || row.due_on !== null || !isOpen(row.status)) return null;
      const c = pendingComputation(row.deadline_rule);
      if (c === null) return null;
      let dueOn: string;
      try {
        dueOn = addWorkingDays(calendar, c.from, c.days);
      } catch (e) {
        if (e instanceof CalendarNotPublishedError) return null;
        throw e;
      }
      const note = `放假安排已载入，截止日计算为 ${dueOn}（自 ${c.from} 起 ${c.days} 个工作日）`;
      const iso = at.toISOString();
      await tx
        .updateTable('application')
        .set({ due_on: dueOn, deadline_rule: `${row.deadline_rule ?? ''}；${note}`, updated_at: iso })
        .where('id', '=', row.id)
        .where('due_on', 'is', null)
        .execute();
      await tx
        .insertInto('application_event')
        .values({
          application_id: row.id,
          at: iso,
          actor: 'system:calendar',
          from_status: row.status,
          to_status: row.status,
          note,
        })
        .execute();
      await appendAudit(
        tx,
        [
          {
            actor: 'system:calendar',
            action: `${row.kind}.due_computed`,
            entityType: row.kind,
            entityId: row.no,
            payload: { dueOn, from: c.from, workingDays: c.days },
          },
        ],
        at,
      );
      return { no: row.no, dueOn };
    });
    if (resolved !== null) done.push(resolved);
  }
  return done;
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
  /** Why the due date is 待定 (`dueOn` null while open): e.g. "2027 年法定节假日安排尚未发布"; null otherwise. */
  readonly duePending: string | null;
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

/** The 待定 reason of an open application whose due date waits for a year's holiday arrangement. */
export function duePendingReason(
  row: Pick<ApplicationRow, 'status' | 'due_on' | 'deadline_rule'>,
): string | null {
  if (!isOpen(row.status) || row.due_on !== null) return null;
  const year = /(\d{4}) 年法定节假日安排尚未发布/.exec(row.deadline_rule ?? '')?.[1];
  return year === undefined ? DUE_PENDING_REASON : `${year} 年${DUE_PENDING_REASON}`;
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
    duePending: duePendingReason(row),
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
