import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { Runtime } from '../../runtime.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import type { RawValue } from '../catalog/values/raw-value.js';
import { correctRecord, removeListEntry, revokeRecord } from '../records/change-record.service.js';
import { getCurrentVersionOf, setObjectionMark } from '../records/record.service.js';
import {
  type ApplicationRow,
  applicationNumber,
  dueDate,
  extendedDueDate,
  getApplication,
  isOpen,
  transition,
} from './application.service.js';
import { assertEvidenceHeld, type EvidenceType } from './evidence.service.js';
import { APPLICATION_STATUS_LABELS } from './transitions.js';

/** Grounds of an objection (Shenzhen 2023 art. 48; Zhanjiang portal's accepted scope). */
export const OBJECTION_GROUNDS = [
  'error',
  'omission',
  'should_not_publish',
  'overdue_publication',
  'wrongly_listed',
  'other',
] as const;
export type ObjectionGround = (typeof OBJECTION_GROUNDS)[number];
export const OBJECTION_OUTCOMES = ['corrected', 'revoked', 'removed', 'unchanged'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

export interface ObjectionInput {
  readonly recordId: number;
  readonly grounds: ObjectionGround;
  readonly statement: string;
  /** Required from the public (who has no account), optional otherwise. */
  readonly applicantName?: string;
  readonly contact?: string;
  readonly evidence?: readonly { digest: string; type: EvidenceType }[];
}

type Deps = Pick<Runtime, 'calendar' | 'workflow' | 'protector' | 'clock'> & { publicityConfig?: undefined };

/**
 * Files an objection (异议) to a record: the subject (or, where configured, the public for evident errors).
 * From this moment every view shows the record under objection (异议处理中); the objection goes to the owning
 * provider's reviewers with a decision deadline in statutory working days (workflow-config.ts).
 * @throws AppError forbidden, not_found, conflict (an open objection exists), validation_failed
 */
export async function fileObjection(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  input: ObjectionInput,
  at: Date,
): Promise<ApplicationRow> {
  const record = await getCurrentVersionOf(tx, input.recordId);
  const isSubject =
    (actor.kind === 'user' || actor.kind === 'client') &&
    actor.role === 'subject_user' &&
    actor.scope.subjectId === record.subject_id;
  const isAdmin =
    actor.kind === 'system' ||
    ((actor.kind === 'user' || actor.kind === 'client') && actor.role === 'platform_admin');
  const publicAllowed =
    deps.workflow.publicObjections && actor.kind === 'anonymous' && input.grounds === 'error';
  if (!isSubject && !isAdmin && !publicAllowed) {
    authorize(actor, 'record.read_subject', { subjectId: record.subject_id });
  }
  if (actor.kind === 'anonymous' && (input.applicantName === undefined || input.contact === undefined)) {
    throw new AppError('validation_failed', '公众提出异议须填写姓名和联系方式');
  }
  if (input.statement.trim().length < 5)
    throw new AppError('validation_failed', '请说明异议内容（至少 5 个字）');
  const open = await tx
    .selectFrom('application')
    .select(['no', 'status'])
    .where('kind', '=', 'objection')
    .where('subject_id', '=', record.subject_id)
    .where('provider_id', '=', record.provider_id)
    .where('status', 'in', ['submitted', 'extended'])
    .execute();
  for (const o of open) {
    const other = await getApplication(tx, 'objection', o.no);
    const otherCurrent = await getCurrentVersionOf(tx, other.record_id);
    if (otherCurrent.id === record.id)
      throw new AppError('conflict', `该记录已有正在办理的异议申请（${o.no}）`);
  }
  const filedOn = shanghaiDate(at);
  const due = dueDate(deps.calendar, filedOn, deps.workflow.objectionDecisionDays, '异议处理时限');
  const iso = at.toISOString();
  const name =
    input.applicantName ??
    (actor.kind === 'user' || actor.kind === 'client'
      ? actor.name
      : actor.kind === 'system'
        ? '系统'
        : '公众');
  const row = await tx
    .insertInto('application')
    .values({
      no: applicationNumber('objection', at),
      kind: 'objection',
      subtype: input.grounds,
      record_id: record.id,
      subject_id: record.subject_id,
      provider_id: record.provider_id,
      applicant: actorLabel(actor),
      applicant_name: '',
      applicant_name_cipher: deps.protector.encrypt(name.slice(0, 100)),
      contact_cipher: input.contact === undefined ? null : deps.protector.encrypt(input.contact),
      statement: '',
      statement_cipher: deps.protector.encrypt(input.statement.trim()),
      commitment: null,
      commitment_cipher: null,
      status: 'submitted',
      outcome: null,
      outcome_reason: null,
      result_record_id: null,
      missing: null,
      eligibility: null,
      filed_on: filedOn,
      due_on: due.dueOn,
      deadline_rule: due.rule,
      extension_reason: null,
      decided_at: null,
      created_at: iso,
      updated_at: iso,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await assertEvidenceHeld(
    tx,
    actor,
    (input.evidence ?? []).map((e) => e.digest),
  );
  for (const e of input.evidence ?? []) {
    await tx
      .insertInto('application_evidence')
      .values({ application_id: row.id, digest: e.digest, evidence_type: e.type, added_at: iso })
      .execute();
  }
  await setObjectionMark(tx, record.id, 'under_objection');
  await tx
    .insertInto('application_event')
    .values({
      application_id: row.id,
      at: iso,
      actor: actorLabel(actor),
      from_status: null,
      to_status: 'submitted',
      note: '已受理并标注"异议处理中"',
    })
    .execute();
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'objection.filed',
        entityType: 'objection',
        entityId: row.no,
        payload: { recordId: record.id, grounds: input.grounds, dueOn: due.dueOn },
      },
      {
        actor: 'system:objections',
        action: 'record.objection_marked',
        entityType: 'record',
        entityId: record.id,
        payload: { objection: row.no },
      },
    ],
    at,
  );
  return row;
}

