import type { Insertable } from 'kysely';
import { type Actor, actorLabel } from '../../platform/actor.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError, notFound, validationFailed } from '../../platform/errors.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { maskIdentifiersInText } from '../../standards/mask.js';
import type { WorkingDayCalendar } from '../../standards/working-days.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getCurrentItem } from '../catalog/catalog.service.js';
import type { FieldValue } from '../catalog/values/parse-field.js';
import type { RawValue } from '../catalog/values/raw-value.js';
import { compileRowValidator } from '../catalog/values/validate-row.js';
import { buildDraft, roleIndex, sortFields } from '../ingestion/build-draft.js';
import { getProviderById } from '../providers/provider.service.js';
import { DEFAULT_PUBLICITY_CONFIG, type PublicityConfig } from '../publicity/publicity.config.js';
import { contentDigest } from './apply-records.service.js';
import { recordPublicTallyChange } from './public-tally.js';
import { findRecordById, type RecordRow } from './record.repository.js';
import { RECORD_STATUS_LABELS } from './record.service.js';
import type { RecordTable } from './record.table.js';

/**
 * A stated reason as kept on the version and in the audit trail: trimmed, identity and mobile numbers masked (a
 * reason is free text that goes to the subject, the provider and watchers; names cannot be recognised and stay).
 */
function keptReason(reason: string): string {
  return maskIdentifiersInText(reason.trim()).text;
}

export interface ChangeDeps {
  readonly protector: FieldProtector;
  readonly calendar: WorkingDayCalendar;
  readonly publicityConfig?: PublicityConfig;
}

/** The record by id, authorized for `action` on its provider before anything about its state is revealed. */
async function currentVersion(
  tx: Tx,
  actor: Actor,
  action: 'record.correct' | 'record.revoke' | 'list.remove',
  id: number,
): Promise<RecordRow> {
  const r = await findRecordById(tx, id);
  if (r === undefined) throw notFound(`记录 ${id}`);
  authorize(actor, action, { providerId: r.provider_id });
  if (r.is_current !== 1)
    throw new AppError('conflict', `记录 ${id} 是第 ${r.version} 版，不是当前版本；请对当前版本进行操作`);
  return r;
}

