import type { Insertable } from 'kysely';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import type { Tx } from '../../platform/db/database.js';
import type { FieldValue } from '../catalog/values/parse-field.js';
import { recordPublicTallyChange, type TallyFields } from './public-tally.js';
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

/** What happened to one draft, with a note for the batch report when a decision on the record was kept. */
export interface ApplyResult {
  readonly outcome: ApplyOutcome;
  /** Issue code and message (warning) explaining why the upload did not simply replace the record. */
  readonly note?: { readonly code: string; readonly message: string };
}

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
 *
 * Decisions taken on a record outlive routine re-submissions of the department's export:
 * - a revoked (撤销), repaired (信用修复) or removed (移出名单) record stays so: new content is kept as a new version
 *   with the same status and publicity end, never republished by an upload;
 * - an objection mark (异议处理中) stays on the new version;
 * - content that a reasoned correction (更正, e.g. an objection decided as corrected) replaced is not restored by
 *   sending it again: the row counts as `unchanged`, with a note.
 * Runs inside the caller's transaction, so a chunk is applied completely or not at all.
 */
export async function applyRecordDrafts(
  tx: Tx,
  drafts: readonly RecordDraft[],
  ctx: ApplyContext,
): Promise<ApplyResult[]> {
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
  const outcomes: ApplyResult[] = new Array(drafts.length);
  const tally: Tally = { closed: [], opened: [] };
  for (const wave of waves) {
    const result = await applyWave(
      tx,
      wave.map((i) => drafts[i] as RecordDraft),
      ctx,
      tally,
    );
    wave.forEach((i, j) => {
      outcomes[i] = result[j] as ApplyResult;
    });
  }
  // once per call, after every wave: the public tally's rows are locked once, in key order
  await recordPublicTallyChange(tx, tally.closed, tally.opened);
  return outcomes;
}

/** Versions closed and opened by a call, for the public tally (records/public-tally.ts). */
interface Tally {
  readonly closed: TallyFields[];
  readonly opened: TallyFields[];
}

const DECIDED_STATUS_LABEL: Readonly<Record<string, string>> = {
  revoked: '已撤销',
  repaired: '已信用修复',
  removed: '已移出名单',
};

type CurrentVersion = TallyFields & {
  id: number;
  business_key: string;
  version: number;
  content_hmac: string;
  status: RecordTable['status'];
  objection_state: RecordTable['objection_state'];
  publicity_ended_on: string | null;
};

/**
 * Keys whose draft content equals an earlier version that a later reasoned correction replaced, with the date of
 * that correction: re-sending it must not undo the correction.
 */
async function correctedAway(
  tx: Tx,
  ctx: ApplyContext,
  candidates: readonly { key: string; hmac: string }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (candidates.length === 0) return out;
  const keys = [...new Set(candidates.map((c) => c.key))];
  const corrections = new Map<string, { version: number; at: string }[]>();
  for (let i = 0; i < keys.length; i += 500) {
    for (const r of await tx
      .selectFrom('record')
      .select(['business_key', 'version', 'recorded_at'])
      .where('item_code', '=', ctx.itemCode)
      .where('provider_id', '=', ctx.providerId)
      .where('business_key', 'in', keys.slice(i, i + 500))
      .where('change_kind', '=', 'correction')
      .execute())
      corrections.set(r.business_key, [
        ...(corrections.get(r.business_key) ?? []),
        { version: r.version, at: r.recorded_at },
      ]);
  }
  const corrected = candidates.filter((c) => corrections.has(c.key));
  for (let i = 0; i < corrected.length; i += 250) {
    const part = corrected.slice(i, i + 250);
    const old = await tx
      .selectFrom('record')
      .select(['business_key', 'version', 'content_hmac'])
      .where('item_code', '=', ctx.itemCode)
      .where('provider_id', '=', ctx.providerId)
      .where(
        'business_key',
        'in',
        part.map((c) => c.key),
      )
      .where(
        'content_hmac',
        'in',
        part.map((c) => c.hmac),
      )
      .execute();
    for (const c of part)
      for (const o of old) {
        if (o.business_key !== c.key || o.content_hmac !== c.hmac) continue;
        const later = (corrections.get(c.key) ?? []).find((x) => x.version > o.version);
        if (later !== undefined) out.set(c.key, later.at);
      }
  }
  return out;
}

