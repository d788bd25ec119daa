import { type Actor, actorLabel } from '../../platform/actor.js';
import { type FieldProtector, openSealed } from '../../platform/crypto/field-protector.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, illegalTransition, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/audit.service.js';
import type { BindingStatus } from './access.table.js';
import {
  type BindingRow,
  findBinding,
  findOpenBindings,
  findSubjectRef,
  findSubjectRefs,
  insertBinding,
  listBindingRows,
  type SubjectRef,
  transitionBinding,
} from './binding.repository.js';
import { authorize } from './policy.js';
import { findUserById, updateUserRow } from './user.repository.js';

/** Allowed moves of a subject binding; anything else is an illegal transition. */
/** 绑定申请状态 as the console shows them. */
const BINDING_STATUS_LABELS: Readonly<Record<BindingStatus, string>> = {
  pending: '待审核',
  approved: '已批准',
  rejected: '已驳回',
  revoked: '已撤销',
};

export const BINDING_TRANSITIONS: Readonly<Record<BindingStatus, readonly BindingStatus[]>> = {
  pending: ['approved', 'rejected'],
  approved: ['revoked'],
  rejected: [],
  revoked: [],
};

export interface BindingView {
  readonly id: number;
  readonly userId: number;
  readonly subject: SubjectRef;
  readonly status: BindingStatus;
  readonly evidence: string;
  readonly requestedAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly decisionNote: string | null;
}

function toView(protector: FieldProtector, row: BindingRow, subject: SubjectRef | undefined): BindingView {
  return {
    id: row.id,
    userId: row.user_id,
    subject: subject ?? { id: row.subject_id, kind: 'unknown', name: '', uscc: null },
    status: row.status,
    evidence: openSealed(protector, row.evidence_cipher, row.evidence),
    requestedAt: row.requested_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    decisionNote: row.decision_note,
  };
}

/**
 * A subject user asks to act for a subject (`binding.request`), named by id or unified social credit code, citing
 * its evidence (e.g. 营业执照 and 授权委托书 numbers). One open (pending or approved) binding per user.
 * Audited `binding.requested`.
 * @throws AppError unauthenticated / forbidden; conflict (already bound or pending); not_found (subject);
 *   validation_failed (evidence)
 */
export async function requestBinding(
  tx: Tx,
  protector: FieldProtector,
  actor: Actor,
  input: { subjectId?: number; uscc?: string; evidence: string },
  at: Date,
): Promise<BindingView> {
  authorize(actor, 'binding.request');
  if (actor.kind !== 'user') throw new AppError('forbidden', '只有已登录的信用主体用户才能申请绑定主体');
  const evidence = input.evidence.trim();
  if (evidence === '' || evidence.length > 1000)
    throw new AppError('validation_failed', '证明材料说明应为 1–1000 个字符');
  if ((input.subjectId === undefined) === (input.uscc === undefined))
    throw new AppError('validation_failed', '请用 subjectId 或 uscc 中的一项（且只用一项）指明信用主体');
  const subject = await findSubjectRef(
    tx,
    input.subjectId !== undefined ? { id: input.subjectId } : { uscc: (input.uscc ?? '').toUpperCase() },
  );
  if (subject === undefined) throw notFound(`信用主体 ${input.subjectId ?? input.uscc ?? ''}`);
  if ((await findOpenBindings(tx, actor.id)).length > 0)
    throw new AppError('conflict', '您已有待审核或已批准的主体绑定申请');
  const row = await insertBinding(tx, {
    user_id: actor.id,
    subject_id: subject.id,
    status: 'pending',
    evidence: '',
    evidence_cipher: protector.encrypt(evidence),
    requested_at: at.toISOString(),
    decided_at: null,
    decided_by: null,
    decision_note: null,
  });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'binding.requested',
        entityType: 'subject_binding',
        entityId: row.id,
        payload: { userId: actor.id, subjectId: subject.id },
      },
    ],
    at,
  );
  return toView(protector, row, subject);
}

