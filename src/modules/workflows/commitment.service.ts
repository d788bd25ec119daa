import { randomBytes } from 'node:crypto';
import { type Actor, systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError, illegalTransition } from '../../platform/errors.js';
import type { Runtime } from '../../runtime.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import { authorize } from '../access/policy.js';
import { getCurrentItem } from '../catalog/catalog.service.js';
import { findIssues } from '../ingestion/batch.repository.js';
import { type IngestSummary, ingest } from '../ingestion/ingest.service.js';
import { getProvider, getProviderById } from '../providers/provider.service.js';
import { correctRecord } from '../records/change-record.service.js';
import { getCurrentVersionOf } from '../records/record.service.js';
import { getSubjectById } from '../subjects/subject.service.js';

export interface CommitmentInput {
  readonly subjectId: number;
  /** 承诺类型: one of the CREDIT_COMMITMENT item's types (a configurable dictionary: new item version). */
  readonly type: string;
  readonly reason: string;
  readonly text: string;
  /** Provider code of the accepting unit (承诺受理单位). */
  readonly acceptingUnit: string;
  readonly matter?: string;
  readonly validFrom?: string;
  readonly validTo?: string;
}

/**
 * A credit commitment (信用承诺) made by a subject to an accepting unit, recorded as a CREDIT_COMMITMENT record
 * through the collection pipeline (validated, versioned, audited; public where its item is).
 * @throws AppError forbidden, validation_failed (with the pipeline's reasons), not_found
 */
export async function makeCommitment(
  rt: Runtime,
  actor: Actor,
  input: CommitmentInput,
): Promise<{ recordId: number; number: string }> {
  authorize(actor, 'commitment.make', { subjectId: input.subjectId });
  const subject = await getSubjectById(rt.db, input.subjectId);
  const unit = await getProvider(rt.db, input.acceptingUnit);
  const item = await getCurrentItem(rt.db, 'CREDIT_COMMITMENT');
  if (
    !item.spec.fields
      .find((f) => f.code === 'CN_LX')
      ?.enum?.some((o) => o.value === input.type || o.label === input.type)
  ) {
    throw new AppError('validation_failed', `承诺类型 ${input.type} 不在字典中`);
  }
  const now = rt.clock();
  const number = `CN${shanghaiDate(now).replaceAll('-', '')}${randomBytes(4).toString('hex').toUpperCase()}`;
  const row: Record<string, string> = {
    CN_XDR_MC: subject.name,
    CN_XDR_LB:
      subject.kind === 'natural_person'
        ? '自然人'
        : subject.kind === 'individual_business'
          ? '个体工商户'
          : '法人及非法人组织',
    ...(subject.uscc === null ? {} : { CN_XDR_SHXYM: subject.uscc }),
    CN_BH: number,
    CN_LX: input.type,
    CN_SY: input.reason,
    CN_NR: input.text,
    CN_RQ: shanghaiDate(now),
    CN_SLDW: unit.name,
    ...(unit.uscc === null ? {} : { CN_SLDWDM: unit.uscc }),
    ...(input.matter === undefined ? {} : { CN_SX: input.matter }),
    ...(input.validFrom === undefined ? {} : { CN_YXQZ: input.validFrom }),
    ...(input.validTo === undefined ? {} : { CN_YXQZHI: input.validTo }),
    CN_LYZT: '履约中',
  };
  if (subject.kind === 'natural_person')
    throw new AppError('validation_failed', '自然人的信用承诺请由受理单位报送（需证件号码）');
  const summary = await ingest(rt, {
    actor: systemActor('commitments'),
    item: 'CREDIT_COMMITMENT',
    provider: unit.code,
    source: { kind: 'rows', rows: [row] },
    origin: 'form',
  });
  if (summary.inserted !== 1) throw await refusedRow(rt, summary, '信用承诺未能记录');
  const rec = await rt.db
    .selectFrom('record')
    .select('id')
    .where('batch_id', '=', summary.batchId)
    .executeTakeFirstOrThrow();
  return { recordId: rec.id, number };
}

type FulfilmentState = 'pending' | 'kept' | 'breached';
const FULFILMENT_LABELS: Readonly<Record<FulfilmentState, string>> = {
  pending: '履约中',
  kept: '已践诺',
  breached: '违诺',
};
function fulfilmentLabel(s: FulfilmentState): string {
  return FULFILMENT_LABELS[s] ?? s;
}

/**
 * The accepting unit records whether a commitment was kept (践诺) or breached (违诺): the commitment record gets a
 * new version with its 履约状态, and a breach creates a COMMITMENT_BREACH negative record, which bars
 * notification-and-commitment measures until repaired. Recorded once, on a commitment still 履约中.
 * @throws AppError forbidden, not_found, validation_failed, illegal_transition (already recorded)
 */