async function applyWave(
  tx: Tx,
  drafts: readonly RecordDraft[],
  ctx: ApplyContext,
  tally: Tally,
): Promise<ApplyResult[]> {
  if (drafts.length === 0) return [];
  const keys = drafts.map((d) => d.businessKey);
  const current = new Map<string, CurrentVersion>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await tx
      .selectFrom('record')
      .select([
        'id',
        'business_key',
        'version',
        'content_hmac',
        'status',
        'objection_state',
        'publicity_ended_on',
        'item_code',
        'published',
        'disclosure',
        'publicity_start',
        'publicity_end',
      ])
      .where('item_code', '=', ctx.itemCode)
      .where('provider_id', '=', ctx.providerId)
      .where('is_current', '=', 1)
      .where('business_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) current.set(r.business_key, r);
  }

  const iso = ctx.at.toISOString();
  const prepared = drafts.map((d) => {
    const fieldsJson = JSON.stringify(d.fields);
    return { d, fieldsJson, hmac: contentDigest(ctx.protector, d.subjectId, fieldsJson, d.sensitive) };
  });
  const stale = await correctedAway(
    tx,
    ctx,
    prepared
      .filter((p) => {
        const prev = current.get(p.d.businessKey);
        return prev !== undefined && prev.content_hmac !== p.hmac;
      })
      .map((p) => ({ key: p.d.businessKey, hmac: p.hmac })),
  );
  const outcomes: ApplyResult[] = [];
  const closeIds: number[] = [];
  const inserts: Insertable<RecordTable>[] = [];
  for (const { d, fieldsJson, hmac } of prepared) {
    const prev = current.get(d.businessKey);
    if (prev !== undefined && prev.content_hmac === hmac) {
      outcomes.push({ outcome: 'unchanged' });
      continue;
    }
    const correctedOn = stale.get(d.businessKey);
    if (correctedOn !== undefined) {
      outcomes.push({
        outcome: 'unchanged',
        note: {
          code: 'corrected_content_resent',
          message: `该记录已于 ${correctedOn.slice(0, 10)} 更正，本次报送的内容与更正前相同，未覆盖更正结果；如确需修改，请通过更正功能提交并说明理由`,
        },
      });
      continue;
    }
    if (prev !== undefined) {
      closeIds.push(prev.id);
      tally.closed.push(prev);
    }
    const decided = prev !== undefined && prev.status !== 'active' ? prev : undefined;
    outcomes.push(
      decided === undefined
        ? { outcome: prev === undefined ? 'inserted' : 'updated' }
        : {
            outcome: 'updated',
            note: {
              code: 'decided_record_updated',
              message: `该记录${DECIDED_STATUS_LABEL[decided.status] ?? decided.status}，本次报送的新内容已保存为新版本，状态不变，不恢复公示`,
            },
          },
    );
    inserts.push({
      item_id: ctx.itemId,
      item_code: ctx.itemCode,
      subject_id: d.subjectId,
      provider_id: ctx.providerId,
      business_key: d.businessKey,
      version: (prev?.version ?? 0) + 1,
      is_current: 1,
      status: decided?.status ?? 'active',
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
      publicity_ended_on: decided?.publicity_ended_on ?? null,
      objection_state: prev?.objection_state ?? 'none',
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
  tally.opened.push(...inserts.map(tallyFieldsOf));
  return outcomes;
}

function tallyFieldsOf(r: Insertable<RecordTable>): TallyFields {
  return {
    item_code: r.item_code,
    status: r.status,
    published: r.published,
    disclosure: r.disclosure,
    publicity_start: r.publicity_start ?? null,
    publicity_end: r.publicity_end ?? null,
  };
}