/**
 * One extension (延期) of the decision deadline, with a reason; only once. The extension's working days are added
 * to the current due date (a 待定 date stays 待定 until its year is loaded), so the new date is never earlier.
 */
export async function extendObjection(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  no: string,
  reason: string,
  at: Date,
): Promise<ApplicationRow> {
  const app = await getApplication(tx, 'objection', no);
  authorize(actor, 'objection.decide', { providerId: app.provider_id });
  if (reason.trim().length < 2) throw new AppError('validation_failed', '请说明延期理由（至少 2 个字）');
  // added to the current due date, never counted from today: an extension never moves the date earlier
  const due = extendedDueDate(
    deps.calendar,
    { dueOn: app.due_on, rule: app.deadline_rule },
    deps.workflow.objectionExtensionDays,
    '延期',
  );
  return transition(
    tx,
    actor,
    app,
    'extended',
    {
      due_on: due.dueOn,
      deadline_rule: due.rule,
      extension_reason: reason.trim(),
    },
    reason.trim(),
    at,
  );
}

/**
 * The provider's decision: corrected (a new version with the given fields), revoked, removed from a list, or
 * unchanged with reasons. The objection mark is cleared and the applicant notified.
 * @throws AppError forbidden, illegal_transition, validation_failed
 */
export async function decideObjection(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  no: string,
  decision: { outcome: ObjectionOutcome; reason: string; fields?: Readonly<Record<string, RawValue>> },
  at: Date,
): Promise<ApplicationRow> {
  const app = await getApplication(tx, 'objection', no);
  authorize(actor, 'objection.decide', { providerId: app.provider_id });
  if (!isOpen(app.status))
    throw new AppError(
      'illegal_transition',
      `异议申请 ${no} 已是“${APPLICATION_STATUS_LABELS[app.status]}”状态`,
    );
  if (decision.reason.trim().length < 2) throw new AppError('validation_failed', '请说明处理理由');
  let resultId: number | null = null;
  const current = await getCurrentVersionOf(tx, app.record_id);
  switch (decision.outcome) {
    case 'corrected': {
      if (decision.fields === undefined || Object.keys(decision.fields).length === 0)
        throw new AppError('validation_failed', '更正信息须列明更正的数据项');
      resultId = (
        await correctRecord(
          tx,
          deps,
          actor,
          current.id,
          { fields: decision.fields, reason: `异议${no}：${decision.reason.trim()}` },
          at,
        )
      ).id;
      break;
    }
    case 'revoked':
      resultId = await revokeRecord(tx, actor, current.id, `异议${no}：${decision.reason.trim()}`, at);
      break;
    case 'removed':
      resultId = await removeListEntry(tx, actor, current.id, `异议${no}：${decision.reason.trim()}`, at);
      break;
    case 'unchanged':
      resultId = current.id;
      break;
  }
  await setObjectionMark(tx, resultId ?? current.id, 'none');
  return transition(
    tx,
    actor,
    app,
    'decided',
    {
      outcome: decision.outcome,
      outcome_reason: decision.reason.trim(),
      result_record_id: resultId,
      decided_at: at.toISOString(),
    },
    decision.reason.trim(),
    at,
  );
}
