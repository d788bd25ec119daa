import type { Insertable } from 'kysely';
import { type Actor, actorLabel } from '../../platform/actor.js';
import { openSealed } from '../../platform/crypto/field-protector.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { Runtime } from '../../runtime.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getItemVersion } from '../catalog/catalog.service.js';
import { queueDownstreamNotice } from '../checks/watch.service.js';
import { addMonths } from '../publicity/add-months.js';
import { repairRecord } from '../records/change-record.service.js';
import { getCurrentVersionOf, type RecordRow } from '../records/record.service.js';
import {
  type ApplicationRow,
  applicationNumber,
  dueDate,
  getApplication,
  isOpen,
  transition,
} from './application.service.js';
import { assertEvidenceHeld, type EvidenceType } from './evidence.service.js';
import { APPLICATION_STATUS_LABELS } from './transitions.js';
import type { ApplicationTable } from './workflow.table.js';

export type RepairKind = 'end_publicity' | 'list_removal' | 'other_negative';

export interface Eligibility {
  readonly eligible: boolean;
  readonly kind: RepairKind | null;
  /** Why not (empty when eligible). */
  readonly reasons: string[];
  /** The first date an application could succeed, when time is the only obstacle. */
  readonly earliestDate: string | null;
  readonly rule: string | null;
}

/**
 * Whether a record can be repaired now, computed from its rule set, never guessed (NDRC Order 36; SAMR Order 45
 * art. 14; REFERENCE §5): negative, current and active; penalties only after their minimum publicity period and
 * not for the types that may never end early; serious-list entries after one year; court lists (失信被执行人)
 * only through the court. Returns every reason at once.
 */
export async function repairEligibility(tx: Tx, record: RecordRow, today: string): Promise<Eligibility> {
  const item = await getItemVersion(tx, record.item_id);
  const reasons: string[] = [];
  let kind: RepairKind | null = null;
  let earliest: string | null = null;
  let rule: string | null = record.publicity_rule;
  if (record.polarity !== 'negative') reasons.push('只有失信信息可以申请信用修复');
  if (record.status !== 'active')
    reasons.push(
      `该记录已${record.status === 'repaired' ? '修复' : record.status === 'revoked' ? '撤销' : '移出'}，无需修复`,
    );
  if (record.item_code === 'JUDGMENT_DEFAULTER')
    reasons.push('失信被执行人名单由人民法院依法删除，不通过信用修复办理');
  else if (item.spec.publicity === 'rules') {
    kind = 'end_publicity';
    if (record.published !== 1) reasons.push('该处罚信息未公示，无需申请终止公示');
    else if (record.earliest_repair === null)
      reasons.push('该处罚类型不得提前停止公示（市场监督管理行政处罚信息公示规定第十四条）');
    else if (today < record.earliest_repair) {
      earliest = record.earliest_repair;
      reasons.push(`最短公示期未满：${record.earliest_repair} 起可申请`);
    }
    if (record.publicity_end !== null && today >= record.publicity_end)
      reasons.push('公示期已届满，已自动停止公示');
  } else if (item.spec.list === 'serious') {
    kind = 'list_removal';
    rule = 'ndrc-order36-2026 严重失信 最短1年';
    const from = record.effective_from ?? record.decision_date;
    if (from !== null) {
      const min = addMonths(from, 12);
      if (today < min) {
        earliest = min;
        reasons.push(`列入严重失信主体名单未满一年：${min} 起可申请移出`);
      }
    }
  } else {
    kind = 'other_negative';
  }
  return { eligible: reasons.length === 0, kind, reasons, earliestDate: earliest, rule };
}

export interface RepairInput {
  readonly recordId: number;
  readonly statement: string;
  /** 信用修复承诺 text; required. */
  readonly commitment?: string;
  readonly evidence?: readonly { digest: string; type: EvidenceType }[];
}

type Deps = Pick<Runtime, 'calendar' | 'workflow' | 'protector' | 'clock'>;

/** Shortest commitment text accepted in place of an uploaded, signed 信用修复承诺书. */
export const MIN_COMMITMENT_CHARS = 10;

function missingMaterials(commitment: string | null, evidence: readonly { type: string }[]): string[] {
  const missing: string[] = [];
  const written = commitment !== null && [...commitment.trim()].length >= MIN_COMMITMENT_CHARS;
  if (!written && !evidence.some((e) => e.type === 'commitment'))
    missing.push(`信用修复承诺书（上传签章的承诺书，或填写不少于 ${MIN_COMMITMENT_CHARS} 个字的承诺内容）`);
  if (!evidence.some((e) => e.type === 'payment' || e.type === 'rectification'))
    missing.push('已履行法定义务、纠正失信行为的证明材料（如罚款缴纳凭证、整改报告）');
  return missing;
}