export async function recordFulfilment(
  rt: Runtime,
  actor: Actor,
  recordId: number,
  input: { status: 'kept' | 'breached'; note: string },
): Promise<{ recordId: number; breachRecordId: number | null }> {
  const current = await getCurrentVersionOf(rt.db, recordId);
  authorize(actor, 'commitment.fulfilment', { providerId: current.provider_id });
  if (current.item_code !== 'CREDIT_COMMITMENT')
    throw new AppError('validation_failed', `记录 ${recordId} 不是信用承诺`);
  const fields = JSON.parse(current.fields) as Record<string, string | undefined>;
  const state = (fields.CN_LYZT ?? 'pending') as FulfilmentState;
  // recorded once: a kept commitment cannot later become a breach here, nor a breach quietly turn into kept
  // (that needs a credit repair of the breach record, or an objection)
  if (state !== 'pending') throw illegalTransition('承诺履约状态', fulfilmentLabel, state, input.status, []);
  const now = rt.clock();
  // A breach record first: if it cannot be created, the commitment stays 履约中 and the call can be repeated
  // (re-sending the same breach row is idempotent: same 承诺编号 and subject, unchanged).
  const breachRecordId =
    input.status === 'breached' ? await createBreachRecord(rt, current, fields, input.note, now) : null;
  const updated = await inTransaction(rt.db, (tx) =>
    correctRecord(
      tx,
      rt,
      actor,
      current.id,
      { fields: { CN_LYZT: input.status }, reason: `履约核查：${input.note}` },
      now,
    ),
  );
  return { recordId: updated.id, breachRecordId };
}

/** The subject fields a commitment carries (CN_XDR_*), natural persons' names and id numbers decrypted. */
const SUBJECT_FIELDS = ['MC', 'LB', 'SHXYM', 'ZJLX', 'ZJHM'] as const;

/**
 * Creates the COMMITMENT_BREACH record of a breached commitment through the collection pipeline, about the same
 * subject as the commitment (its subject block copied, for natural persons from the encrypted fields).
 * @throws AppError validation_failed when the pipeline refuses the row (its reasons), internal when no record
 */
async function createBreachRecord(
  rt: Runtime,
  commitment: Awaited<ReturnType<typeof getCurrentVersionOf>>,
  fields: Record<string, string | undefined>,
  note: string,
  now: Date,
): Promise<number> {
  const sensitive =
    commitment.sensitive === null
      ? {}
      : (JSON.parse(rt.protector.decrypt(commitment.sensitive)) as Record<string, unknown>);
  const all: Record<string, unknown> = { ...fields, ...sensitive };
  const subjectBlock: Record<string, string> = {};
  for (const k of SUBJECT_FIELDS) {
    const v = all[`CN_XDR_${k}`];
    if (typeof v === 'string' && v !== '') subjectBlock[`WN_XDR_${k}`] = v;
  }
  const provider = await getProviderById(rt.db, commitment.provider_id);
  const summary = await ingest(rt, {
    actor: systemActor('commitments'),
    item: 'COMMITMENT_BREACH',
    provider: provider.code,
    source: {
      kind: 'rows',
      rows: [
        {
          ...subjectBlock,
          WN_CNBH: fields.CN_BH ?? String(commitment.id),
          WN_CNLX: fields.CN_LX ?? '',
          WN_RQ: shanghaiDate(now),
          WN_SY: note,
          WN_SLDW: provider.name,
          ...(provider.uscc === null ? {} : { WN_SLDWDM: provider.uscc }),
        },
      ],
    },
    origin: 'form',
  });
  const breach = await rt.db
    .selectFrom('record')
    .select('id')
    .where('item_code', '=', 'COMMITMENT_BREACH')
    .where('subject_id', '=', commitment.subject_id)
    .where('provider_id', '=', commitment.provider_id)
    .where('is_current', '=', 1)
    .where('business_key', 'like', `${(fields.CN_BH ?? String(commitment.id)).replaceAll('%', '')}|%`)
    .executeTakeFirst();
  if (breach === undefined) throw await refusedRow(rt, summary, '违诺记录未能生成');
  return breach.id;
}

/** The pipeline's reasons for refusing the one row a workflow submitted, as a validation error. */
async function refusedRow(rt: Runtime, summary: IngestSummary, what: string): Promise<AppError> {
  const issues = await findIssues(rt.db, summary.batchId, { severity: 'error' });
  return new AppError(
    'validation_failed',
    `${what}：${issues.map((i) => i.message).join('；') || `批次状态 ${summary.status}`}`,
    {
      details: issues.map((i) => ({
        code: 'invalid',
        message: i.message,
        ...(i.field === null ? {} : { field: i.field }),
      })),
    },
  );
}
