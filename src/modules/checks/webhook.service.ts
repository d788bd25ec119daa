import { createHmac } from 'node:crypto';
import { type Actor, actorLabel } from '../../platform/actor.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Db, Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import {
  assertWebhookUrl,
  postWebhook,
  type WebhookPolicy,
  WebhookTargetError,
} from '../../platform/http/webhook-target.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';

/** Delivery attempts before an outbox entry is marked failed (1, 2, 4 … 64 minutes apart). */
export const MAX_WEBHOOK_ATTEMPTS = 8;

/**
 * Registers a webhook for the actor's notifications. The URL must be http(s) without credentials and must not
 * point at a private or reserved address unless the deployment allows it (XINYONG_WEBHOOK_ALLOW); the signing
 * secret (≥ 16 characters) is stored SM4-encrypted and never shown again.
 * @throws AppError validation_failed naming the reason.
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
  if (secret.length < 16) throw new AppError('validation_failed', 'Webhook 密钥至少需要 16 个字符');
  const row = await tx
    .insertInto('webhook')
    .values({
      owner: actorLabel(actor),
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
        actor: actorLabel(actor),
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

/** The caller's webhooks, newest first, with delivered / pending / failed counts and the latest error. */
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
      eb.fn.max('last_error').as('last_error'),
    ])
    .where(
      'webhook_id',
      'in',
      hooks.map((h) => h.id),
    )
    .groupBy('webhook_id')
    .execute();
  const byHook = new Map(counts.map((c) => [c.webhook_id, c]));
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
      lastError: c?.last_error ?? null,
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

/**
 * Delivers due outbox entries: POST JSON with an `x-xinyong-signature` header (see {@link webhookSignature});
 * 2xx marks delivered; otherwise retried with exponential backoff (1, 2, 4 … minutes) up to
 * {@link MAX_WEBHOOK_ATTEMPTS} attempts, then marked failed. Runs outside any transaction, each delivery
 * recorded separately. `post` defaults to {@link postWebhook} under `policy` (no redirects, addresses checked
 * after DNS resolution).
 */
export async function deliverWebhooks(
  db: Db,
  protector: FieldProtector,
  policy: WebhookPolicy,
  now: Date,
  post: WebhookPost = (url, body, headers) => postWebhook(policy, url, body, headers),
): Promise<{ delivered: number; failed: number; retried: number }> {
  const due = await db
    .selectFrom('outbox as o')
    .innerJoin('webhook as w', 'w.id', 'o.webhook_id')
    .select(['o.id', 'o.payload', 'o.attempts', 'w.url', 'w.secret_cipher', 'w.status'])
    .where('o.delivered_at', 'is', null)
    .where('o.failed_at', 'is', null)
    .where('o.next_attempt_at', '<=', now.toISOString())
    .orderBy('o.id')
    .limit(200)
    .execute();
  let delivered = 0;
  let failed = 0;
  let retried = 0;
  for (const d of due) {
    const attempts = d.attempts + 1;
    let status = 0;
    let error: string | null = null;
    if (d.status !== 'active') error = 'Webhook 已停用';
    else {
      try {
        status = await post(d.url, d.payload, {
          'content-type': 'application/json',
          'x-xinyong-signature': webhookSignature(
            protector.decrypt(d.secret_cipher),
            d.payload,
            Math.floor(now.getTime() / 1000),
          ),
        });
      } catch (e) {
        error = (e as Error).message.slice(0, 200);
      }
    }
    const ok = status >= 200 && status < 300;
    const giveUp = !ok && (attempts >= MAX_WEBHOOK_ATTEMPTS || d.status !== 'active');
    await db
      .updateTable('outbox')
      .set({
        attempts,
        last_status: status === 0 ? null : status,
        last_error: ok ? null : (error ?? `HTTP ${status}`),
        delivered_at: ok ? now.toISOString() : null,
        failed_at: giveUp ? now.toISOString() : null,
        next_attempt_at: new Date(now.getTime() + 60_000 * 2 ** (attempts - 1)).toISOString(),
      })
      .where('id', '=', d.id)
      .execute();
    if (ok) delivered++;
    else if (giveUp) failed++;
    else retried++;
  }
  return { delivered, failed, retried };
}
