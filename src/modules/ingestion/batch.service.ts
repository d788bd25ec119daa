import type { Actor } from '../../platform/actor.js';
import { type FieldProtector, openSealed } from '../../platform/crypto/field-protector.js';
import { csvCell } from '../../platform/csv-cell.js';
import type { Db } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { actorNames } from '../access/actor-names.js';
import { authorize } from '../access/policy.js';
import { getProvider, getProviderById } from '../providers/provider.service.js';
import {
  type BatchRow,
  countIssuesByCode,
  findBatch,
  findIssues,
  type IssueRow,
  listBatches,
} from './batch.repository.js';
import type { BatchViewStatus } from './batch.table.js';
import { reconcileInterruptedBatches } from './reconcile-batches.js';

export { firstCollectedAt } from './batch.repository.js';

export interface BatchView {
  id: number;
  provider: { code: string; name: string };
  item: string;
  itemVersion: number;
  source: BatchRow['source'];
  fileName: string | null;
  fileDigest: string | null;
  encoding: string | null;
  profile: string | null;
  /** `queued` (排队中): waiting for an ingest slot. */
  status: BatchViewStatus;
  counts: {
    read: number;
    inserted: number;
    updated: number;
    unchanged: number;
    rejected: number;
    warned: number;
  };
  lastRow: number;
  message: string | null;
  /** Actor label (`user:12`, `client:3`, `system:cli`). */
  createdBy: string;
  /** Who submitted it, by name. */
  createdByName: string;
  startedAt: string;
  finishedAt: string | null;
  issueSummary: { code: string; severity: string; count: number }[];
}

async function toView(
  db: Db,
  protector: FieldProtector,
  b: BatchRow,
  withSummary: boolean,
  names: ReadonlyMap<string, string>,
): Promise<BatchView> {
  const provider = await getProviderById(db, b.provider_id);
  return {
    id: b.id,
    provider: { code: provider.code, name: provider.name },
    item: b.item_code,
    itemVersion: b.item_version,
    source: b.source,
    fileName: openSealed(protector, b.file_name_cipher, b.file_name),
    fileDigest: b.file_digest,
    encoding: b.encoding,
    profile: b.profile,
    status: b.status === 'applying' && b.queued_at !== null ? 'queued' : b.status,
    counts: {
      read: b.read_rows,
      inserted: b.inserted,
      updated: b.updated,
      unchanged: b.unchanged,
      rejected: b.rejected,
      warned: b.warned,
    },
    lastRow: b.last_row,
    message: b.message,
    createdBy: b.created_by,
    createdByName: names.get(b.created_by) ?? b.created_by,
    startedAt: b.started_at,
    finishedAt: b.finished_at,
    issueSummary: withSummary ? await countIssuesByCode(db, b.id) : [],
  };
}

/**
 * One batch with counts and a summary of its issues by code. Interrupted batches are detected first, so the
 * status is true even when the process that applied it died.
 * @throws AppError not_found; forbidden for another provider's batch.
 */
export async function getBatchView(
  db: Db,
  protector: FieldProtector,
  actor: Actor,
  id: number,
  now: Date,
): Promise<BatchView> {
  await reconcileInterruptedBatches(db, now);
  const b = await findBatch(db, id);
  if (b === undefined) throw notFound(`批次 ${id}`);
  authorize(actor, 'batch.read', { providerId: b.provider_id });
  return toView(db, protector, b, true, await actorNames(db, [b.created_by]));
}

/** Batches visible to the actor: its own provider's, or all (optionally one provider's) for the credit centre. */
export async function listBatchViews(
  db: Db,
  protector: FieldProtector,
  actor: Actor,
  filter: { provider?: string; limit: number; offset: number },
  now: Date,
): Promise<BatchView[]> {
  await reconcileInterruptedBatches(db, now);
  let providerId: number | undefined;
  if (filter.provider !== undefined) providerId = (await getProvider(db, filter.provider)).id;
  else if (actor.kind === 'user' || actor.kind === 'client') providerId = actor.scope.providerId;
  authorize(actor, 'batch.read', providerId === undefined ? {} : { providerId });
  const rows = await listBatches(db, {
    ...(providerId === undefined ? {} : { providerId }),
    limit: filter.limit,
    offset: filter.offset,
  });
  const names = await actorNames(
    db,
    rows.map((b) => b.created_by),
  );
  return Promise.all(rows.map((b) => toView(db, protector, b, false, names)));
}

/** The row issues of a batch (filterable), for the report table and the CSV download. */
export async function batchIssues(
  db: Db,
  actor: Actor,
  id: number,
  filter: { severity?: 'error' | 'warning'; code?: string; limit?: number; offset?: number },
): Promise<IssueRow[]> {
  const b = await findBatch(db, id);
  if (b === undefined) throw notFound(`批次 ${id}`);
  authorize(actor, 'batch.read', { providerId: b.provider_id });
  return findIssues(db, id, filter);
}

const ISSUE_CSV_HEADER = ['行号', '字段', '级别', '代码', '说明', '原始值'];

/** A batch's issues as CSV for Excel/WPS: UTF-8 with BOM, CRLF, one row per issue, cells defused (csvCell). */
export function issuesToCsv(rows: readonly IssueRow[]): string {
  const lines = [ISSUE_CSV_HEADER.join(',')];
  for (const r of rows)
    lines.push(
      [
        String(r.row),
        r.field ?? '',
        r.severity === 'error' ? '错误' : '警告',
        r.code,
        r.message,
        r.raw_value ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