/** Closes `prev` and inserts `next` as the chain's new current version. */
async function supersede(
  tx: Tx,
  prev: RecordRow,
  next: Omit<Insertable<RecordTable>, 'version' | 'is_current' | 'superseded_at'>,
  at: string,
): Promise<number> {
  await tx
    .updateTable('record')
    .set({ is_current: 0, superseded_at: at })
    .where('id', '=', prev.id)
    .where('is_current', '=', 1)
    .execute();
  const row = await tx
    .insertInto('record')
    .values({ ...next, version: prev.version + 1, is_current: 1, superseded_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordPublicTallyChange(
    tx,
    [prev],
    [{ ...next, publicity_start: next.publicity_start ?? null, publicity_end: next.publicity_end ?? null }],
  );
  return row.id;
}

function copyOf(r: RecordRow): Omit<Insertable<RecordTable>, 'version' | 'is_current' | 'superseded_at'> {
  const { id: _id, version: _v, is_current: _c, superseded_at: _s, ...rest } = r;
  return rest;
}

/**
 * Correction (更正) by the owning provider: the given fields replace the current values, the whole record is
 * re-validated against the current item version and its publicity recomputed, and the result becomes a new
 * version (the old one is kept). Fields that identify the record (document number, subject) cannot change — a
 * different decision is revoked and submitted anew.
 * @throws AppError forbidden (another provider's record), conflict (not current), validation_failed (with details)
 * @returns the new version's id, or the same id when nothing changed.
 */
export async function correctRecord(
  tx: Tx,
  deps: ChangeDeps,
  actor: Actor,
  id: number,
  change: { fields: Readonly<Record<string, RawValue>>; reason: string },
  at: Date,
): Promise<{ id: number; changed: string[] }> {
  const current = await currentVersion(tx, actor, 'record.correct', id);
  if (current.status !== 'active')
    throw new AppError('illegal_transition', `${RECORD_STATUS_LABELS[current.status]}的记录不能更正`);
  if (change.reason.trim() === '') throw new AppError('validation_failed', '请填写更正原因');
  const item = await getCurrentItem(tx, current.item_code);
  const provider = await getProviderById(tx, current.provider_id);
  const codes = new Set(item.spec.fields.map((f) => f.code));
  const unknown = Object.keys(change.fields).filter((k) => !codes.has(k));
  if (unknown.length > 0)
    throw new AppError(
      'validation_failed',
      `${item.spec.name}（${item.code}）没有这些数据项：${unknown.join('、')}`,
    );

  const stored = JSON.parse(current.fields) as Record<string, FieldValue | string[] | null>;
  const sensitive =
    current.sensitive === null
      ? {}
      : (JSON.parse(deps.protector.decrypt(current.sensitive)) as Record<string, FieldValue | null>);
  const open = new Set(Array.isArray(stored._open) ? stored._open : []);
  const merged: Record<string, RawValue> = {};
  for (const f of item.spec.fields) {
    const v = sensitive[f.code] ?? stored[f.code] ?? (open.has(f.code) ? '长期' : null);
    merged[f.code] = Array.isArray(v) ? null : v;
  }
  Object.assign(merged, change.fields);

  const today = shanghaiDate(at);
  const v = compileRowValidator(item.spec, { today })(merged, 0);
  if (v.errors.length > 0) {
    throw validationFailed(v.errors.map(({ row: _r, ...e }) => e));
  }
  const roles = roleIndex(item.spec);
  const built = buildDraft(
    current.batch_row ?? 0,
    v,
    current.subject_id,
    {
      spec: item.spec,
      sector: provider.sector,
      receivedDate: shanghaiDate(new Date(current.received_at)),
      calendar: deps.calendar,
      publicityConfig: deps.publicityConfig ?? DEFAULT_PUBLICITY_CONFIG,
      sortedFields: sortFields(item.spec),
    },
    roles,
    null,
  );
  if (built.draft.businessKey !== current.business_key) {
    throw new AppError('validation_failed', '更正不能改变决定书文号或行政相对人；请撤销该记录后重新报送', {
      details: [
        {
          field: item.spec.businessKey.join('+'),
          code: 'key_change',
          message: '记录的标识（决定书文号、行政相对人）不能更正',
        },
      ],
    });
  }
  for (const role of ['subject_uscc', 'subject_id_number'] as const) {
    const code = roles.get(role);
    if (
      code !== undefined &&
      (v.values[code] ?? null) !== ((sensitive[code] ?? stored[code] ?? null) as FieldValue | null)
    ) {
      throw new AppError('validation_failed', '更正不能改变行政相对人代码；请撤销该记录后重新报送', {
        details: [{ field: code, code: 'key_change', message: '记录所涉的行政相对人不能更正' }],
      });
    }
  }
  const fieldsJson = JSON.stringify(built.draft.fields);
  const hmac = contentDigest(deps.protector, current.subject_id, fieldsJson, built.draft.sensitive);
  if (hmac === current.content_hmac) return { id: current.id, changed: [] };
  const changed = item.spec.fields
    .map((f) => f.code)
    .filter(
      (c) =>
        JSON.stringify(merged[c] ?? null) !==
          JSON.stringify((sensitive[c] ?? stored[c] ?? null) as unknown) && c in change.fields,
    );
  const iso = at.toISOString();
  const d = built.draft;
  const newId = await supersede(
    tx,
    current,
    {
      ...copyOf(current),
      item_id: item.id,
      fields: fieldsJson,
      sensitive: d.sensitive === null ? null : deps.protector.encrypt(JSON.stringify(d.sensitive)),
      content_hmac: hmac,
      decision_date: d.decisionDate,
      effective_from: d.effectiveFrom,
      effective_to: d.effectiveTo,
      severity: d.severity,
      published: d.published ? 1 : 0,
      publicity_start: d.publicityStart,
      publicity_end: d.publicityEnd,
      earliest_repair: d.earliestRepair,
      publicity_rule: d.publicityRule,
      publicity_ended_on: null,
      change_kind: 'correction',
      change_reason: keptReason(change.reason),
      recorded_at: iso,
      recorded_by: actorLabel(actor),
    },
    iso,
  );
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'record.corrected',
        entityType: 'record',
        entityId: newId,
        payload: {
          previous: current.id,
          version: current.version + 1,
          changed,
          reason: keptReason(change.reason),
        },
      },
    ],
    at,
  );
  return { id: newId, changed };
}

