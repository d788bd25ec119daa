import { sql } from 'kysely';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Database, Db } from '../../platform/db/database.js';
import { engineOf } from '../../platform/db/engine.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { loginFailureKey } from './session.service.js';

/**
 * Clear columns that migration 0015 gave a ciphertext column (docs/adr/0006): rows written before it hold the value
 * in `clear`; sealing moves it into `cipher` (SM4) and leaves `empty` behind.
 */
export const SEALED_COLUMNS = [
  { table: 'application', clear: 'statement', cipher: 'statement_cipher', key: 'id', empty: '' },
  { table: 'application', clear: 'applicant_name', cipher: 'applicant_name_cipher', key: 'id', empty: '' },
  { table: 'application', clear: 'commitment', cipher: 'commitment_cipher', key: 'id', empty: null },
  { table: 'subject_binding', clear: 'evidence', cipher: 'evidence_cipher', key: 'id', empty: '' },
  { table: 'batch', clear: 'file_name', cipher: 'file_name_cipher', key: 'id', empty: null },
  { table: 'evidence_file', clear: 'file_name', cipher: 'file_name_cipher', key: 'digest', empty: '' },
  { table: 'evidence_file', clear: 'content', cipher: 'content_cipher', key: 'digest', empty: 'bytes' },
  { table: 'check_run', clear: 'payload', cipher: 'payload_cipher', key: 'id', empty: '' },
] as const satisfies readonly {
  table: keyof Database;
  clear: string;
  cipher: string;
  key: 'id' | 'digest';
  /** What the clear column holds once sealed: '' (NOT NULL text), null, or an empty blob. */
  empty: '' | null | 'bytes';
}[];

/** `app_meta` key set by migration 0015 while rows may still hold personal text in clear. */
export const SEAL_PENDING_KEY = 'at_rest_seal_pending';

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * Encrypts every value still in a clear column of {@link SEALED_COLUMNS} into its ciphertext column and empties the
 * clear one, and replaces user names in `login_failure` by their keyed digest. Chunked (one transaction per chunk,
 * a handful of rows for files), each row updated only while still unsealed, so it is idempotent and an interrupted
 * run is finished by the next. Run at start while migration 0015's marker is there, and by `keys rotate`.
 * @returns how many values were sealed
 */
export async function sealClearColumns(
  db: Db,
  protector: FieldProtector,
  options: { chunkSize?: number } = {},
): Promise<number> {
  // SQLite keeps overwritten cell bytes in a page's free space unless told to zero them
  const sqlite = engineOf(db) === 'sqlite';
  if (sqlite) await sql`pragma secure_delete = on`.execute(db);
  try {
    return await sealAll(db, protector, options.chunkSize ?? 500);
  } finally {
    if (sqlite) await sql`pragma secure_delete = off`.execute(db);
  }
}

async function sealAll(db: Db, protector: FieldProtector, chunkSizeAsked: number): Promise<number> {
  let sealed = 0;
  for (const c of SEALED_COLUMNS) {
    const chunkSize = c.empty === 'bytes' ? 4 : chunkSizeAsked;
    let last: number | string = c.key === 'id' ? 0 : '';
    for (;;) {
      const page = await sql<{ k: number | string; v: string | Uint8Array }>`select ${sql.ref(c.key)} as k,
        ${sql.ref(c.clear)} as v from ${sql.table(c.table)}
        where ${sql.ref(c.cipher)} is null and ${sql.ref(c.clear)} is not null and length(${sql.ref(c.clear)}) > 0
        and ${sql.ref(c.key)} > ${last}
        order by ${sql.ref(c.key)} limit ${chunkSize}`.execute(db);
      if (page.rows.length === 0) break;
      const rows = page.rows.map((r) => ({
        key: c.key === 'id' ? Number(r.k) : String(r.k),
        cipher: typeof r.v === 'string' ? protector.encrypt(r.v) : protector.encryptBytes(Buffer.from(r.v)),
      }));
      const empty = c.empty === 'bytes' ? Buffer.alloc(0) : c.empty;
      sealed += await inTransaction(db, async (tx) => {
        let n = 0;
        for (const r of rows) {
          const result = await sql`update ${sql.table(c.table)}
            set ${sql.ref(c.cipher)} = ${r.cipher}, ${sql.ref(c.clear)} = ${empty}
            where ${sql.ref(c.key)} = ${r.key} and ${sql.ref(c.cipher)} is null`.execute(tx);
          n += Number(result.numAffectedRows ?? 0n);
        }
        return n;
      });
      last = rows[rows.length - 1]?.key ?? last;
    }
  }
  // throttling state of the last day: small, read whole
  const failures = await db.selectFrom('login_failure').select(['id', 'username']).execute();
  const clear = failures.filter((f) => !DIGEST.test(f.username));
  if (clear.length > 0)
    await inTransaction(db, async (tx) => {
      for (const f of clear)
        await tx
          .updateTable('login_failure')
          .set({ username: loginFailureKey(protector, f.username) })
          .where('id', '=', f.id)
          .where('username', '=', f.username)
          .execute();
    });
  return sealed + clear.length;
}

/** Seals the rows migration 0015 left in clear, once: only while its `app_meta` marker is there, then removes it. */
export async function sealPendingColumns(db: Db, protector: FieldProtector): Promise<number> {
  const pending = await db
    .selectFrom('app_meta')
    .select('key')
    .where('key', '=', SEAL_PENDING_KEY)
    .executeTakeFirst();
  if (pending === undefined) return 0;
  const n = await sealClearColumns(db, protector);
  await db.deleteFrom('app_meta').where('key', '=', SEAL_PENDING_KEY).execute();
  return n;
}
