import type { Insertable, Selectable } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/database.js';
import type { ReportTable } from './report.table.js';

export type ReportRow = Selectable<ReportTable>;

/** Every column but the PDF bytes (lists and verification by code do not need them). */
const META = [
  'id',
  'report_no',
  'subject_id',
  'kind',
  'view',
  'params',
  'series_key',
  'issue_date',
  'issued_at',
  'valid_until',
  'issued_by',
  'organization',
  'content',
  'content_digest',
  'data_digest',
  'signature',
  'key_id',
  'verification_code',
  'pdf_sm3',
  'pdf_size',
] as const;

export type ReportMetaRow = Omit<ReportRow, 'pdf'>;
/** A row without content and PDF (lists). */
export type ReportListRow = Omit<ReportRow, 'pdf' | 'content'>;

export async function findReportByNo(db: Queryable, reportNo: string): Promise<ReportMetaRow | undefined> {
  return db.selectFrom('report').select(META).where('report_no', '=', reportNo).executeTakeFirst();
}

export async function findReportPdf(db: Queryable, reportNo: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('report')
    .select('pdf')
    .where('report_no', '=', reportNo)
    .executeTakeFirst();
  return row === undefined ? undefined : Buffer.from(row.pdf);
}

/** The report of a series issued on a date, if any (one per series and day). */
export async function findSeriesReport(
  db: Queryable,
  seriesKey: string,
  issueDate: string,
): Promise<ReportMetaRow | undefined> {
  return db
    .selectFrom('report')
    .select(META)
    .where('series_key', '=', seriesKey)
    .where('issue_date', '=', issueDate)
    .executeTakeFirst();
}

/** The newest report of a series issued after `issuedAt` whose information differs, if any (supersession). */
export async function findSupersedingReport(
  db: Queryable,
  row: Pick<ReportRow, 'series_key' | 'issued_at' | 'data_digest'>,
): Promise<{ report_no: string; issue_date: string } | undefined> {
  return db
    .selectFrom('report')
    .select(['report_no', 'issue_date'])
    .where('series_key', '=', row.series_key)
    .where('issued_at', '>', row.issued_at)
    .where('data_digest', '!=', row.data_digest)
    .orderBy('issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Inserts a report unless its series already has one that day; returns whether the row was written. */
export async function insertReport(tx: Tx, row: Insertable<ReportTable>): Promise<boolean> {
  const inserted = await tx
    .insertInto('report')
    .values(row)
    .onConflict((oc) => oc.columns(['series_key', 'issue_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function listReportRows(
  db: Queryable,
  filter: { subjectId?: number; limit: number; offset: number },
): Promise<ReportListRow[]> {
  let q = db.selectFrom('report').select(META.filter((c) => c !== 'content'));
  if (filter.subjectId !== undefined) q = q.where('subject_id', '=', filter.subjectId);
  return q
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}