async function attachEvidence(
  tx: Tx,
  app: ApplicationRow,
  evidence: readonly { digest: string; type: EvidenceType }[],
  iso: string,
  actor: Actor,
): Promise<void> {
  await assertEvidenceHeld(
    tx,
    actor,
    evidence.map((e) => e.digest),
  );
  for (const e of evidence) {
    const linked = await tx
      .selectFrom('application_evidence')
      .select('digest')
      .where('application_id', '=', app.id)
      .where('digest', '=', e.digest)
      .executeTakeFirst();
    if (linked === undefined)
      await tx
        .insertInto('application_evidence')
        .values({ application_id: app.id, digest: e.digest, evidence_type: e.type, added_at: iso })
        .execute();
  }
}

async function evidenceOf(tx: Tx, appId: number): Promise<{ type: string }[]> {
  return (
    await tx
      .selectFrom('application_evidence')
      .select('evidence_type')
      .where('application_id', '=', appId)
      .execute()
  ).map((e) => ({ type: e.evidence_type }));
}

/**
 * A repair application (信用修复申请), one per record. Eligibility is computed first: an ineligible application
 * is refused at once with every reason and, where only time is missing, the earliest date it could succeed.
 * An eligible one missing materials is returned once listing everything missing; otherwise it is submitted with a
 * decision deadline of 10 working days (configurable).
 * @throws AppError forbidden, not_found, conflict (another open application), validation_failed
 */
export async function applyForRepair(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  input: RepairInput,
  at: Date,
): Promise<ApplicationRow> {
  const record = await getCurrentVersionOf(tx, input.recordId);
  authorize(actor, 'repair.apply', { subjectId: record.subject_id });
  if (input.statement.trim().length < 5)
    throw new AppError('validation_failed', '请说明纠正失信行为、履行义务的情况（至少 5 个字）');
  const openApps = await tx
    .selectFrom('application')
    .select(['no'])
    .where('kind', '=', 'repair')
    .where('record_id', '=', record.id)
    .where('status', 'in', ['submitted', 'returned', 'accepted', 'extended'])
    .execute();
  if (openApps.length > 0)
    throw new AppError(
      'conflict',
      `该记录已有正在办理的信用修复申请（${openApps.map((a) => a.no).join('、')}）`,
    );
  const today = shanghaiDate(at);
  const eligibility = await repairEligibility(tx, record, today);
  const iso = at.toISOString();
  const base: Insertable<ApplicationTable> = {
    no: applicationNumber('repair', at),
    kind: 'repair',
    subtype: eligibility.kind ?? 'other_negative',
    record_id: record.id,
    subject_id: record.subject_id,
    provider_id: record.provider_id,
    applicant: actorLabel(actor),
    applicant_name: '',
    applicant_name_cipher: deps.protector.encrypt(
      (actor.kind === 'user' || actor.kind === 'client' ? actor.name : '系统').slice(0, 100),
    ),
    contact_cipher: null,
    statement: '',
    statement_cipher: deps.protector.encrypt(input.statement.trim()),
    commitment: null,
    commitment_cipher:
      input.commitment === undefined ? null : deps.protector.encrypt(input.commitment.trim()),
    status: 'submitted',
    outcome: null,
    outcome_reason: null,
    result_record_id: null,
    missing: null,
    eligibility: JSON.stringify(eligibility),
    filed_on: today,
    due_on: null,
    deadline_rule: null,
    extension_reason: null,
    decided_at: null,
    created_at: iso,
    updated_at: iso,
  };
  const row = await tx.insertInto('application').values(base).returningAll().executeTakeFirstOrThrow();
  await tx
    .insertInto('application_event')
    .values({
      application_id: row.id,
      at: iso,
      actor: actorLabel(actor),
      from_status: null,
      to_status: 'submitted',
      note: null,
    })
    .execute();
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'repair.submitted',
        entityType: 'repair',
        entityId: row.no,
        payload: { recordId: record.id, eligibility },
      },
    ],
    at,
  );
  if (!eligibility.eligible) {
    return transition(
      tx,
      actor,
      row,
      'refused',
      { outcome: 'ineligible', outcome_reason: eligibility.reasons.join('；'), decided_at: iso },
      eligibility.reasons.join('；'),
      at,
    );
  }
  await attachEvidence(tx, row, input.evidence ?? [], iso, actor);
  const missing = missingMaterials(
    openSealed(deps.protector, row.commitment_cipher, row.commitment),
    await evidenceOf(tx, row.id),
  );
  if (missing.length > 0) {
    return transition(
      tx,
      { kind: 'system', name: 'repairs' },
      row,
      'returned',
      { missing: JSON.stringify(missing) },
      `请一次性补正：${missing.join('；')}`,
      at,
    );
  }
  const due = dueDate(deps.calendar, today, deps.workflow.repairDecisionDays, '信用修复办理时限');
  return (
    (await tx
      .updateTable('application')
      .set({ due_on: due.dueOn, deadline_rule: due.rule })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirst()) ?? row
  );
}

