import { type Kysely, sql } from 'kysely';

/**
 * Personal text and files at rest (issue 15 point 9, docs/adr/0006): ciphertext columns (`sm4:<keyId>:…`) beside
 * the clear ones for objection and repair statements, commitments and applicant names, binding evidence, uploaded
 * file names, evidence files and check receipts. Expand only: a migration holds no key, so the application seals
 * the existing rows on its next start (`sealClearColumns`, modules/access/seal-at-rest.ts: encrypts each clear
 * value into its new column, then empties the clear one); the `app_meta` row below asks it to. Sign-in failures
 * keep a keyed digest of the user name in place of the name, sealed the same way.
 */
const COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['application', 'statement_cipher'],
  ['application', 'applicant_name_cipher'],
  ['application', 'commitment_cipher'],
  ['subject_binding', 'evidence_cipher'],
  ['batch', 'file_name_cipher'],
  ['evidence_file', 'file_name_cipher'],
  ['evidence_file', 'content_cipher'],
  ['check_run', 'payload_cipher'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of COLUMNS)
    await db.schema.alterTable(table).addColumn(column, 'text').execute();
  // only a database with rows to seal asks the runtime to seal (a new installation has none)
  let rows = 0;
  for (const table of [...new Set(COLUMNS.map(([t]) => t)), 'login_failure']) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    rows += Number(r.rows[0]?.n ?? 0);
  }
  if (rows === 0) return;
  const at = new Date().toISOString();
  await sql`insert into app_meta (key, value, updated_at) values ('at_rest_seal_pending', ${at}, ${at})`.execute(
    db,
  );
}

/** Reverting is refused once anything is sealed: the clear columns no longer hold the values, and no key is here. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of COLUMNS) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}
      where ${sql.ref(column)} is not null`.execute(db);
    if (Number(r.rows[0]?.n ?? 0) > 0)
      throw new Error(`${table}.${column} holds ciphertext: decrypt it before reverting 0015-sealed-at-rest`);
  }
  for (const [table, column] of [...COLUMNS].reverse())
    await db.schema.alterTable(table).dropColumn(column).execute();
  await sql`delete from app_meta where key = 'at_rest_seal_pending'`.execute(db);
}
