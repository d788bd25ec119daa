import { sql } from 'kysely';
import { type Actor, actorLabel } from '../../platform/actor.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Db, Queryable, Tx } from '../../platform/db/database.js';
import { engineOf } from '../../platform/db/engine.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { addCalendarDays, shanghaiDate } from '../../standards/calendar-date.js';
import { maskIdentifiersInText, maskName } from '../../standards/mask.js';
import { logAccess } from '../access/access-log.service.js';
import { activeActors } from '../access/active-actors.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { findSubjectFor, resolveView } from '../records/credit-file.service.js';
import type { RecordRow } from '../records/record.repository.js';
import { visibleIn } from '../records/record-view.js';
import { getSubjectByRef } from '../subjects/subject.service.js';
import type { SubjectKind } from '../subjects/subject.table.js';
import type { NotificationKind } from './check.table.js';

/**
 * Follows a subject (关注) by USCC, id or resident id number; idempotent, also under concurrent requests (one
 * active watch per owner and subject, migration 0010). A person is followed by id number only by a reader entitled
 * to look the person up by it (records/credit-file.service.ts findSubjectFor); anyone else gets the answer given
 * for a number nobody holds.
 * @throws AppError forbidden, not_found
 */
export async function watchSubject(
  tx: Tx,
  actor: Actor,
  subjectRef: string,
  at: Date,
  protector?: FieldProtector,
): Promise<{ subjectId: number }> {
  authorize(actor, 'watch.manage');
  const subject = await watchedSubject(tx, actor, subjectRef, at, protector);
  const owner = actorLabel(actor);
  const inserted = await tx
    .insertInto('watch')
    .values({ owner, subject_id: subject.id, created_at: at.toISOString(), removed_at: null })
    .onConflict((oc) => oc.columns(['owner', 'subject_id']).where('removed_at', 'is', null).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
    await appendAudit(
      tx,
      [{ actor: owner, action: 'watch.added', entityType: 'subject', entityId: subject.id }],
      at,
    );
  }
  return { subjectId: subject.id };
}

/** The subject a watch reference names, under the lookup rules of findSubjectFor. */
async function watchedSubject(
  tx: Tx,
  actor: Actor,
  subjectRef: string,
  at: Date,
  protector: FieldProtector | undefined,
): Promise<{ id: number }> {
  if (protector === undefined) return getSubjectByRef(tx, subjectRef);
  return (await findSubjectFor(tx, protector, actor, subjectRef, at)).subject;
}

/** Stops following a subject (the watch row is kept with `removed_at`); by id number under the same rule. */
export async function unwatchSubject(
  tx: Tx,
  actor: Actor,
  subjectRef: string,
  at: Date,
  protector?: FieldProtector,
): Promise<void> {
  authorize(actor, 'watch.manage');
  const subject = await watchedSubject(tx, actor, subjectRef, at, protector);
  const owner = actorLabel(actor);
  const n = await tx
    .updateTable('watch')
    .set({ removed_at: at.toISOString() })
    .where('owner', '=', owner)
    .where('subject_id', '=', subject.id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (Number(n.numUpdatedRows) > 0)
    await appendAudit(
      tx,
      [{ actor: owner, action: 'watch.removed', entityType: 'subject', entityId: subject.id }],
      at,
    );
}

/** The subjects the actor follows; a natural person's name is masked as in every credit file view. */
export async function listWatches(
  db: Queryable,
  actor: Actor,
): Promise<{ subjectId: number; name: string; uscc: string | null; since: string }[]> {
  authorize(actor, 'watch.manage');
  const rows = await db
    .selectFrom('watch as w')
    .innerJoin('subject as s', 's.id', 'w.subject_id')
    .select(['w.subject_id', 's.name', 's.kind', 's.uscc', 'w.created_at'])
    .where('w.owner', '=', actorLabel(actor))
    .where('w.removed_at', 'is', null)
    .orderBy('w.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    subjectId: r.subject_id,
    name: r.kind === 'natural_person' ? maskName(r.name) : r.name,
    uscc: r.uscc,
    since: r.created_at,
  }));
}