/**
 * Supplement of a returned application (补正). After the one return, still-missing materials mean the
 * application is refused.
 */
export async function supplementRepair(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  no: string,
  input: { commitment?: string; evidence?: readonly { digest: string; type: EvidenceType }[] },
  at: Date,
): Promise<ApplicationRow> {
  const app = await getApplication(tx, 'repair', no);
  if (app.applicant !== actorLabel(actor)) authorize(actor, 'repair.apply', { subjectId: app.subject_id });
  if (app.status !== 'returned')
    throw new AppError(
      'illegal_transition',
      `信用修复申请 ${no} 当前为“${APPLICATION_STATUS_LABELS[app.status]}”，不是“${APPLICATION_STATUS_LABELS.returned}”，不能补正`,
    );
  const iso = at.toISOString();
  await attachEvidence(tx, app, input.evidence ?? [], iso, actor);
  const commitment =
    input.commitment?.trim() ?? openSealed(deps.protector, app.commitment_cipher, app.commitment);
  const missing = missingMaterials(commitment, await evidenceOf(tx, app.id));
  const sealed = {
    commitment: null,
    commitment_cipher: commitment === null ? null : deps.protector.encrypt(commitment),
  };
  if (missing.length > 0) {
    return transition(
      tx,
      actor,
      app,
      'refused',
      {
        ...sealed,
        outcome: 'incomplete',
        outcome_reason: `补正后仍缺少：${missing.join('；')}`,
        decided_at: iso,
      },
      null,
      at,
    );
  }
  const due = dueDate(deps.calendar, shanghaiDate(at), deps.workflow.repairDecisionDays, '信用修复办理时限');
  return transition(
    tx,
    actor,
    app,
    'submitted',
    { ...sealed, missing: null, due_on: due.dueOn, deadline_rule: due.rule },
    '已补正',
    at,
  );
}

/** The provider accepts a complete application for review (受理). */
export async function acceptRepair(tx: Tx, actor: Actor, no: string, at: Date): Promise<ApplicationRow> {
  const app = await getApplication(tx, 'repair', no);
  authorize(actor, 'repair.decide', { providerId: app.provider_id });
  return transition(tx, actor, app, 'accepted', {}, null, at);
}

/**
 * The provider's decision on an accepted repair. Approval, in one transaction with audit events: a new record
 * version with status `repaired` (publicity ends, sharing with credit users stops, triggered measures are lifted —
 * checks and evaluation read only active records, and evaluation re-reads changed subjects), and a notice to
 * downstream systems queued in the outbox. Rejection states the reasons.
 * @throws AppError forbidden, illegal_transition, validation_failed
 */
export async function decideRepair(
  tx: Tx,
  actor: Actor,
  no: string,
  decision: { approve: boolean; reason: string },
  at: Date,
): Promise<ApplicationRow> {
  const app = await getApplication(tx, 'repair', no);
  authorize(actor, 'repair.decide', { providerId: app.provider_id });
  if (!isOpen(app.status))
    throw new AppError(
      'illegal_transition',
      `信用修复申请 ${no} 已是“${APPLICATION_STATUS_LABELS[app.status]}”状态`,
    );
  if (decision.reason.trim().length < 2) throw new AppError('validation_failed', '请说明审核意见');
  const iso = at.toISOString();
  if (!decision.approve) {
    return transition(
      tx,
      actor,
      app,
      'decided',
      { outcome: 'rejected', outcome_reason: decision.reason.trim(), decided_at: iso },
      decision.reason.trim(),
      at,
    );
  }
  const current = await getCurrentVersionOf(tx, app.record_id);
  const eligibility = await repairEligibility(tx, current, shanghaiDate(at));
  if (!eligibility.eligible)
    throw new AppError(
      'not_eligible',
      `信用修复申请 ${no} 已不符合修复条件：${eligibility.reasons.join('；')}`,
      { extras: { reasons: eligibility.reasons, earliestDate: eligibility.earliestDate } },
    );
  const repairedId = await repairRecord(
    tx,
    actor,
    current.id,
    `信用修复 ${no}：${decision.reason.trim()}`,
    at,
  );
  await queueDownstreamNotice(
    tx,
    {
      type: 'credit_repair',
      application: no,
      recordId: repairedId,
      previousRecordId: current.id,
      subjectId: current.subject_id,
      item: current.item_code,
      repairedOn: shanghaiDate(at),
    },
    at,
  );
  return transition(
    tx,
    actor,
    app,
    'decided',
    {
      outcome: 'approved',
      outcome_reason: decision.reason.trim(),
      result_record_id: repairedId,
      decided_at: iso,
    },
    decision.reason.trim(),
    at,
  );
}
