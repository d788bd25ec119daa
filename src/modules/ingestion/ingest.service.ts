import os from 'node:os';
import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { rollbackAfter } from '../../platform/db/rollback-after.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError, type IssueDetail } from '../../platform/errors.js';
import { shanghaiDate } from '../../standards/calendar-date.js';
import type { WorkingDayCalendar } from '../../standards/working-days.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getCurrentItem } from '../catalog/catalog.service.js';
import { authorityCodeField, compileRowValidator } from '../catalog/values/validate-row.js';
import { getProvider, getProviderById } from '../providers/provider.service.js';
import { DEFAULT_PUBLICITY_CONFIG, type PublicityConfig } from '../publicity/publicity.config.js';
import { type AppliedChunk, applyChunk, type ChunkContext } from './apply-chunk.js';
import {
  addBatchProgress,
  type BatchCounts,
  finishBatch,
  insertBatch,
  insertIssues,
  startQueuedBatch,
  touchBatch,
} from './batch.repository.js';
import type { BatchStatus } from './batch.table.js';
import { deadlineFinder, roleIndex, sortFields } from './build-draft.js';
import type { IngestQueue, ReleaseSlot } from './ingest-queue.js';
import { failureCode, failureMessage, headerWarnings, maskRaw } from './issue-messages.js';
import { headerLookup, isRepeatedHeader, mapHeaders } from './map-headers.js';
import type { MappingProfile } from './mapping-profile.js';
import { type FileFormat, inspectSubmittedFile, type SubmittedFile } from './open-source.js';
import { getProfile } from './profile.service.js';
import { reconcileInterruptedBatches } from './reconcile-batches.js';
import type { CellContext } from './row-cells.js';
import { cellText } from './sources/header-row.js';
import { openJsonRows } from './sources/read-json.js';
import type { SourceRow, TabularSource } from './sources/tabular-source.js';
import { validateChunk } from './validate-chunk.js';

export interface IngestDeps {
  readonly db: Db;
  readonly protector: FieldProtector;
  readonly calendar: WorkingDayCalendar;
  readonly clock: Clock;
  readonly publicityConfig?: PublicityConfig;
  /** Ceiling for fine and confiscation amounts in 万元 (default DEFAULT_MAX_AMOUNT_WAN in validate-row). */
  readonly maxAmountWan?: string;
  /** Slots for file ingests; without one, files are read at once (a single CLI run). */
  readonly ingestQueue?: IngestQueue;
}

export type IngestSource =
  | { readonly kind: 'file'; readonly path: string; readonly fileName: string; readonly format?: FileFormat }
  | { readonly kind: 'rows'; readonly rows: readonly unknown[] };

export interface IngestRequest {
  readonly actor: Actor;
  readonly item: string;
  readonly provider?: string;
  readonly profile?: string;
  readonly source: IngestSource;
  readonly origin: 'file' | 'api' | 'form' | 'sample';
  /** Validate and report what would change, without applying anything. */
  readonly dryRun?: boolean;
  /** Rows per transaction (default 1000). */
  readonly chunkSize?: number;
  readonly onProgress?: (progress: BatchCounts) => void;
  /**
   * Called once the batch row exists (before any row is read), e.g. to answer an upload with 202 and the id;
   * `queued` when the file waits for an ingest slot.
   */
  readonly onBatchCreated?: (batchId: number, queued: boolean) => void;
}

export interface IngestSummary extends BatchCounts {
  /** Milliseconds per stage of a finished batch. */
  readonly timings?: Readonly<Record<string, number>>;
  readonly batchId: number;
  readonly status: BatchStatus;
  readonly encoding: string | null;
  readonly message: string | null;
  readonly unknownColumns: readonly string[];
  readonly missingColumns: readonly string[];
}

