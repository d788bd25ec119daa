import type { Queryable, Tx } from '../../platform/db/database.js';
import type { SubjectKind } from './subject.table.js';

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

export async function findSubjectById(db: Queryable, id: number): Promise<SubjectRow | undefined> {
  return db.selectFrom('subject').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

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
 * normalised name), never by position: SQLite does not promise RETURNING order.
 */
export async function insertSubjects(
  tx: Tx,
  subjects: readonly NewSubject[],
  at: string,
): Promise<SubjectRow[]> {
  const out: SubjectRow[] = [];
  for (let i = 0; i < subjects.length; i += 200) {
    out.push(
      ...(await tx
        .insertInto('subject')
        .values(subjects.slice(i, i + 200).map((s) => ({ ...s, created_at: at, updated_at: at })))
        .returning(COLUMNS)
        .execute()),
    );
  }
  return out;
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
  await tx
    .updateTable('subject')
    .set({ ...changes, updated_at: at })
    .where('id', '=', id)
    .execute();
}