export interface NotificationView {
  readonly id: number;
  readonly subjectId: number | null;
  readonly kind: NotificationKind;
  readonly recordId: number | null;
  readonly payload: Record<string, unknown>;
  readonly createdAt: string;
  readonly readAt: string | null;
}

/**
 * The actor's notifications. Without a cursor: the newest first (`beforeId` pages back through older ones). With
 * `afterId`: those after it, oldest first, so a client polling with the last id it saw misses nothing.
 */
export async function listNotifications(
  db: Queryable,
  actor: Actor,
  filter: { unread?: boolean; limit: number; afterId?: number; beforeId?: number },
): Promise<NotificationView[]> {
  authorize(actor, 'watch.manage');
  let q = db.selectFrom('notification').selectAll().where('owner', '=', actorLabel(actor));
  if (filter.unread === true) q = q.where('read_at', 'is', null);
  if (filter.afterId !== undefined) q = q.where('id', '>', filter.afterId);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  const rows = await q
    .orderBy('id', filter.afterId === undefined ? 'desc' : 'asc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    subjectId: r.subject_id,
    kind: r.kind,
    recordId: r.record_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

export async function markNotificationsRead(
  tx: Tx,
  actor: Actor,
  ids: readonly number[],
  at: Date,
): Promise<number> {
  authorize(actor, 'watch.manage');
  if (ids.length === 0) return 0;
  const r = await tx
    .updateTable('notification')
    .set({ read_at: at.toISOString() })
    .where('owner', '=', actorLabel(actor))
    .where('id', 'in', [...ids])
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const CURSOR_KEY = 'notification_cursor';

function kindOf(
  r: { change_kind: string; status: string; version: number; item_code: string },
  listItems: ReadonlySet<string>,
): NotificationKind {
  if (r.status === 'revoked') return 'record_revoked';
  if (r.status === 'repaired') return 'record_repaired';
  if (r.status === 'removed') return 'list_removed';
  if (r.version === 1) return listItems.has(r.item_code) ? 'list_added' : 'record_added';
  return 'record_changed';
}

/** The record columns a watcher's right to see a record is decided on, with the watch's owner. */
type WatchedRow = Pick<
  RecordRow,
  | 'id'
  | 'subject_id'
  | 'item_code'
  | 'provider_id'
  | 'status'
  | 'published'
  | 'disclosure'
  | 'publicity_start'
  | 'publicity_end'
> & { owner: string; subject_kind: SubjectKind };

const WATCHED_COLUMNS = [
  'r.id',
  'r.subject_id',
  'r.item_code',
  'r.provider_id',
  'r.status',
  'r.published',
  'r.disclosure',
  'r.publicity_start',
  'r.publicity_end',
  'w.owner',
  's.kind as subject_kind',
] as const;

/**
 * The rows whose owner may see the record: an active user or client (disabled accounts get nothing) whose view of
 * the subject (public, provider, authorised under the person's authorisation, subject, full) shows the record as it
 * stood while in force on `date` — so a watcher who could see an entry also learns that it was revoked, removed or
 * repaired, and nobody learns of a record they could not read. A non-public look at a natural person's record is
 * written to the access log, as reading it would be.
 */
async function visibleToOwners<T extends WatchedRow>(
  tx: Tx,
  rows: readonly T[],
  now: Date,
  dateOf: (r: T) => string,
): Promise<T[]> {
  const actors = await activeActors(
    tx,
    rows.map((r) => r.owner),
  );
  const views = new Map<string, Awaited<ReturnType<typeof resolveView>>>();
  const out: T[] = [];
  for (const r of rows) {
    const actor = actors.get(r.owner);
    if (actor === undefined) continue;
    const key = `${r.owner}/${r.subject_id}`;
    let resolved = views.get(key);
    if (resolved === undefined) {
      resolved = await resolveView(tx, actor, { id: r.subject_id, kind: r.subject_kind }, now);
      views.set(key, resolved);
    }
    if (!visibleIn(resolved.view, { ...r, status: 'active' }, dateOf(r), actor.scope.providerId)) continue;
    if (r.subject_kind === 'natural_person' && resolved.view !== 'public' && resolved.view !== 'subject') {
      await logAccess(
        tx,
        actor,
        {
          subjectId: r.subject_id,
          resource: `record:${r.id}`,
          purpose: resolved.authorisation?.purpose ?? '关注提醒',
          legalBasis: resolved.authorisation === null ? '依法履行职责' : '信息主体书面授权',
          authorisationId: resolved.authorisation?.id ?? null,
        },
        now,
      );
    }
    out.push(r);
  }
  return out;
}

/**
 * The highest record id below which every id is committed. On PostgreSQL ids come from a sequence in the order
 * rows are inserted, not committed, so a cursor set to the highest committed id could skip a row of a transaction
 * still open; a SHARE lock waits for every open writer of `record` (and briefly holds new ones back) first. SQLite
 * has one writer at a time, so its ids commit in order.
 */
async function committedMaxRecordId(tx: Tx): Promise<number | null> {
  if (engineOf(tx) === 'postgres') await sql`lock table record in share mode`.execute(tx);
  const row = await tx
    .selectFrom('record')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirstOrThrow();
  return row.m === null ? null : Number(row.m);
}

/** Record–watcher pairs read per dispatch run (a record's watchers are never split across runs). */
const DISPATCH_BATCH = 5000;

/**
 * Turns record versions written since the last run into notifications for everyone watching their subjects
 * (new, changed, revoked, repaired records; list entries added and removed) who may see them, then queues webhook
 * deliveries in the outbox. Reasons are sent with identity and mobile numbers masked. Resumes from a cursor in
 * `app_meta`; idempotent.
 */
export async function dispatchRecordNotifications(
  db: Db,
  now: Date,
  listItems: ReadonlySet<string>,
  options: { readonly batch?: number } = {},
): Promise<{ notifications: number }> {
  const batch = options.batch ?? DISPATCH_BATCH;
  const upTo = await inTransaction(db, committedMaxRecordId);
  return inTransaction(db, async (tx) => {
    const cursorRow = await tx
      .selectFrom('app_meta')
      .select('value')
      .where('key', '=', CURSOR_KEY)
      .executeTakeFirst();
    const cursor = cursorRow === undefined ? 0 : Number(cursorRow.value);
    const limit = upTo ?? cursor;
    const watched = () =>
      tx
        .selectFrom('record as r')
        .innerJoin('watch as w', 'w.subject_id', 'r.subject_id')
        .innerJoin('subject as s', 's.id', 'r.subject_id')
        .select([...WATCHED_COLUMNS, 'r.version', 'r.change_kind', 'r.change_reason', 'r.decision_date'])
        .where('w.removed_at', 'is', null);
    let rows = await watched()
      .where('r.id', '>', cursor)
      .where('r.id', '<=', limit)
      .orderBy('r.id')
      .limit(batch)
      .execute();
    // A full batch may end inside one record's watchers; that record is completed, since the cursor moves past it.
    const last = rows.length === batch ? rows[rows.length - 1]?.id : undefined;
    if (last !== undefined)
      rows = [...rows.filter((r) => r.id !== last), ...(await watched().where('r.id', '=', last).execute())];
    const reached = last ?? limit;
    const today = shanghaiDate(now);
    const visible = await visibleToOwners(tx, rows, now, () => today);
    const created = await queueNotifications(
      tx,
      visible.map((r) => ({
        owner: r.owner,
        subjectId: r.subject_id,
        kind: kindOf(r, listItems),
        recordId: r.id,
        payload: {
          item: r.item_code,
          version: r.version,
          status: r.status,
          change: r.change_kind,
          reason: r.change_reason === null ? null : maskIdentifiersInText(r.change_reason).text,
          decisionDate: r.decision_date,
        },
      })),
      now,
    );
    const value = String(Math.max(cursor, reached));
    if (cursorRow === undefined)
      await tx
        .insertInto('app_meta')
        .values({ key: CURSOR_KEY, value, updated_at: now.toISOString() })
        .execute();
    else
      await tx
        .updateTable('app_meta')
        .set({ value, updated_at: now.toISOString() })
        .where('key', '=', CURSOR_KEY)
        .execute();
    return { notifications: created };
  });
}

/**
 * Notifies the watchers who could see these records while in force that their publicity ended (called by the
 * publicity job and by `xinyong publicity refresh`).
 */
export async function notifyPublicityEnded(db: Db, recordIds: readonly number[], now: Date): Promise<number> {
  if (recordIds.length === 0) return 0;
  return inTransaction(db, async (tx) => {
    const rows = await tx
      .selectFrom('record as r')
      .innerJoin('watch as w', 'w.subject_id', 'r.subject_id')
      .innerJoin('subject as s', 's.id', 'r.subject_id')
      .select(WATCHED_COLUMNS)
      .where('r.id', 'in', [...recordIds])
      .where('w.removed_at', 'is', null)
      .execute();
    const today = shanghaiDate(now);
    // as it stood on its last day of publicity
    const visible = await visibleToOwners(tx, rows, now, (r) =>
      r.publicity_end === null ? today : addCalendarDays(r.publicity_end, -1),
    );
    return queueNotifications(
      tx,
      visible.map((r) => ({
        owner: r.owner,
        subjectId: r.subject_id,
        kind: 'publicity_ended' as const,
        recordId: r.id,
        payload: { item: r.item_code, endedOn: r.publicity_end },
      })),
      now,
    );
  });
}

/** Owner label of webhooks that downstream systems (department systems, 信用中国) register for repair notices. */
export const DOWNSTREAM_OWNER = 'downstream';

/**
 * Queues a notice for every active downstream webhook (e.g. a credit repair to be synchronised to the deciding
 * department and related systems within 3 working days, REFERENCE §5.2). Delivered by the webhooks job.
 */
export async function queueDownstreamNotice(
  tx: Tx,
  payload: Record<string, unknown>,
  now: Date,
): Promise<number> {
  const hooks = await tx
    .selectFrom('webhook')
    .select('id')
    .where('owner', '=', DOWNSTREAM_OWNER)
    .where('status', '=', 'active')
    .execute();
  const iso = now.toISOString();
  for (const h of hooks) {
    await tx
      .insertInto('outbox')
      .values({
        webhook_id: h.id,
        notification_id: null,
        payload: JSON.stringify({ ...payload, createdAt: iso }),
        next_attempt_at: iso,
        delivered_at: null,
        failed_at: null,
        last_status: null,
        last_error: null,
        created_at: iso,
      })
      .execute();
  }
  return hooks.length;
}

/** A notification to one owner (e.g. the applicant of an objection), with webhook deliveries queued. */
export async function notifyOwner(
  tx: Tx,
  owner: string,
  n: {
    kind: NotificationKind;
    subjectId: number | null;
    recordId: number | null;
    payload: Record<string, unknown>;
  },
  now: Date,
): Promise<void> {
  await queueNotifications(tx, [{ owner, ...n }], now);
}

async function queueNotifications(
  tx: Tx,
  items: readonly {
    owner: string;
    subjectId: number | null;
    kind: NotificationKind;
    recordId: number | null;
    payload: Record<string, unknown>;
  }[],
  now: Date,
): Promise<number> {
  const iso = now.toISOString();
  const hooks = new Map<string, number[]>();
  for (const w of await tx
    .selectFrom('webhook')
    .select(['id', 'owner'])
    .where('status', '=', 'active')
    .execute())
    hooks.set(w.owner, [...(hooks.get(w.owner) ?? []), w.id]);
  for (const n of items) {
    const row = await tx
      .insertInto('notification')
      .values({
        owner: n.owner,
        subject_id: n.subjectId,
        kind: n.kind,
        record_id: n.recordId,
        payload: JSON.stringify(n.payload),
        created_at: iso,
        read_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const webhookId of hooks.get(n.owner) ?? []) {
      await tx
        .insertInto('outbox')
        .values({
          webhook_id: webhookId,
          notification_id: row.id,
          payload: JSON.stringify({
            id: row.id,
            kind: n.kind,
            subjectId: n.subjectId,
            recordId: n.recordId,
            ...n.payload,
            createdAt: iso,
          }),
          next_attempt_at: iso,
          delivered_at: null,
          failed_at: null,
          last_status: null,
          last_error: null,
          created_at: iso,
        })
        .execute();
    }
  }
  return items.length;
}