/**
 * The collection pipeline (归集): open the file or pushed rows, map headers, then per chunk validate, resolve
 * subjects, compute publicity windows and apply records in one transaction together with the batch counters,
 * row issues and an audit event — so a crash leaves whole chunks only and `last_row` says how far it got.
 * Every row read ends as exactly one of inserted / updated / unchanged / rejected; warnings are counted on top.
 * A file missing required columns fails before any row is applied, naming every missing column.
 *
 * Files that are odd rather than wrong (docs/adr/0017-department-files.md):
 * - a file that cannot be read at all (zip bomb, broken XLSX, binary) ends as a `failed` batch with one
 *   `unreadable_file` issue and a Chinese message — never an exception to the caller (so never a 500);
 * - an empty file fails once with `empty_file`; a header-only file completes with `no_data_rows`;
 * - a row repeating the header is skipped with one `repeated_header` warning and is not counted as read;
 * - a field given by two columns: a row where both are filled and differ is rejected
 *   (`duplicate_column_conflict`, naming both columns); where only one is filled, its value is used;
 * - a mapped cell with undecodable bytes (U+FFFD) is rejected (`invalid_character`), never stored as mojibake;
 * - the reader's file-level notices (title rows skipped, other sheets not read, merged cells filled) become
 *   warnings on row 0 and are repeated in the batch message.
 */
export async function ingest(deps: IngestDeps, req: IngestRequest): Promise<IngestSummary> {
  let release: ReleaseSlot | undefined;
  try {
    return await ingestBatch(deps, req, (r) => {
      release = r;
    });
  } finally {
    release?.();
  }
}

/** How often a batch waiting for a slot shows it is alive (another instance marks silent batches interrupted). */
const QUEUED_HEARTBEAT_MS = 60_000;