/**
 * Revocation (撤销/撤回) by the owning provider, e.g. when the decision was annulled, changed or confirmed illegal
 * (行政处罚法 art. 48: withdraw within 3 days and state the reason): a new version with status `revoked` and the
 * reason. It leaves the public view at once; the subject, the provider and the credit centre still see it with
 * the reason; nothing is deleted.
 * @throws AppError forbidden, conflict (not current), illegal_transition (already revoked)
 */
export async function revokeRecord(
  tx: Tx,
  actor: Actor,
  id: number,
  reason: string,
  at: Date,
): Promise<number> {
  const current = await currentVersion(tx, actor, 'record.revoke', id);
  if (current.status !== 'active')
    throw new AppError('illegal_transition', `记录 ${id} 已是“${RECORD_STATUS_LABELS[current.status]}”状态`);
  if (reason.trim().length < 2) throw new AppError('validation_failed', '请填写撤销原因（至少 2 个字）');
  const iso = at.toISOString();
  const newId = await supersede(
    tx,
    current,
    {
      ...copyOf(current),
      status: 'revoked',
      change_kind: 'revocation',
      change_reason: keptReason(reason),
      recorded_at: iso,
      recorded_by: actorLabel(actor),
    },
    iso,
  );
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'record.revoked',
        entityType: 'record',
        entityId: newId,
        payload: { previous: current.id, reason: keptReason(reason) },
      },
    ],
    at,
  );
  return newId;
}

/**
 * Removal from a list (移出名单), e.g. after the obligation was fulfilled or the period ended: a new version with
 * status `removed`, the reason and the removal date. The entry stops being in force from that moment — checks and
 * evaluation read it as removed — while checks run before still read it as it stood (their `asOf`). Never a delete.
 * @throws AppError not_found, forbidden, conflict (not current), illegal_transition (not a list entry or not active)
 */
export async function removeListEntry(
  tx: Tx,
  actor: Actor,
  id: number,
  reason: string,
  at: Date,
): Promise<number> {
  const current = await currentVersion(tx, actor, 'list.remove', id);
  const item = await getCurrentItem(tx, current.item_code);
  if (item.spec.list === undefined)
    throw new AppError(
      'illegal_transition',
      `${item.spec.name}（${current.item_code}）不是名单，请改为撤销该记录`,
    );
  if (current.status !== 'active')
    throw new AppError(
      'illegal_transition',
      `名单记录 ${id} 已是“${RECORD_STATUS_LABELS[current.status]}”状态`,
    );
  if (reason.trim().length < 2) throw new AppError('validation_failed', '请填写移出原因（至少 2 个字）');
  const iso = at.toISOString();
  const newId = await supersede(
    tx,
    current,
    {
      ...copyOf(current),
      status: 'removed',
      change_kind: 'removal',
      change_reason: keptReason(reason),
      recorded_at: iso,
      recorded_by: actorLabel(actor),
    },
    iso,
  );
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'list.removed',
        entityType: 'record',
        entityId: newId,
        payload: { previous: current.id, item: current.item_code, reason: keptReason(reason) },
      },
    ],
    at,
  );
  return newId;
}

/**
 * Credit repair (信用修复) approved by the provider: a new version with status `repaired`, its publicity ended
 * today. From that moment it leaves the public view, is no longer shared with credit users and no longer
 * triggers measures. Called by the repair workflow inside its decision transaction (authorization happens there).
 */
export async function repairRecord(
  tx: Tx,
  actor: Actor,
  id: number,
  reason: string,
  at: Date,
): Promise<number> {
  const current = await findRecordById(tx, id);
  if (current === undefined) throw notFound(`记录 ${id}`);
  if (current.is_current !== 1 || current.status !== 'active')
    throw new AppError(
      'illegal_transition',
      `记录 ${id} 不能信用修复（${current.is_current === 1 ? RECORD_STATUS_LABELS[current.status] : '不是当前版本'}）`,
    );
  const iso = at.toISOString();
  const newId = await supersede(
    tx,
    current,
    {
      ...copyOf(current),
      status: 'repaired',
      publicity_ended_on: shanghaiDate(at),
      objection_state: 'none',
      change_kind: 'repair',
      change_reason: keptReason(reason),
      recorded_at: iso,
      recorded_by: actorLabel(actor),
    },
    iso,
  );
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'record.repaired',
        entityType: 'record',
        entityId: newId,
        payload: { previous: current.id, reason: keptReason(reason) },
      },
    ],
    at,
  );
  return newId;
}
