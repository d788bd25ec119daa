import type { Insertable } from 'kysely';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import type { Tx } from '../../platform/db/database.js';
import type { FieldValue } from '../catalog/values/parse-field.js';
import type { RecordTable } from './record.table.js';

/** A validated, subject-linked row ready to become a record version (records.apply in the main flow). */
export interface RecordDraft {
  readonly row: number;
  readonly subjectId: number;
  readonly businessKey: string;
  /**
   * Public and non-sensitive fields (natural persons' names already masked). The reserved key `_open` lists date
   * fields given as "no end".
   */
  readonly fields: Readonly<Record<string, FieldValue | readonly string[] | null>>;
  /** Sensitive fields in plaintext; encrypted here, never stored as given. */
  readonly sensitive: Readonly<Record<string, FieldValue | null>> | null;
  readonly decisionDate: string | null;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  readonly severity: 'minor' | 'general' | 'serious' | null;
  readonly published: boolean;
  readonly publicityStart: string | null;
  readonly publicityEnd: string | null;
  readonly earliestRepair: string | null;
  readonly publicityRule: string | null;
  readonly late: boolean;
  readonly quality: readonly string[];
}

export interface ApplyContext {
  readonly itemId: number;
  readonly itemCode: string;
  readonly polarity: RecordTable['polarity'];
  readonly disclosure: RecordTable['disclosure'];
  readonly providerId: number;
  readonly batchId: number | null;
  readonly at: Date;
  readonly actor: string;
  readonly protector: FieldProtector;
}

export type ApplyOutcome = 'inserted' | 'updated' | 'unchanged';

/**
 * HMAC over the content of a draft: the identity used to decide "unchanged" on re-submission. Drafts build their
 * field objects in field-code order without empty fields (ingestion/build-draft.ts), so their JSON is canonical.
 */
export function contentDigest(
  protector: FieldProtector,
  subjectId: number,
  fieldsJson: string,
  sensitive: RecordDraft['sensitive'],
): string {
  return protector.digest(
    `${subjectId}\n${fieldsJson}\n${sensitive === null ? '' : JSON.stringify(sensitive)}`,
  );
}

const RECORD_COLUMNS = [
  'item_id',
  'item_code',
  'subject_id',
  'provider_id',
  'business_key',
  'version',
  'is_current',
  'status',
  'fields',
  'sensitive',
  'content_hmac',
  'decision_date',
  'effective_from',
  'effective_to',
  'polarity',
  'disclosure',
  'severity',
  'published',
  'publicity_start',
  'publicity_end',
  'earliest_repair',
  'publicity_rule',
  'publicity_ended_on',
  'objection_state',
  'batch_id',
  'batch_row',
  'received_at',
  'late',
  'quality',
  'change_kind',
  'change_reason',
  'recorded_at',
  'superseded_at',
  'recorded_by',
] as const satisfies readonly (keyof Insertable<RecordTable>)[];

/**
 * Idempotent upsert by (item, provider, business key): no current version → version 1 (`inserted`); same
 * content → `unchanged`; different content → the current version is closed (`superseded_at`) and a new one
 * inserted (`updated`). A key repeated within one call is applied in submission order.
 * Runs inside the caller's transaction, so a chunk is applied completely or not at all.
 */
export async function applyRecordDrafts(
  tx: Tx,
  drafts: readonly RecordDraft[],
  ctx: ApplyContext,
): Promise<ApplyOutcome[]> {
  // A key submitted twice in one chunk is applied in order: the second occurrence goes in a later wave.
  const seen = new Map<string, number>();
  const waves: number[][] = [];
  drafts.forEach((d, i) => {
    const wave = seen.get(d.businessKey) ?? 0;
    seen.set(d.businessKey, wave + 1);
    const list = waves[wave];
    if (list === undefined) waves[wave] = [i];
    else list.push(i);
  });
  const outcomes: ApplyOutcome[] = new Array(drafts.length);
  for (const wave of waves) {
    const result = await applyWave(
      tx,
      wave.map((i) => drafts[i] as RecordDraft),
      ctx,
    );
    wave.forEach((i, j) => {
      outcomes[i] = result[j] as ApplyOutcome;
    });
  }
  return outcomes;
}

async function applyWave(tx: Tx, drafts: readonly RecordDraft[], ctx: ApplyContext): Promise<ApplyOutcome[]> {
  if (drafts.length === 0) return [];
  const keys = drafts.map((d) => d.businessKey);
  const current = new Map<string, { id: number; version: number; content_hmac: string }>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await tx
      .selectFrom('record')
      .select(['id', 'business_key', 'version', 'content_hmac'])
      .where('item_code', '=', ctx.itemCode)
      .where('provider_id', '=', ctx.providerId)
      .where('is_current', '=', 1)
      .where('business_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) current.set(r.business_key, r);
  }

  const iso = ctx.at.toISOString();
  const outcomes: ApplyOutcome[] = [];
  const closeIds: number[] = [];
  const inserts: Insertable<RecordTable>[] = [];
  for (const d of drafts) {
    const fieldsJson = JSON.stringify(d.fields);
    const hmac = contentDigest(ctx.protector, d.subjectId, fieldsJson, d.sensitive);
    const prev = current.get(d.businessKey);
    if (prev !== undefined && prev.content_hmac === hmac) {
      outcomes.push('unchanged');
      continue;
    }
    if (prev !== undefined) closeIds.push(prev.id);
    outcomes.push(prev === undefined ? 'inserted' : 'updated');
    inserts.push({
      item_id: ctx.itemId,
      item_code: ctx.itemCode,
      subject_id: d.subjectId,
      provider_id: ctx.providerId,
      business_key: d.businessKey,
      version: (prev?.version ?? 0) + 1,
      is_current: 1,
      status: 'active',
      fields: fieldsJson,
      sensitive: d.sensitive === null ? null : ctx.protector.encrypt(JSON.stringify(d.sensitive)),
      content_hmac: hmac,
      decision_date: d.decisionDate,
      effective_from: d.effectiveFrom,
      effective_to: d.effectiveTo,
      polarity: ctx.polarity,
      disclosure: ctx.disclosure,
      severity: d.severity,
      published: d.published ? 1 : 0,
      publicity_start: d.publicityStart,
      publicity_end: d.publicityEnd,
      earliest_repair: d.earliestRepair,
      publicity_rule: d.publicityRule,
      publicity_ended_on: null,
      objection_state: 'none',
      batch_id: ctx.batchId,
      batch_row: d.row,
      received_at: iso,
      late: d.late ? 1 : 0,
      quality: JSON.stringify(d.quality),
      change_kind: 'ingest',
      change_reason: null,
      recorded_at: iso,
      superseded_at: null,
      recorded_by: ctx.actor,
    });
  }
  for (let i = 0; i < closeIds.length; i += 500) {
    await tx
      .updateTable('record')
      .set({ is_current: 0, superseded_at: iso })
      .where('id', 'in', closeIds.slice(i, i + 500))
      .execute();
  }
  await bulkInsert(tx, 'record', RECORD_COLUMNS, inserts);
  return outcomes;
}