/** {@link ingest}, handing the ingest slot it holds (if any) to `hold` so the caller frees it however it ends. */
async function ingestBatch(
  deps: IngestDeps,
  req: IngestRequest,
  hold: (release: ReleaseSlot) => void,
): Promise<IngestSummary> {
  const { db, clock } = deps;
  const startedAt = clock();
  await reconcileInterruptedBatches(db, startedAt);
  const item = await getCurrentItem(db, req.item);
  const profile: MappingProfile | undefined =
    req.profile === undefined ? undefined : await getProfile(db, req.profile);
  if (profile !== undefined && profile.item !== item.code) {
    throw new AppError(
      'bad_request',
      `表头映射方案 ${profile.name} 对应信息项 ${profile.item}，不是 ${item.code}`,
    );
  }
  const ownProviderId =
    req.actor.kind === 'user' || req.actor.kind === 'client' ? req.actor.scope.providerId : undefined;
  const providerCode = req.provider ?? profile?.provider ?? undefined;
  if (providerCode === undefined && ownProviderId === undefined)
    throw new AppError('bad_request', '请指定信息提供单位，或指定一个注明了信息提供单位的表头映射方案');
  const provider =
    providerCode === undefined
      ? await getProviderById(db, ownProviderId as number)
      : await getProvider(db, providerCode);
  authorize(req.actor, 'batch.submit', { providerId: provider.id });
  // a profile belongs to its provider: a provider's own people use its profiles and the shared ones only
  if (ownProviderId !== undefined && profile?.provider != null && profile.provider !== provider.code)
    throw new AppError('forbidden', `表头映射方案 ${profile.name} 属于其他信息提供单位，本单位不能使用`);
  if (provider.status !== 'active')
    throw new AppError('forbidden', `信息提供单位 ${provider.name}（${provider.code}）已暂停报送`);
  if (!provider.items.includes(item.code)) {
    throw new AppError(
      'forbidden',
      `信息提供单位 ${provider.name}（${provider.code}）无权报送 ${item.spec.name}（${item.code}）；可报送：${provider.items.join('、') || '无'}`,
    );
  }

  let submitted: SubmittedFile | undefined;
  let fileName: string | null = null;
  if (req.source.kind === 'file') {
    submitted = await inspectSubmittedFile(req.source.path, req.source.fileName, req.source.format);
    fileName = req.source.fileName;
  }
  const lookup = headerLookup(item.spec, profile);
  const scoreHeader = (cells: readonly string[]) => {
    const m = mapHeaders(cells, item.spec, profile);
    return { matched: m.columns.length, complete: m.columns.length > 0 && m.missingRequired.length === 0 };
  };

  const actor = actorLabel(req.actor);
  const dryRun = req.dryRun === true;
  const encoding = submitted === undefined ? 'utf-8' : submitted.encoding;
  // files take a slot (per instance, per provider) before they are read; a file without one waits as queued
  const queue = submitted === undefined ? undefined : deps.ingestQueue;
  const slot = queue?.tryAcquire(provider.id);
  if (slot !== undefined) hold(slot);
  const queued = queue !== undefined && slot === undefined;
  const batchId = await inTransaction(db, (tx) =>
    insertBatch(
      tx,
      {
        provider_id: provider.id,
        item_code: item.code,
        item_version: item.version,
        source: req.origin,
        // the uploaded file's name may carry a person's name: sealed (migration 0015)
        file_name: null,
        file_name_cipher: fileName === null ? null : deps.protector.encrypt(fileName),
        file_digest: submitted?.digest ?? null,
        encoding,
        profile: profile?.name ?? null,
        // a queued dry run is `applying` while it waits, so a crash marks it interrupted like the others
        status: dryRun && !queued ? 'dry_run' : 'applying',
        created_by: actor,
        owner: `${os.hostname()}:${process.pid}`,
        queued_at: queued ? startedAt.toISOString() : null,
      },
      startedAt.toISOString(),
    ),
  );

  req.onBatchCreated?.(batchId, queued);
  if (queue !== undefined && queued) {
    const heartbeat = setInterval(() => {
      touchBatch(db, batchId, clock().toISOString()).catch(() => {});
    }, QUEUED_HEARTBEAT_MS);
    heartbeat.unref();
    try {
      hold(await queue.acquire(provider.id));
    } finally {
      clearInterval(heartbeat);
    }
  }
  const zero: BatchCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warned: 0 };
  // a batch marked interrupted while it waited (start-up clean-up, another instance's reconciliation) stays so:
  // its file is not read into it
  if (
    queued &&
    !(await startQueuedBatch(db, batchId, dryRun ? 'dry_run' : 'applying', clock().toISOString()))
  ) {
    const message = '排队期间该批次已被标记为中断，文件未读取；请重新报送';
    return {
      batchId,
      encoding,
      unknownColumns: [],
      missingColumns: [],
      status: 'interrupted',
      message,
      ...zero,
    };
  }
  /** Ends the batch as failed before any row was applied, with its file-level issues. */
  const failEarly = async (
    message: string,
    issues: readonly (IssueDetail & { severity: 'error' | 'warning' })[],
    extra: { unknownColumns?: readonly string[]; missingColumns?: readonly string[] } = {},
  ): Promise<IngestSummary> => {
    await inTransaction(db, async (tx) => {
      await insertIssues(tx, batchId, issues);
      await finishBatch(tx, batchId, 'failed', message, clock().toISOString());
      await appendAudit(
        tx,
        [{ actor, action: 'batch.failed', entityType: 'batch', entityId: batchId, payload: { message } }],
        clock(),
      );
    });
    return {
      batchId,
      encoding,
      unknownColumns: extra.unknownColumns ?? [],
      missingColumns: extra.missingColumns ?? [],
      status: 'failed',
      message,
      ...zero,
    };
  };

  let source: TabularSource;
  try {
    source =
      submitted === undefined
        ? openJsonRows(req.source.kind === 'rows' ? req.source.rows : [])
        : await submitted.open({ scoreHeader });
  } catch (error) {
    // a file that cannot be read at all is the batch's failure, never a crash or a 500
    const message = failureMessage(error);
    const summary = await failEarly(message, [
      { row: 0, severity: 'error', code: 'unreadable_file', message },
    ]);
    if (error instanceof AppError) throw error;
    return summary;
  }
  const noticeIssues = () =>
    source.notices.map((n) => ({
      row: n.row ?? 0,
      severity: 'warning' as const,
      code: n.code,
      message: n.message,
    }));
  if (submitted !== undefined && source.headers.every((h) => h.trim() === '')) {
    const message = '文件为空：没有找到表头，也没有数据行';
    return failEarly(message, [
      { row: 0, severity: 'error', code: 'empty_file', message },
      ...noticeIssues(),
    ]);
  }

  const mapping = mapHeaders(source.headers, item.spec, profile);
  const headerIssues = headerWarnings(mapping, source.headerRow, item.spec.fields);
  const summaryBase = {
    batchId,
    encoding: source.encoding,
    unknownColumns: mapping.unknown,
    missingColumns: mapping.missingRequired.map((f) => `${f.label}(${f.code})`),
  };
  if (mapping.missingRequired.length > 0) {
    const message = `缺少必填列：${summaryBase.missingColumns.join('、')}`;
    return failEarly(
      message,
      [
        ...mapping.missingRequired.map((f) => ({
          row: source.headerRow,
          field: f.code,
          severity: 'error' as const,
          code: 'missing_column',
          message: `缺少必填列 ${f.label}(${f.code})`,
        })),
        ...headerIssues,
        ...noticeIssues(),
      ],
      summaryBase,
    );
  }
  if (headerIssues.length > 0) await insertIssues(db, batchId, headerIssues);

  const today = shanghaiDate(startedAt);
  const validate = compileRowValidator(item.spec, {
    today,
    date1904: source.date1904,
    provider: { code: provider.code, name: provider.name, uscc: provider.uscc },
    ...(deps.maxAmountWan === undefined ? {} : { maxAmountWan: deps.maxAmountWan }),
  });
  const roles = roleIndex(item.spec);
  // The same decision (document number + deciding authority) reported by two providers would be published twice.
  const decisionIdentity = (() => {
    const documentField = roles.get('document_number');
    const authorityField = authorityCodeField(item.spec);
    return documentField === undefined || authorityField === undefined
      ? undefined
      : { documentField, authorityField };
  })();
  const draftCtx = {
    spec: item.spec,
    sector: provider.sector,
    receivedDate: today,
    calendar: deps.calendar,
    publicityConfig: deps.publicityConfig ?? DEFAULT_PUBLICITY_CONFIG,
    sortedFields: sortFields(item.spec),
  };
  const deadline =
    item.spec.timelinessWorkingDays === null
      ? null
      : deadlineFinder(deps.calendar, item.spec.timelinessWorkingDays);
  const fieldsByCode = new Map(item.spec.fields.map((f) => [f.code, f]));
  const totals: BatchCounts = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warned: 0 };
  const timings = {
    readMs: 0,
    validateMs: 0,
    resolveMs: 0,
    draftMs: 0,
    writeMs: 0,
    reportMs: 0,
    applyMs: 0,
    totalMs: 0,
  };
  const since = (t0: number) => performance.now() - t0;
  const chunkContext: ChunkContext = {
    item,
    provider,
    batchId,
    actor,
    protector: deps.protector,
    clock,
    roles,
    decisionIdentity,
    draft: draftCtx,
    deadline,
    fieldsByCode,
    timings,
  };

  const cellContext: CellContext = {
    mapping,
    fieldsByCode,
    format: source.format,
    encoding: source.encoding,
    mask: maskRaw,
  };
  const processChunk = async (rows: readonly SourceRow[]): Promise<void> => {
    const tValidate = performance.now();
    const { rejected, errorIssues, valid } = validateChunk(rows, { cells: cellContext, validate, item });
    timings.validateMs += since(tValidate);
    const tApply = performance.now();
    // `apply` may run twice when SQLite reports a busy database, so it only returns what it found.
    const apply = (tx: Tx) => applyChunk(tx, valid, chunkContext);
    const lastRow = rows[rows.length - 1]?.row ?? 0;
    const count = (a: AppliedChunk): BatchCounts => ({
      read: rows.length,
      inserted: a.outcomes.filter((o) => o === 'inserted').length,
      updated: a.outcomes.filter((o) => o === 'updated').length,
      unchanged: a.outcomes.filter((o) => o === 'unchanged').length,
      rejected: rejected.size + a.unresolved.length + a.duplicates.length,
      warned: a.warnedRows,
    });
    const record = async (tx: Tx, a: AppliedChunk, delta: BatchCounts) => {
      const t = performance.now();
      await insertIssues(tx, batchId, [
        ...errorIssues.map((e) => ({ ...e, severity: 'error' as const })),
        ...a.unresolved.map((e) => ({ ...e, severity: 'error' as const })),
        ...a.duplicates.map((e) => ({ ...e, severity: 'error' as const })),
        ...a.warnings.map((w) => ({ ...w, severity: 'warning' as const })),
      ]);
      await addBatchProgress(tx, batchId, delta, lastRow, clock().toISOString());
      timings.reportMs += since(t);
    };

    let delta: BatchCounts;
    if (dryRun) {
      const applied = await rollbackAfter(db, apply);
      delta = count(applied);
      await inTransaction(db, (tx) => record(tx, applied, delta));
    } else {
      delta = await inTransaction(db, async (tx) => {
        const applied = await apply(tx);
        const d = count(applied);
        await record(tx, applied, d);
        await appendAudit(
          tx,
          [
            {
              actor,
              action: 'batch.chunk_applied',
              entityType: 'batch',
              entityId: batchId,
              payload: { firstRow: rows[0]?.row ?? 0, lastRow, ...d },
            },
          ],
          clock(),
        );
        return d;
      });
    }
    timings.applyMs += since(tApply);
    for (const k of Object.keys(totals) as (keyof BatchCounts)[]) totals[k] += delta[k];
    req.onProgress?.({ ...totals });
  };

  const chunkSize = req.chunkSize ?? 1000;
  const tStart = performance.now();
  const repeatedHeaders: number[] = [];
  /** File-level warnings, written when the batch ends: the reader's notices and skipped repeated header rows. */
  const fileIssues = () => [
    ...noticeIssues(),
    ...repeatedHeaders.map((row) => ({
      row,
      severity: 'warning' as const,
      code: 'repeated_header',
      message: `第 ${row} 行与表头相同（重复的表头行，可能是几个文件拼接而成），已跳过`,
    })),
  ];
  try {
    let chunk: SourceRow[] = [];
    let tRead = performance.now();
    for await (const r of source.rows()) {
      if (
        source.headerRow > 0 &&
        r.problem === undefined &&
        isRepeatedHeader(r.cells.map(cellText), mapping, lookup)
      ) {
        repeatedHeaders.push(r.row);
        continue;
      }
      chunk.push(r);
      if (chunk.length >= chunkSize) {
        timings.readMs += since(tRead);
        await processChunk(chunk);
        chunk = [];
        tRead = performance.now();
      }
    }
    timings.readMs += since(tRead);
    if (chunk.length > 0) await processChunk(chunk);
  } catch (error) {
    const message = failureMessage(error);
    await inTransaction(db, async (tx) => {
      await insertIssues(tx, batchId, [
        { row: 0, severity: 'error', code: failureCode(error), message },
        ...fileIssues(),
      ]);
      await finishBatch(tx, batchId, 'failed', message, clock().toISOString());
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'batch.failed',
            entityType: 'batch',
            entityId: batchId,
            payload: { message, ...totals },
          },
        ],
        clock(),
      );
    });
    if (error instanceof AppError) throw error;
    return { ...summaryBase, status: 'failed', message, ...totals };
  }

  const status: BatchStatus = dryRun ? 'dry_run' : 'completed';
  timings.totalMs = since(tStart);
  const rounded = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)]));
  const endIssues = fileIssues();
  if (totals.read === 0 && submitted !== undefined)
    endIssues.unshift({
      row: 0,
      severity: 'warning',
      code: 'no_data_rows',
      message: '文件只有表头，没有数据行',
    });
  // The batch message repeats the file-level warnings so a reader of the summary (CLI, batch list) sees them.
  const endMessage = endIssues.length === 0 ? null : endIssues.map((i) => i.message).join('；');
  await inTransaction(db, async (tx) => {
    if (endIssues.length > 0) await insertIssues(tx, batchId, endIssues);
    await finishBatch(tx, batchId, status, endMessage, clock().toISOString(), rounded);
    if (!dryRun) {
      await appendAudit(
        tx,
        [
          {
            actor,
            action: 'batch.completed',
            entityType: 'batch',
            entityId: batchId,
            payload: {
              item: item.code,
              provider: provider.code,
              digest: submitted?.digest ?? null,
              ...totals,
            },
          },
        ],
        clock(),
      );
    }
  });
  return { ...summaryBase, status, message: endMessage, ...totals, timings: rounded };
}
