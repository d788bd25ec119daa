import { sql } from 'kysely';
import { type Actor, actorLabel } from '../../platform/actor.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Database, Db, Queryable } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAudit } from '../audit/audit.service.js';

/**
 * Every column that holds field ciphertext (`sm4:<keyId>:…`, platform/crypto/sm.ts). A module that adds such a
 * column adds it here, or `keys rotate --prune` would drop a key it still needs.
 */
export const CIPHERTEXT_COLUMNS = [
  { table: 'subject', column: 'ric_cipher', key: 'id' },
  { table: 'subject', column: 'name_cipher', key: 'id' },
  { table: 'record', column: 'sensitive', key: 'id' },
  { table: 'application', column: 'contact_cipher', key: 'id' },
  { table: 'webhook', column: 'secret_cipher', key: 'id' },
  // migration 0015: personal text and files (docs/adr/0006, 0009)
  { table: 'application', column: 'statement_cipher', key: 'id' },
  { table: 'application', column: 'applicant_name_cipher', key: 'id' },
  { table: 'application', column: 'commitment_cipher', key: 'id' },
  { table: 'subject_binding', column: 'evidence_cipher', key: 'id' },
  { table: 'batch', column: 'file_name_cipher', key: 'id' },
  { table: 'evidence_file', column: 'file_name_cipher', key: 'digest' },
  // up to 10 MiB each: a few per chunk, whatever the chunk size asked for
  { table: 'evidence_file', column: 'content_cipher', key: 'digest', maxChunk: 4 },
  { table: 'check_run', column: 'payload_cipher', key: 'id' },
] as const satisfies readonly {
  table: keyof Database;
  column: string;
  /** The row's unique key, in which order the rows are visited. */
  key: 'id' | 'digest';
  maxChunk?: number;
}[];

type CipherColumn = (typeof CIPHERTEXT_COLUMNS)[number];

const KEY_ID = /^[A-Za-z0-9]+$/;

function keyPattern(keyId: string): string {
  // Key ids are letters and digits only, so the LIKE pattern needs no escaping.
  if (!KEY_ID.test(keyId)) throw new Error(`unexpected field key id ${JSON.stringify(keyId)}`);
  return `sm4:${keyId}:%`;
}

const label = (c: CipherColumn) => `${c.table}.${c.column}`;

/** How many ciphertexts of one column each key encrypts. */
export interface ColumnKeyUsage {
  readonly column: string;
  readonly total: number;
  /** Count per key id of the secret file; ciphertexts under other ids (unknown keys) are `total − Σ`. */
  readonly byKey: Readonly<Record<string, number>>;
}

/** Counts the ciphertexts per key in every {@link CIPHERTEXT_COLUMNS} column. */
export async function fieldKeyUsage(db: Queryable, keyIds: readonly string[]): Promise<ColumnKeyUsage[]> {
  const out: ColumnKeyUsage[] = [];
  for (const c of CIPHERTEXT_COLUMNS) {
    const count = async (pattern: string | null): Promise<number> => {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(c.table)}
        where ${sql.ref(c.column)} is not null ${pattern === null ? sql`` : sql`and ${sql.ref(c.column)} like ${pattern}`}`.execute(
        db,
      );
      return Number(r.rows[0]?.n ?? 0);
    };
    const byKey: Record<string, number> = {};
    for (const id of keyIds) byKey[id] = await count(keyPattern(id));
    out.push({ column: label(c), total: await count(null), byKey });
  }
  return out;
}

export interface ColumnReencryption {
  readonly column: string;
  /** Ciphertexts found under an older key. */
  readonly found: number;
  /** Of those, re-encrypted now (the rest changed meanwhile and are picked up by the next run). */
  readonly reencrypted: number;
}

export interface ReencryptionReport {
  readonly keyId: string;
  readonly columns: readonly ColumnReencryption[];
  readonly reencrypted: number;
}

/**
 * Re-encrypts every ciphertext that is not under the protector's current key, column by column in chunks of
 * `chunkSize` rows, each chunk in its own transaction (a reader waits at most one chunk). Idempotent and resumable:
 * ciphertexts already under the current key are never touched, so an interrupted run is simply run again. Each row
 * is updated only if it still holds the ciphertext that was read. Plaintext exists only in memory. Appends
 * `field_keys.reencrypted` with the counts when anything changed.
 * @throws Error when a ciphertext names a key the secret file no longer holds (nothing of that chunk is written)
 */
export async function reencryptFields(
  db: Db,
  protector: FieldProtector,
  options: {
    readonly actor: Actor;
    readonly clock: () => Date;
    readonly chunkSize?: number;
    readonly onChunk?: (column: string, reencryptedSoFar: number) => void;
  },
): Promise<ReencryptionReport> {
  const current = keyPattern(protector.currentKeyId);
  const columns: ColumnReencryption[] = [];
  for (const c of CIPHERTEXT_COLUMNS) {
    const chunkSize = Math.min(options.chunkSize ?? 500, 'maxChunk' in c ? c.maxChunk : Infinity);
    let last: number | string = c.key === 'id' ? 0 : '';
    let found = 0;
    let reencrypted = 0;
    for (;;) {
      const page = await sql<{ id: number | string; value: string }>`select ${sql.ref(c.key)} as id,
        ${sql.ref(c.column)} as value from ${sql.table(c.table)}
        where ${sql.ref(c.column)} is not null and ${sql.ref(c.column)} not like ${current}
        and ${sql.ref(c.key)} > ${last}
        order by ${sql.ref(c.key)} limit ${chunkSize}`.execute(db);
      const rows = page.rows;
      if (rows.length === 0) break;
      found += rows.length;
      // bytes in, bytes out: the plaintext is never interpreted, so text and files re-encrypt alike
      const changed = rows.map((r) => ({
        id: c.key === 'id' ? Number(r.id) : String(r.id),
        old: r.value,
        next: protector.encryptBytes(protector.decryptBytes(r.value)),
      }));
      reencrypted += await inTransaction(db, async (tx) => {
        let n = 0;
        for (const r of changed) {
          const result = await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${r.next}
            where ${sql.ref(c.key)} = ${r.id} and ${sql.ref(c.column)} = ${r.old}`.execute(tx);
          n += Number(result.numAffectedRows ?? 0n);
        }
        return n;
      });
      const tail = changed[changed.length - 1];
      if (tail !== undefined) last = tail.id;
      options.onChunk?.(label(c), reencrypted);
    }
    columns.push({ column: label(c), found, reencrypted });
  }
  const total = columns.reduce((sum, c) => sum + c.reencrypted, 0);
  if (total > 0) {
    const at = options.clock();
    await inTransaction(db, (tx) =>
      appendAudit(
        tx,
        [
          {
            actor: actorLabel(options.actor),
            action: 'field_keys.reencrypted',
            entityType: 'field_key',
            entityId: protector.currentKeyId,
            payload: { columns: columns.map((c) => ({ ...c })), reencrypted: total },
          },
        ],
        at,
      ),
    );
  }
  return { keyId: protector.currentKeyId, columns, reencrypted: total };
}

/** Appends an audit event about the secret file (`field_key.added`, `field_keys.pruned`), which lives outside the db. */
export async function auditFieldKeyChange(
  db: Db,
  actor: Actor,
  action: 'field_key.added' | 'field_keys.pruned',
  keyId: string,
  payload: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await inTransaction(db, (tx) =>
    appendAudit(
      tx,
      [{ actor: actorLabel(actor), action, entityType: 'field_key', entityId: keyId, payload }],
      at,
    ),
  );
}
