import { createHmac } from 'node:crypto';
import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Db, Queryable, Tx } from '../../platform/db/database.js';
import { serializeOn } from '../../platform/db/serialize.js';
import { AppError, type IssueDetail, notFound, validationFailed } from '../../platform/errors.js';
import {
  assertWebhookUrl,
  postWebhook,
  WEBHOOK_TIMEOUT_MS,
  type WebhookPolicy,
  WebhookTargetError,
} from '../../platform/http/webhook-target.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';

/** Delivery attempts before an outbox entry is marked failed (1, 2, 4 … 64 minutes apart). */
export const MAX_WEBHOOK_ATTEMPTS = 8;

/** Active (not disabled) webhooks one owner may have. */
export const MAX_WEBHOOKS_PER_OWNER = 10;

/** Webhooks one delivery run sends to at the same time (each webhook's entries go one after another). */
const WEBHOOK_CONCURRENCY = 6;

/** Entries one run sends to one webhook at most; the rest follow in the next run. */
const ENTRIES_PER_RUN = 100;

/**
 * How long before its due time an entry is already taken. The job's minute tick fires a few milliseconds early or
 * late and an entry may wait its turn within a run (up to one request deadline), while the backoff is counted from
 * the attempt itself; without this tolerance a 2-minute wait would become 3 whenever a tick came early.
 */
const DUE_TOLERANCE_MS = 10_000;

/** Signing secrets: at least this many characters … */
const SECRET_MIN_LENGTH = 16;
/** … of which at least this many distinct non-whitespace characters. */
const SECRET_MIN_DISTINCT = 8;

/** What is wrong with a signing secret: too short, surrounded by whitespace, or too few distinct characters. */
function secretIssues(secret: string): IssueDetail[] {
  const issues: IssueDetail[] = [];
  const chars = [...secret];
  if (chars.length < SECRET_MIN_LENGTH)
    issues.push({
      field: 'secret',
      code: 'too_short',
      message: `Webhook 密钥至少需要 ${SECRET_MIN_LENGTH} 个字符`,
    });
  if (secret !== secret.trim())
    issues.push({ field: 'secret', code: 'whitespace', message: 'Webhook 密钥的开头和结尾不能是空白字符' });
  const distinct = new Set(chars.filter((c) => !/\s/u.test(c))).size;
  if (distinct < SECRET_MIN_DISTINCT)
    issues.push({
      field: 'secret',
      code: 'too_weak',
      message: `Webhook 密钥过于简单：至少需要 ${SECRET_MIN_DISTINCT} 个不同的非空白字符（当前 ${distinct} 个），建议使用随机生成的密钥`,
    });
  return issues;
}

/**
 * Registers a webhook for the actor's notifications. The URL must be http(s) without credentials, whitespace or
 * control characters and must not point at a private or reserved address unless the deployment allows it
 * (XINYONG_WEBHOOK_ALLOW); the signing secret (≥ 16 characters, ≥ 8 distinct non-whitespace ones, no leading or
 * trailing whitespace) is stored SM4-encrypted and never shown again. An owner has at most
 * {@link MAX_WEBHOOKS_PER_OWNER} active webhooks.
 * @throws AppError validation_failed naming the reason; conflict when the owner already has the maximum.
 */
