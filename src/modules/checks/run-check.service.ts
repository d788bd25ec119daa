import { randomBytes } from 'node:crypto';
import { type Actor, actorLabel } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { openSealed } from '../../platform/crypto/field-protector.js';
import { signDigest } from '../../platform/crypto/signing.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError, asOfBeforeData, asOfInFuture, asOfInvalid } from '../../platform/errors.js';
import type { Runtime } from '../../runtime.js';
import { daysInMonth, shanghaiDate } from '../../standards/calendar-date.js';
import { logAccess } from '../access/access-log.service.js';
import { requireAuthorisation } from '../access/authorisation.service.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getItemVersion } from '../catalog/catalog.service.js';
import { firstCollectedAt } from '../ingestion/batch.service.js';
import { getScenario, type MeasureVersion, measuresForScenario } from '../measures/measure.service.js';
import type { MeasureEffect, Trigger } from '../measures/measure.types.js';
import { getProviderById } from '../providers/provider.service.js';
import {
  findInForceDetails,
  findInForceRecords,
  type InForceRecord,
} from '../records/in-force-records.service.js';
import { type CheckSubject, findSubjectsForCheck } from '../subjects/subject.service.js';
import type { ResultVerdict, Verdict } from './check.table.js';
import type {
  AppliedMeasure,
  CheckPayload,
  CheckQuery,
  CheckReceipt,
  CheckResult,
  TriggerHit,
} from './check.types.js';
import { storedReceipt } from './verify-check.service.js';

export const MAX_CHECK_SUBJECTS = 1000;

const EFFECT_RANK: Readonly<Record<MeasureEffect, number>> = { incentive: 1, restrict: 2, bar: 3 };

/**
 * The strongest discipline, else any incentive. A bar whose legal basis is not confirmed never answers 禁止: it
 * answers 提示 (`prompt`, 需人工核实法律依据), above a mere restriction since an officer must look at it.
 */
function verdictOf(measures: readonly AppliedMeasure[]): Verdict {
  const discipline = measures.filter((m) => m.effect !== 'incentive');
  if (discipline.length > 0) {
    if (discipline.some((m) => m.effect === 'bar' && m.basisConfirmed)) return 'barred';
    if (discipline.some((m) => m.effect === 'bar')) return 'prompt';
    const worst = Math.max(...discipline.map((m) => EFFECT_RANK[m.effect]));
    return worst === EFFECT_RANK.bar ? 'barred' : 'restricted';
  }
  return measures.length > 0 ? 'incentive' : 'clear';
}

/** The note of a `prompt` result: which bars wait for their basis to be confirmed. */
function promptNote(measures: readonly AppliedMeasure[], note: string | null): string | null {
  const pending = measures.filter((m) => m.effect === 'bar' && !m.basisConfirmed).map((m) => m.name);
  const text = `提示，需人工核实法律依据：${pending.join('、')}的法律依据尚未经确认，不作禁止结论`;
  return note === null ? text : `${note}；${text}`;
}

function matches(
  t: Trigger,
  r: InForceRecord,
  fieldsOf: (id: number) => Record<string, unknown>,
  date: string,
): boolean {
  if (t.item !== r.item_code) return false;
  if (t.field !== undefined && t.values !== undefined) {
    const v = fieldsOf(r.id)[t.field];
    if (typeof v !== 'string' || !v.split(';').some((x) => t.values?.includes(x))) return false;
  }
  if (t.severity !== undefined && (r.severity === null || !t.severity.includes(r.severity))) return false;
  if (t.withinYears !== undefined) {
    if (r.decision_date === null) return false;
    const from = `${Number(date.slice(0, 4)) - t.withinYears}${date.slice(4)}`;
    if (r.decision_date < from) return false;
  }
  return true;
}

