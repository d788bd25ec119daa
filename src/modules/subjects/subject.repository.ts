import { bulkInsert } from '../../platform/db/bulk-insert.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { nameGrams } from './name-grams.js';
import type { SubjectKind } from './subject.table.js';
import { recordSubjectTallyChange } from './subject-tally.js';

export interface SubjectRow {
  readonly id: number;
  readonly kind: SubjectKind;
  readonly uscc: string | null;
  readonly name: string;
  readonly name_norm: string;
  readonly org_code: string | null;
  readonly reg_no: string | null;
  readonly ric_digest: string | null;
  readonly region_code: string | null;
  readonly reg_status: string | null;
}

const COLUMNS = [
  'id',
  'kind',
  'uscc',
  'name',
  'name_norm',
  'org_code',
  'reg_no',
  'ric_digest',
  'region_code',
  'reg_status',
] as const;

/** Chunked `IN` lookups keep every statement under SQLite's parameter limit. */
const IN_CHUNK = 500;

async function findIn(
  db: Queryable,
  column: 'uscc' | 'reg_no' | 'org_code' | 'ric_digest' | 'name_norm',
  values: readonly string[],
): Promise<SubjectRow[]> {
  const unique = [...new Set(values)];
  const out: SubjectRow[] = [];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    out.push(
      ...(await db
        .selectFrom('subject')
        .select(COLUMNS)
        .where(column, 'in', unique.slice(i, i + IN_CHUNK))
        .execute()),
    );
  }
  return out;
}

export const findSubjectsByUscc = (db: Queryable, v: readonly string[]) => findIn(db, 'uscc', v);
export const findSubjectsByRegNo = (db: Queryable, v: readonly string[]) => findIn(db, 'reg_no', v);
export const findSubjectsByOrgCode = (db: Queryable, v: readonly string[]) => findIn(db, 'org_code', v);
export const findSubjectsByRicDigest = (db: Queryable, v: readonly string[]) => findIn(db, 'ric_digest', v);
export const findSubjectsByNameNorm = (db: Queryable, v: readonly string[]) => findIn(db, 'name_norm', v);

export async function findSubjectById(
  db: Queryable,
  id: number,
): Promise<(SubjectRow & { ric_cipher: string | null }) | undefined> {
  return db
    .selectFrom('subject')
    .select([...COLUMNS, 'ric_cipher'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findSubjectByUscc(
  db: Queryable,
  uscc: string,
): Promise<(SubjectRow & { ric_cipher: string | null }) | undefined> {
  return db
    .selectFrom('subject')
    .select([...COLUMNS, 'ric_cipher'])
    .where('uscc', '=', uscc)
    .executeTakeFirst();
}

const NEW_SUBJECT_COLUMNS = [
  'kind',
  'uscc',
  'name',
  'name_norm',
  'name_cipher',
  'org_code',
  'reg_no',
  'ric_digest',
  'ric_cipher',
  'region_code',
  'reg_status',
] as const;

export interface NewSubject {
  readonly kind: SubjectKind;
  readonly uscc: string | null;
  readonly name: string;
  readonly name_norm: string;
  readonly name_cipher: string | null;
  readonly org_code: string | null;
  readonly reg_no: string | null;
  readonly ric_digest: string | null;
  readonly ric_cipher: string | null;
  readonly region_code: string | null;
  readonly reg_status: string | null;
}

/**
 * Inserts subjects and returns the stored rows. Callers match rows to inputs by identity (uscc, ric digest or
 * normalised name), never by position: SQLite does not promise RETURNING order. With `skipExisting`, a subject
 * whose USCC or id digest is already stored (by a concurrent transaction) is skipped and not returned.
 */
export async function insertSubjects(
  tx: Tx,
  subjects: readonly NewSubject[],
  at: string,
  options: { readonly skipExisting?: boolean } = {},
): Promise<SubjectRow[]> {
  const rows = await bulkInsert<NewSubject & { created_at: string; updated_at: string }, SubjectRow>(
    tx,
    'subject',
    [...NEW_SUBJECT_COLUMNS, 'created_at', 'updated_at'],
    subjects.map((s) => ({ ...s, created_at: at, updated_at: at })),
    COLUMNS,
    { onConflictDoNothing: options.skipExisting === true },
  );
  const byKind = new Map<SubjectKind, number>();
  for (const r of rows) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
  await recordSubjectTallyChange(tx, byKind);
  await bulkInsert(
    tx,
    'subject_name_gram',
    ['gram', 'subject_id'],
    rows
      .filter((r) => r.kind !== 'natural_person')
      .flatMap((r) => nameGrams(r.name_norm).map((gram) => ({ gram, subject_id: r.id }))),
  );
  return rows;
}

/** Replaces a subject's name bigrams after a rename. */
export async function replaceNameGrams(tx: Tx, subjectId: number, nameNorm: string): Promise<void> {
  await tx.deleteFrom('subject_name_gram').where('subject_id', '=', subjectId).execute();
  await bulkInsert(
    tx,
    'subject_name_gram',
    ['gram', 'subject_id'],
    nameGrams(nameNorm).map((gram) => ({ gram, subject_id: subjectId })),
  );
}

export async function updateSubject(
  tx: Tx,
  id: number,
  changes: Partial<
    Pick<
      NewSubject,
      'name' | 'name_norm' | 'org_code' | 'reg_no' | 'region_code' | 'reg_status' | 'kind' | 'uscc'
    >
  >,
  at: string,
): Promise<void> {
  if (changes.kind !== undefined) {
    const before = await tx.selectFrom('subject').select('kind').where('id', '=', id).executeTakeFirst();
    if (before !== undefined && before.kind !== changes.kind)
      await recordSubjectTallyChange(
        tx,
        new Map([
          [before.kind, -1],
          [changes.kind, 1],
        ]),
      );
  }
  await tx
    .updateTable('subject')
    .set({ ...changes, updated_at: at })
    .where('id', '=', id)
    .execute();
  if (changes.name_norm !== undefined) await replaceNameGrams(tx, id, changes.name_norm);
}