export async function registerWebhook(
  tx: Tx,
  actor: Actor,
  protector: FieldProtector,
  policy: WebhookPolicy,
  url: string,
  secret: string,
  at: Date,
): Promise<{ id: number }> {
  authorize(actor, 'watch.manage');
  try {
    assertWebhookUrl(url, policy);
  } catch (e) {
    if (e instanceof WebhookTargetError) throw new AppError('validation_failed', e.message);
    throw e;
  }
  const issues = secretIssues(secret);
  if (issues.length > 0) throw validationFailed(issues);
  const owner = actorLabel(actor);
  // count-then-insert holds only if one registration per owner runs at a time: on PostgreSQL a transaction-scoped
  // lock per owner
  await serializeOn(tx, `webhook-owner:${owner}`);
  const active = await tx
    .selectFrom('webhook')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner', '=', owner)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= MAX_WEBHOOKS_PER_OWNER)
    throw new AppError(
      'conflict',
      `每个用户最多可有 ${MAX_WEBHOOKS_PER_OWNER} 个启用中的 Webhook，请先停用不再使用的推送地址再注册`,
    );
  const row = await tx
    .insertInto('webhook')
    .values({
      owner,
      url,
      secret_cipher: protector.encrypt(secret),
      status: 'active',
      created_at: at.toISOString(),
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAudit(
    tx,
    [
      {
        actor: owner,
        action: 'webhook.registered',
        entityType: 'webhook',
        entityId: row.id,
        payload: { url },
      },
    ],
    at,
  );
  return { id: row.id };
}

/** One of the caller's webhooks with its delivery counts; never the secret. */
export interface WebhookView {
  readonly id: number;
  readonly url: string;
  readonly status: 'active' | 'disabled';
  readonly createdAt: string;
  readonly disabledAt: string | null;
  readonly delivered: number;
  readonly pending: number;
  readonly failed: number;
  readonly lastError: string | null;
}

/**
 * The caller's webhooks, newest first, with delivered / pending / failed counts and the error of the most recent
 * failed attempt. A webhook's entries are attempted strictly in id order (see {@link deliverWebhooks}), so that is
 * the error on its highest-numbered entry that has one.
 */
export async function listWebhooks(db: Queryable, actor: Actor): Promise<WebhookView[]> {
  authorize(actor, 'watch.manage');
  const hooks = await db
    .selectFrom('webhook')
    .selectAll()
    .where('owner', '=', actorLabel(actor))
    .orderBy('id', 'desc')
    .execute();
  if (hooks.length === 0) return [];
  const counts = await db
    .selectFrom('outbox')
    .select((eb) => [
      'webhook_id',
      eb.fn.count<number>('delivered_at').as('delivered'),
      eb.fn.count<number>('failed_at').as('failed'),
      eb.fn.countAll<number>().as('total'),
    ])
    .where(
      'webhook_id',
      'in',
      hooks.map((h) => h.id),
    )
    .groupBy('webhook_id')
    .execute();
  const lastErrors = await db
    .selectFrom('outbox')
    .select(['webhook_id', 'last_error'])
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select((e) => e.fn.max('id').as('id'))
        .where(
          'webhook_id',
          'in',
          hooks.map((h) => h.id),
        )
        .where('last_error', 'is not', null)
        .groupBy('webhook_id'),
    )
    .execute();
  const byHook = new Map(counts.map((c) => [c.webhook_id, c]));
  const errorOf = new Map(lastErrors.map((e) => [e.webhook_id, e.last_error]));
  return hooks.map((h) => {
    const c = byHook.get(h.id);
    const delivered = Number(c?.delivered ?? 0);
    const failed = Number(c?.failed ?? 0);
    return {
      id: h.id,
      url: h.url,
      status: h.status,
      createdAt: h.created_at,
      disabledAt: h.disabled_at,
      delivered,
      failed,
      pending: Number(c?.total ?? 0) - delivered - failed,
      lastError: errorOf.get(h.id) ?? null,
    };
  });
}

/** Disables one of the caller's webhooks (kept, with `disabled_at`); pending deliveries stop. Idempotent. */
export async function disableWebhook(tx: Tx, actor: Actor, id: number, at: Date): Promise<void> {
  authorize(actor, 'watch.manage');
  const hook = await tx
    .selectFrom('webhook')
    .select(['id', 'status'])
    .where('id', '=', id)
    .where('owner', '=', actorLabel(actor))
    .executeTakeFirst();
  if (hook === undefined) throw notFound(`Webhook ${id}`);
  if (hook.status === 'disabled') return;
  await tx
    .updateTable('webhook')
    .set({ status: 'disabled', disabled_at: at.toISOString() })
    .where('id', '=', id)
    .execute();
  await appendAudit(
    tx,
    [{ actor: actorLabel(actor), action: 'webhook.disabled', entityType: 'webhook', entityId: id }],
    at,
  );
}

/** Signature header value for a webhook body: `t=<unix seconds>,v1=<HMAC-SM3 hex of "t.body">`. */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sm3', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

/** Sends one delivery; resolves to the HTTP status. */
export type WebhookPost = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

/** Options of {@link deliverWebhooks}; the defaults are what the job uses. */
export interface DeliverWebhooksOptions {
  /** Total deadline of one request in milliseconds (default {@link WEBHOOK_TIMEOUT_MS}); used by the default `post`. */
  readonly timeoutMs?: number;
  /** Webhooks sent to at the same time (default {@link WEBHOOK_CONCURRENCY}). */
  readonly concurrency?: number;
  /**
   * The time of each attempt: signature timestamp, backoff origin and recorded instants. Defaults to `now` advanced
   * by the real time elapsed since the run started.
   */
  readonly clock?: Clock;
  /** Sends one delivery; defaults to {@link postWebhook} under the policy with `timeoutMs`. */
  readonly post?: WebhookPost;
}

/** Delivery counts of one run. */
export interface DeliveryCounts {
  delivered: number;
  failed: number;
  retried: number;
}

/** A webhook with entries due, as the run reads it. */
interface DueWebhook {
  readonly id: number;
  readonly url: string;
  readonly secret_cipher: string;
}

/**
 * Delivers due outbox entries: each is POSTed as JSON with the headers `x-xinyong-delivery` (the outbox entry id,
 * the same on every retry, for the receiver to drop duplicates) and `x-xinyong-signature` (see
 * {@link webhookSignature}; `t` is the time of that very attempt). 2xx marks delivered; otherwise it is retried
 * 1, 2, 4 … minutes after the attempt (taken up to {@link DUE_TOLERANCE_MS} early so the minute tick's jitter does
 * not stretch the schedule) up to {@link MAX_WEBHOOK_ATTEMPTS} attempts, then marked failed.
 *
 * Order and isolation: a webhook's entries are sent one after another in id order, and its run stops at the first
 * failure or at an entry not yet due, so a receiver never sees a newer notification before an older one that is
 * being retried. Different webhooks are served concurrently (`concurrency` at a time), each request bounded by one
 * total deadline, so a slow or hanging receiver holds back only its own webhook. Entries of disabled webhooks are
 * marked failed. Runs outside any transaction, each delivery recorded separately.
 */
export async function deliverWebhooks(
  db: Db,
  protector: FieldProtector,
  policy: WebhookPolicy,
  now: Date,
  options: DeliverWebhooksOptions = {},
): Promise<DeliveryCounts> {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const post: WebhookPost =
    options.post ?? ((url, body, headers) => postWebhook(policy, url, body, headers, { timeoutMs }));
  const startedAt = performance.now();
  const clock: Clock = options.clock ?? (() => new Date(now.getTime() + (performance.now() - startedAt)));
  const dueBy = new Date(now.getTime() + DUE_TOLERANCE_MS).toISOString();
  const counts: DeliveryCounts = { delivered: 0, failed: 0, retried: 0 };

  const stopped = await db
    .updateTable('outbox')
    .set({ last_status: null, last_error: 'Webhook 已停用', failed_at: now.toISOString() })
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('webhook_id', 'in', (eb) => eb.selectFrom('webhook').select('id').where('status', '=', 'disabled'))
    .executeTakeFirst();
  counts.failed += Number(stopped.numUpdatedRows);

  // webhooks whose oldest pending entry is due, longest waiting first
  const due: DueWebhook[] = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('outbox')
        .select((e) => ['webhook_id', e.fn.min('id').as('head_id')])
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .groupBy('webhook_id')
        .as('h'),
    )
    .innerJoin('outbox as o', 'o.id', 'h.head_id')
    .innerJoin('webhook as w', 'w.id', 'h.webhook_id')
    .select(['w.id', 'w.url', 'w.secret_cipher'])
    .where('w.status', '=', 'active')
    .where('o.next_attempt_at', '<=', dueBy)
    .orderBy('h.head_id')
    .execute();

  await forEachConcurrently(due, Math.max(1, options.concurrency ?? WEBHOOK_CONCURRENCY), async (hook) => {
    const r = await deliverToWebhook(db, protector, hook, dueBy, post, clock);
    counts.delivered += r.delivered;
    counts.failed += r.failed;
    counts.retried += r.retried;
  });
  return counts;
}

