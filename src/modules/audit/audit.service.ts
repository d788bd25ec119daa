import type { Actor } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { maskIdentifiersInText } from '../../standards/mask.js';
import { authorize } from '../access/policy.js';

/** One state change to record. `actor` is a stable actor string (see access/actor.ts `actorLabel`). */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | number;
  readonly payload?: Readonly<Record<string, unknown>>;
}

export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly payload: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

/** The bytes an event's hash covers: the previous hash, then the canonical JSON of the event itself. */
export function auditHash(prevHash: string, e: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  return sm3Hex(
    `${prevHash}\n${canonicalJson({
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      payload: e.payload,
    })}`,
  );
}

/** A payload with id and mobile numbers masked in every string, at any depth: audit details never carry them. */
function maskedPayload(payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const mask = (value: unknown): unknown => {
    if (typeof value === 'string') return maskIdentifiersInText(value).text;
    if (Array.isArray(value)) return value.map(mask);
    if (value !== null && typeof value === 'object' && !(value instanceof Date))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    return value;
  };
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, mask(v)]));
}

/**
 * Appends events to the SM3 hash chain inside the caller's transaction; they commit or roll back with the change
 * they describe. Appends serialise on the single `audit_head` row (a row lock on PostgreSQL, the write lock on
 * SQLite).
 */
export async function appendAudit(tx: Tx, entries: readonly AuditEntry[], at: Date): Promise<AuditEvent[]> {
  if (entries.length === 0) return [];
  const head = await tx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', entries.length) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  let seq = head.seq - entries.length;
  let prevHash = head.hash;
  const events: AuditEvent[] = [];
  const iso = at.toISOString();
  for (const entry of entries) {
    seq += 1;
    const base = {
      seq,
      at: iso,
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      payload: maskedPayload(entry.payload ?? {}),
    };
    const hash = auditHash(prevHash, base);
    events.push({ ...base, prevHash, hash });
    prevHash = hash;
  }
  for (let i = 0; i < events.length; i += 200) {
    await tx
      .insertInto('audit_event')
      .values(
        events.slice(i, i + 200).map((e) => ({
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId,
          payload: canonicalJson(e.payload),
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  }
  await tx.updateTable('audit_head').set({ hash: prevHash }).where('id', '=', 1).execute();
  return events;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  /** The first event that does not verify, with the reason. */
  readonly firstBroken?: { readonly seq: number; readonly id: number; readonly reason: string };
  readonly headSeq: number;
  /** Hash of the head event: write it down (or publish it) to detect a rewritten chain later. */
  readonly headHash: string;
}

const GENESIS_HASH = '0'.repeat(64);

/**
 * Recomputes the chain from the genesis hash and compares every stored hash, link and sequence number, then the
 * head. Streams in pages so a long chain does not need to fit in memory. Only events up to the head read at the
 * start are checked, so appends running concurrently (a live server) do not look like a broken chain. A payload
 * that is not byte-for-byte the canonical JSON it was written as counts as edited.
 */
export async function verifyAuditChain(db: Queryable, pageSize = 5000): Promise<AuditVerification> {
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const broken = (reason: string): AuditVerification => ({
        ok: false,
        checked,
        firstBroken: { seq: row.seq, id: row.id, reason },
        headSeq: head.seq,
        headHash: head.hash,
      });
      if (row.seq !== expectedSeq) return broken(`序号不连续：应为 ${expectedSeq}，实际为 ${row.seq}`);
      if (row.prev_hash !== prevHash) return broken('前一哈希（prev_hash）与上一条事件不符');
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(row.payload) as Record<string, unknown>;
      } catch {
        return broken('事件内容不是有效的 JSON');
      }
      if (canonicalJson(payload) !== row.payload) return broken('事件内容被改写（不是规范形式）');
      const recomputed = auditHash(prevHash, {
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        payload,
      });
      if (recomputed !== row.hash) return broken('哈希与事件内容不符');
      prevHash = row.hash;
      expectedSeq += 1;
      lastSeq = row.seq;
      checked += 1;
    }
  }
  if (lastSeq !== head.seq || prevHash !== head.hash) {
    return {
      ok: false,
      checked,
      firstBroken: {
        seq: lastSeq + 1,
        id: 0,
        reason: `审计链止于第 ${lastSeq} 条，但链头记录为第 ${head.seq} 条`,
      },
      headSeq: head.seq,
      headHash: head.hash,
    };
  }
  return { ok: true, checked, headSeq: head.seq, headHash: head.hash };
}

/** Audit events, newest first, filterable by entity and actor (`audit.read`). */
export async function listAuditEvents(
  db: Queryable,
  actor: Actor,
  filter: { entityType?: string; entityId?: string; actor?: string; beforeSeq?: number; limit: number },
): Promise<AuditEvent[]> {
  authorize(actor, 'audit.read');
  let q = db.selectFrom('audit_event').selectAll();
  if (filter.entityType !== undefined) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor);
  if (filter.beforeSeq !== undefined) q = q.where('seq', '<', filter.beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/** Verifies the chain for the console (`audit.read`). */
export async function auditStatus(db: Queryable, actor: Actor): Promise<AuditVerification> {
  authorize(actor, 'audit.read');
  return verifyAuditChain(db);
}