function checkNumber(at: Date): string {
  return `HC${shanghaiDate(at).replaceAll('-', '')}${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** An ISO-8601 instant with a zone, as JSON Schema's `date-time` (the API's `asOf` format) has it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}(:?\d{2})?)$/;

/**
 * The instant a check is re-run at: an ISO-8601 date-time with a zone (`2025-06-30T16:00:00Z`,
 * `2025-07-01T00:00:00+08:00`) of a real calendar day, not after `now`. Shared by the API and the CLI.
 * @throws AppError validation_failed naming the value
 */
export function parseCheckAsOf(value: string, now: Date): Date {
  const [y = 0, m = 0, d = 0] = value.slice(0, 10).split('-').map(Number);
  // JavaScript rolls 2025-02-30 over to March; ISO-8601 (and the API's schema) refuses it
  const realDay = m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
  const at = INSTANT.test(value) && realDay ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()))
    throw asOfInvalid(
      value,
      '带时区的 ISO-8601 时间，例如 2025-06-30T16:00:00Z 或 2025-07-01T00:00:00+08:00',
    );
  if (at.getTime() > now.getTime()) throw asOfInFuture(value);
  return at;
}

/**
 * A credit check (信用核查) of 1–1000 subjects in one business scenario: for each subject, the records and list
 * entries in force on the check date that trigger the scenario's measures, the measures with their legal basis,
 * and a verdict (clear | incentive | restricted | barred). Name-only queries list candidates with a match
 * explanation and get a verdict only when exactly one subject has exactly that name. The result is stored with
 * a receipt: SM3 digest over the canonical payload (which cites the audit-chain head and the measure and item
 * versions used) signed by the platform, so it can be proven later. `asOf` re-runs a check at an earlier instant:
 * records are read as they stood then, so the verdict is the same after later list changes. With an
 * `idempotencyKey` a retried request gets the check already run under that key (`replayed`), not a new one.
 * @throws AppError validation_failed (size, bad asOf), forbidden (scenario not allowed), not_found (scenario),
 *   conflict (the idempotency key was used for another request)
 */
export async function runCheck(
  rt: Pick<Runtime, 'db' | 'clock' | 'secrets' | 'protector'>,
  actor: Actor,
  req: { scenario: string; subjects: readonly CheckQuery[]; asOf?: string; idempotencyKey?: string },
): Promise<CheckReceipt & { replayed?: true }> {
  authorize(actor, 'check.run', { scenario: req.scenario });
  if (req.subjects.length === 0 || req.subjects.length > MAX_CHECK_SUBJECTS) {
    throw new AppError(
      'validation_failed',
      `每次核查的主体数应为 1 至 ${MAX_CHECK_SUBJECTS} 个，本次为 ${req.subjects.length} 个`,
    );
  }
  // the request's digest tells a retry from another request under the same key; without a key it is not needed
  const idempotent =
    req.idempotencyKey === undefined
      ? undefined
      : {
          key: req.idempotencyKey,
          requestedBy: actorLabel(actor),
          requestDigest: sm3Hex(
            canonicalJson({ scenario: req.scenario, subjects: req.subjects, asOf: req.asOf ?? null }),
          ),
        };
  if (idempotent !== undefined) {
    const earlier = await replayCheck(rt, idempotent);
    if (earlier !== undefined) return earlier;
  }
  const checkedAt = rt.clock();
  const asOf = req.asOf === undefined ? checkedAt : parseCheckAsOf(req.asOf, checkedAt);
  if (req.asOf !== undefined) {
    const since = await firstCollectedAt(rt.db);
    if (since === null || asOf.getTime() < new Date(since).getTime()) throw asOfBeforeData(req.asOf, since);
  }
  const asOfIso = asOf.toISOString();
  const date = shanghaiDate(asOf);
  const scenario = await getScenario(rt.db, req.scenario);
  const measures = await measuresForScenario(rt.db, req.scenario);
  const items = [...new Set(measures.flatMap((m) => m.spec.triggers.map((t) => t.item)))];

  const resolved = await findSubjectsForCheck(rt.db, rt.protector, req.subjects);
  const organization =
    actor.kind === 'user' || actor.kind === 'client' ? (actor.scope.organization ?? null) : null;

  const notAuthorised = new Set<number>();
  for (const r of resolved) {
    if (r.subject?.kind !== 'natural_person') continue;
    try {
      const authorisation = await requireAuthorisation(rt.db, actor, r.subject.id, checkedAt);
      await logAccess(
        rt.db,
        actor,
        {
          subjectId: r.subject.id,
          resource: `check:${scenario.code}`,
          purpose: authorisation?.purpose ?? `${scenario.name}信用核查`,
          legalBasis: authorisation === null ? scenario.basis : '信息主体书面授权',
          authorisationId: authorisation?.id ?? null,
        },
        checkedAt,
      );
    } catch (e) {
      if (e instanceof AppError && e.code === 'forbidden') notAuthorised.add(r.subject.id);
      else throw e;
    }
  }

  const subjectIds = resolved
    .map((r) => r.subject?.id)
    .filter((id): id is number => id !== undefined && !notAuthorised.has(id));
  const records = await findInForceRecords(
    rt.db,
    subjectIds,
    items,
    req.asOf === undefined ? { current: true, date } : { at: asOfIso, date },
  );
  const bySubject = new Map<number, InForceRecord[]>();
  for (const r of records) {
    const list = bySubject.get(r.subject_id);
    if (list === undefined) bySubject.set(r.subject_id, [r]);
    else list.push(r);
  }
  // A trigger on a field value (e.g. a penalty type) needs the record's fields; every other trigger is decided on
  // the columns the in-force read returns. The rest of a record is read only for the records that trigger.
  const fieldItems = new Set(
    measures.flatMap((m) => m.spec.triggers.flatMap((t) => (t.field === undefined ? [] : [t.item]))),
  );
  const details = await findInForceDetails(
    rt.db,
    records.filter((r) => fieldItems.has(r.item_code)).map((r) => r.id),
  );
  const parsedFields = new Map<number, Record<string, unknown>>();
  const fieldsOf = (id: number): Record<string, unknown> => {
    let fields = parsedFields.get(id);
    if (fields === undefined) {
      const d = details.get(id);
      fields = d === undefined ? {} : (JSON.parse(d.fields) as Record<string, unknown>);
      parsedFields.set(id, fields);
    }
    return fields;
  };
  const itemVersions: Record<string, number> = {};
  const providerNames = new Map<number, string>();
  const describe = async (r: InForceRecord): Promise<TriggerHit> => {
    const d = details.get(r.id);
    if (d === undefined) throw new Error(`record ${r.id} triggered a measure but was not read`);
    const item = await getItemVersion(rt.db, d.item_id);
    itemVersions[item.code] = Math.max(itemVersions[item.code] ?? 0, item.version);
    let provider = providerNames.get(d.provider_id);
    if (provider === undefined) {
      provider = (await getProviderById(rt.db, d.provider_id)).name;
      providerNames.set(d.provider_id, provider);
    }
    const docCode = item.spec.fields.find((f) => f.role === 'document_number')?.code;
    return {
      recordId: r.id,
      version: d.version,
      item: r.item_code,
      itemName: item.spec.name,
      documentNumber:
        docCode === undefined ? null : ((fieldsOf(r.id)[docCode] as string | undefined) ?? null),
      decisionDate: r.decision_date,
      validUntil: r.publicity_end,
      provider,
    };
  };

  // A credit user learns nothing about a natural person it holds no authorisation for — not even whether the id
  // number is known here: "not found" and "not authorised" look the same.
  const needsAuthorisation =
    (actor.kind === 'user' || actor.kind === 'client') && actor.role === 'credit_user';
  const notAuthorisedResult = (base: Pick<CheckResult, 'index' | 'query'>): CheckResult => ({
    ...base,
    candidates: [],
    subject: null,
    verdict: 'not_authorised',
    triggers: [],
    measures: [],
    note: '未取得信息主体授权，不能核查自然人',
  });
  const results: CheckResult[] = [];
  /** Results whose triggering records are described once their details are read. */
  const toDescribe: { triggers: TriggerHit[]; hits: InForceRecord[] }[] = [];
  for (const r of resolved) {
    const base = { index: r.index, query: r.maskedQuery, candidates: r.candidates };
    if (r.subject === undefined && needsAuthorisation && r.validRic === true) {
      results.push(notAuthorisedResult(base));
      continue;
    }
    if (r.subject === undefined) {
      results.push({
        ...base,
        subject: null,
        verdict: r.candidates.length > 1 ? 'ambiguous' : 'not_found',
        triggers: [],
        measures: [],
        note: r.note,
      });
      continue;
    }
    if (notAuthorised.has(r.subject.id)) {
      results.push(notAuthorisedResult(base));
      continue;
    }
    const subject = { id: r.subject.id, name: r.subject.name, uscc: r.subject.uscc };
    const own = bySubject.get(r.subject.id) ?? [];
    const applied: AppliedMeasure[] = [];
    const hitIds = new Set<number>();
    for (const m of measures) {
      if (!appliesTo(m, r.subject.kind)) continue;
      const triggering = own.filter((rec) => m.spec.triggers.some((t) => matches(t, rec, fieldsOf, date)));
      if (triggering.length === 0) continue;
      for (const t of triggering) hitIds.add(t.id);
      applied.push({
        code: m.code,
        version: m.version,
        name: m.spec.name,
        effect: m.spec.effect,
        legalBasis: m.spec.legalBasis,
        implementingBody: m.spec.implementingBody,
        basisConfirmed: m.basisConfirmed,
        nationalListEntry: m.spec.nationalListEntry,
        triggeredBy: triggering.map((t) => t.id).sort((a, b) => a - b),
      });
    }
    const triggers: TriggerHit[] = [];
    if (hitIds.size > 0) {
      toDescribe.push({
        triggers,
        hits: own.filter((x) => hitIds.has(x.id)).sort((a, b) => a.id - b.id),
      });
    }
    const verdict = verdictOf(applied);
    results.push({
      ...base,
      subject,
      verdict,
      triggers,
      measures: applied,
      note: verdict === 'prompt' ? promptNote(applied, r.note) : r.note,
    });
  }
  const missing = toDescribe.flatMap((x) => x.hits.map((h) => h.id)).filter((id) => !details.has(id));
  for (const [id, d] of await findInForceDetails(rt.db, missing)) details.set(id, d);
  for (const { triggers, hits } of toDescribe) {
    for (const h of hits) triggers.push(await describe(h));
  }

  const head = await rt.db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const payload: CheckPayload = {
    checkNo: checkNumber(checkedAt),
    scenario: { code: scenario.code, name: scenario.name },
    asOf: asOfIso,
    asOfDate: date,
    checkedAt: checkedAt.toISOString(),
    requestedBy: actorLabel(actor),
    organization,
    dataVersion: { auditSeq: head.seq, auditHash: head.hash },
    measureVersions: Object.fromEntries(measures.map((m) => [m.code, m.version])),
    itemVersions,
    results,
  };
  const canonical = canonicalJson(payload);
  const digest = sm3Hex(canonical);
  const sig = signDigest(rt.secrets, digest);
  try {
    await inTransaction(rt.db, async (tx) => {
      const run = await tx
        .insertInto('check_run')
        .values({
          check_no: payload.checkNo,
          scenario: scenario.code,
          as_of: asOfIso,
          checked_at: payload.checkedAt,
          requested_by: payload.requestedBy,
          organization,
          subject_count: results.length,
          // sealed: name queries of natural persons are in it; the digest and signature are over the plaintext
          payload: '',
          payload_cipher: rt.protector.encrypt(canonical),
          digest,
          signature: sig.signature,
          key_id: sig.keyId,
          idempotency_key: idempotent?.key ?? null,
          request_digest: idempotent?.requestDigest ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await bulkInsert(
        tx,
        'check_result',
        ['check_id', 'idx', 'subject_id', 'verdict', 'measures'],
        results.map((x) => ({
          check_id: run.id,
          idx: x.index,
          subject_id: x.subject?.id ?? null,
          verdict: x.verdict,
          measures: JSON.stringify(x.measures.map((m) => m.code)),
        })),
      );
      const counts: Partial<Record<ResultVerdict, number>> = {};
      for (const x of results) counts[x.verdict] = (counts[x.verdict] ?? 0) + 1;
      await appendAudit(
        tx,
        [
          {
            actor: payload.requestedBy,
            action: 'check.run',
            entityType: 'check',
            entityId: payload.checkNo,
            payload: { scenario: scenario.code, digest, counts },
          },
        ],
        checkedAt,
      );
    });
  } catch (e) {
    // the same key raced in from a parallel retry: that one's check is the answer
    const earlier = idempotent === undefined ? undefined : await replayCheck(rt, idempotent);
    if (earlier !== undefined) return earlier;
    throw e;
  }
  return { payload, digest, signature: sig.signature, keyId: sig.keyId, algorithm: sig.algorithm };
}

/**
 * The check this requester already ran under this `Idempotency-Key`, as its stored receipt; undefined when there is
 * none. @throws AppError conflict when the key was used for a different request
 */
async function replayCheck(
  { db, protector }: Pick<Runtime, 'db' | 'protector'>,
  idempotent: { key: string; requestedBy: string; requestDigest: string },
): Promise<(CheckReceipt & { replayed: true }) | undefined> {
  const row = await db
    .selectFrom('check_run')
    .select(['payload', 'payload_cipher', 'digest', 'signature', 'key_id', 'request_digest'])
    .where('requested_by', '=', idempotent.requestedBy)
    .where('idempotency_key', '=', idempotent.key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.request_digest !== idempotent.requestDigest)
    throw new AppError(
      'conflict',
      `Idempotency-Key ${idempotent.key} 已用于另一次内容不同的核查请求；新的核查请换一个 Idempotency-Key`,
    );
  const payload = JSON.parse(openSealed(protector, row.payload_cipher, row.payload)) as CheckPayload;
  return { ...storedReceipt(row, payload), replayed: true };
}

function appliesTo(m: MeasureVersion, kind: CheckSubject['kind']): boolean {
  return kind === 'natural_person'
    ? m.spec.targets.includes('natural_person')
    : m.spec.targets.some((t) => t !== 'natural_person');
}