/** Sends one webhook's pending entries in id order until one fails or is not yet due. */
async function deliverToWebhook(
  db: Db,
  protector: FieldProtector,
  hook: DueWebhook,
  dueBy: string,
  post: WebhookPost,
  clock: Clock,
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { delivered: 0, failed: 0, retried: 0 };
  const entries = await db
    .selectFrom('outbox')
    .select(['id', 'payload', 'attempts', 'next_attempt_at'])
    .where('webhook_id', '=', hook.id)
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .orderBy('id')
    .limit(ENTRIES_PER_RUN)
    .execute();
  if (entries.length === 0) return counts;
  const secret = protector.decrypt(hook.secret_cipher);
  for (const entry of entries) {
    if (Date.parse(entry.next_attempt_at) > Date.parse(dueBy)) break;
    const at = clock();
    let status = 0;
    let error: string | null = null;
    try {
      status = await post(hook.url, entry.payload, {
        'content-type': 'application/json',
        'x-xinyong-delivery': String(entry.id),
        'x-xinyong-signature': webhookSignature(secret, entry.payload, Math.floor(at.getTime() / 1000)),
      });
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    }
    const attempts = entry.attempts + 1;
    const ok = status >= 200 && status < 300;
    const giveUp = !ok && attempts >= MAX_WEBHOOK_ATTEMPTS;
    await db
      .updateTable('outbox')
      .set({
        attempts,
        last_status: status === 0 ? null : status,
        last_error: ok ? null : (error ?? `HTTP ${status}`),
        delivered_at: ok ? at.toISOString() : null,
        failed_at: giveUp ? at.toISOString() : null,
        next_attempt_at: new Date(at.getTime() + 60_000 * 2 ** (attempts - 1)).toISOString(),
      })
      .where('id', '=', entry.id)
      .execute();
    if (ok) {
      counts.delivered++;
      continue;
    }
    if (giveUp) counts.failed++;
    else counts.retried++;
    // later entries wait for the next run, so the receiver gets them in order
    break;
  }
  return counts;
}

/**
 * Runs `work` over `items` with at most `limit` at a time. Every item is attempted; the first error, if any, is
 * thrown once all have finished.
 */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        await work(items[i] as T);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}