/** Binding requests: all (filterable) for administrators, one's own for a subject user (`binding.read`). */
export async function listBindings(
  db: Queryable,
  protector: FieldProtector,
  actor: Actor,
  filter: { status?: BindingStatus; limit: number; offset: number },
): Promise<BindingView[]> {
  authorize(actor, 'binding.read');
  const own = actor.kind === 'user' && actor.role === 'subject_user' ? actor.id : undefined;
  const rows = await listBindingRows(db, { ...filter, ...(own === undefined ? {} : { userId: own }) });
  const subjects = await findSubjectRefs(
    db,
    rows.map((r) => r.subject_id),
  );
  return rows.map((r) => toView(protector, r, subjects.get(r.subject_id)));
}

/**
 * An administrator decides a pending binding (`binding.decide`): approving sets the user's subject (its scope from
 * the next request on); rejecting records why. Audited `binding.approved` / `binding.rejected`.
 * @throws AppError forbidden; not_found; illegal_transition (not pending); conflict (user no longer a subject user
 *   or already bound)
 */
export async function decideBinding(
  tx: Tx,
  protector: FieldProtector,
  actor: Actor,
  id: number,
  decision: 'approved' | 'rejected',
  note: string | null,
  at: Date,
): Promise<BindingView> {
  authorize(actor, 'binding.decide');
  const row = await findBinding(tx, id);
  if (row === undefined) throw notFound(`主体绑定申请 ${id}`);
  assertTransition(row.status, decision);
  const user = await findUserById(tx, row.user_id);
  if (decision === 'approved') {
    if (user === undefined || user.role !== 'subject_user' || user.status !== 'active')
      throw new AppError('conflict', '申请账号已不是有效的信用主体用户');
    if (user.subject_id !== null) throw new AppError('conflict', '该账号已绑定信用主体');
  }
  const iso = at.toISOString();
  const updated = await transitionBinding(tx, id, row.status, {
    status: decision,
    decided_at: iso,
    decided_by: actorLabel(actor),
    decision_note: note,
  });
  if (updated === undefined) throw new AppError('conflict', `主体绑定申请 ${id} 已被他人处理，请刷新后重试`);
  if (decision === 'approved')
    await updateUserRow(tx, row.user_id, { subject_id: row.subject_id, updated_at: iso });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: decision === 'approved' ? 'binding.approved' : 'binding.rejected',
        entityType: 'subject_binding',
        entityId: id,
        payload: { userId: row.user_id, subjectId: row.subject_id, note },
      },
    ],
    at,
  );
  return toView(protector, updated, await findSubjectRef(tx, { id: row.subject_id }));
}

/**
 * An administrator ends an approved binding (`binding.decide`), e.g. when the person left the company: the user
 * loses its subject at once. Audited `binding.revoked`.
 * @throws AppError forbidden; not_found; illegal_transition
 */
export async function revokeBinding(
  tx: Tx,
  protector: FieldProtector,
  actor: Actor,
  id: number,
  note: string | null,
  at: Date,
): Promise<BindingView> {
  authorize(actor, 'binding.decide');
  const row = await findBinding(tx, id);
  if (row === undefined) throw notFound(`主体绑定申请 ${id}`);
  assertTransition(row.status, 'revoked');
  const iso = at.toISOString();
  const updated = await transitionBinding(tx, id, row.status, {
    status: 'revoked',
    decided_at: iso,
    decided_by: actorLabel(actor),
    decision_note: note,
  });
  if (updated === undefined) throw new AppError('conflict', `主体绑定申请 ${id} 已被他人处理，请刷新后重试`);
  const user = await findUserById(tx, row.user_id);
  if (user !== undefined && user.subject_id === row.subject_id)
    await updateUserRow(tx, row.user_id, { subject_id: null, updated_at: iso });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'binding.revoked',
        entityType: 'subject_binding',
        entityId: id,
        payload: { userId: row.user_id, subjectId: row.subject_id, note },
      },
    ],
    at,
  );
  return toView(protector, updated, await findSubjectRef(tx, { id: row.subject_id }));
}

function assertTransition(from: BindingStatus, to: BindingStatus): void {
  if (!BINDING_TRANSITIONS[from].includes(to))
    throw illegalTransition(
      '主体绑定申请',
      (s) => BINDING_STATUS_LABELS[s],
      from,
      to,
      BINDING_TRANSITIONS[from],
    );
}
