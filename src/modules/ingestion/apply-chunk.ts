import type { Clock } from '../../platform/clock.js';
import type { FieldProtector } from '../../platform/crypto/field-protector.js';
import type { Tx } from '../../platform/db/database.js';
import type { IssueDetail } from '../../platform/errors.js';
import type { CatalogItemVersion } from '../catalog/catalog.service.js';
import type { FieldRole, FieldSpec } from '../catalog/catalog.types.js';
import type { ValidatedRow } from '../catalog/values/validate-row.js';
import type { Provider } from '../providers/provider.repository.js';
import { getProviderById } from '../providers/provider.service.js';
import { type ApplyOutcome, applyRecordDrafts, type RecordDraft } from '../records/apply-records.service.js';
import { type HeldRecord, heldRecordsAbout } from '../records/record.service.js';
import {
  resolveSubjects,
  type SubjectCandidate,
  unresolvedIssue,
} from '../subjects/resolve-subjects.service.js';
import { buildDraft, type DraftContext } from './build-draft.js';
import { candidateOf } from './candidate-of.js';
import { heldElsewhere } from './held-elsewhere.js';
import { safeMessage } from './issue-messages.js';

/** What stays the same for every chunk of a batch. */
export interface ChunkContext {
  readonly item: CatalogItemVersion;
  readonly provider: Provider;
  readonly batchId: number;
  /** Actor label recorded on the records. */
  readonly actor: string;
  readonly protector: FieldProtector;
  readonly clock: Clock;
  readonly roles: ReadonlyMap<FieldRole, string>;
  /** Fields naming a decision (document number, deciding authority code), for the cross-provider duplicate check. */
  readonly decisionIdentity: { readonly documentField: string; readonly authorityField: string } | undefined;
  readonly draft: DraftContext;
  readonly deadline: ((decision: string) => string | null) | null;
  readonly fieldsByCode: ReadonlyMap<string, FieldSpec>;
  /** Stage timings of the batch, in ms, added to here. */
  readonly timings: { resolveMs: number; draftMs: number; writeMs: number };
}

/** What applying a chunk's valid rows found: an outcome per applied draft, and the rows' issues. */
export interface AppliedChunk {
  readonly outcomes: ApplyOutcome[];
  readonly warnedRows: number;
  readonly unresolved: IssueDetail[];
  readonly duplicates: (IssueDetail & { raw: string | null })[];
  readonly warnings: IssueDetail[];
}

function fieldLabel(ctx: ChunkContext, code: string): string {
  return ctx.fieldsByCode.get(code)?.label ?? code;
}

/**
 * Applies a chunk's validated rows inside `tx` (records.apply in the main flow): resolves their subjects, refuses
 * a decision another provider already reported (`duplicate_from_other_provider`), builds the record drafts with
 * their publicity windows, and upserts them. Returns only what it found, so the caller can run it again when
 * SQLite reports a busy database.
 */
export async function applyChunk(
  tx: Tx,
  valid: readonly { readonly row: number; readonly v: ValidatedRow }[],
  ctx: ChunkContext,
): Promise<AppliedChunk> {
  let t = performance.now();
  const candidates: SubjectCandidate[] = valid.map(({ row, v }) =>
    candidateOf(row, v, ctx.roles, ctx.item.code === 'REGISTRATION'),
  );
  const resolutions = await resolveSubjects(tx, candidates, ctx.protector, ctx.clock());
  const held = new Map<number, HeldRecord[]>();
  const providerLabels = new Map<number, string>();
  if (ctx.decisionIdentity !== undefined) {
    // subjects created by this chunk hold no records yet
    const subjectIds = resolutions.flatMap((res) =>
      res?.ok === true && !res.created ? [res.subjectId] : [],
    );
    // Other providers' records first: usually there are none, and then nothing else is read. Where there
    // are, this provider's own chains about the same subjects are read too (a chain already held is no
    // duplicate: it is corrected).
    const others = await heldRecordsAbout(tx, ctx.item.code, subjectIds, { except: ctx.provider.id });
    const own =
      others.length === 0
        ? []
        : await heldRecordsAbout(tx, ctx.item.code, [...new Set(others.map((h) => h.subjectId))], {
            only: ctx.provider.id,
          });
    for (const h of [...others, ...own]) {
      const list = held.get(h.subjectId);
      if (list === undefined) held.set(h.subjectId, [h]);
      else list.push(h);
      if (h.providerId !== ctx.provider.id && !providerLabels.has(h.providerId)) {
        const other = await getProviderById(tx, h.providerId);
        providerLabels.set(h.providerId, `${other.name}（${other.code}）`);
      }
    }
  }
  ctx.timings.resolveMs += performance.now() - t;
  t = performance.now();
  const drafts: RecordDraft[] = [];
  const unresolved: IssueDetail[] = [];
  const duplicates: (IssueDetail & { raw: string | null })[] = [];
  const warnings: IssueDetail[] = [];
  const warnedRowSet = new Set<number>();
  let warnedRows = 0;
  valid.forEach(({ row, v }, i) => {
    const res = resolutions[i];
    if (res === undefined || !res.ok) {
      unresolved.push(res?.ok === false ? res.error : unresolvedIssue(row));
      return;
    }
    const built = buildDraft(row, v, res.subjectId, ctx.draft, ctx.roles, ctx.deadline);
    if (ctx.decisionIdentity !== undefined) {
      const other = heldElsewhere(
        v,
        built.draft.businessKey,
        held.get(res.subjectId) ?? [],
        ctx.provider.id,
        ctx.decisionIdentity,
      );
      if (other !== undefined) {
        const { documentField, authorityField } = ctx.decisionIdentity;
        const document = v.values[documentField];
        duplicates.push({
          row,
          field: documentField,
          code: 'duplicate_from_other_provider',
          message: `同一决定已由信息提供单位 ${providerLabels.get(other.providerId) ?? other.providerId}报送（${fieldLabel(ctx, documentField)} ${String(document)}、${fieldLabel(ctx, authorityField)} ${String(v.values[authorityField])} 相同）：同一决定只公示一次，本行不予接收；如确应由本单位报送，请先由对方撤销其记录`,
          raw: typeof document === 'string' ? document : null,
        });
        return;
      }
    }
    drafts.push(built.draft);
    const ws = [
      ...v.warnings.map((w) => ({
        ...w,
        message: safeMessage(w, w.field === undefined ? undefined : ctx.fieldsByCode.get(w.field)),
      })),
      ...res.warnings,
      ...built.warnings,
    ];
    if (ws.length > 0) {
      warnedRows++;
      warnedRowSet.add(row);
    }
    warnings.push(...ws);
  });
  ctx.timings.draftMs += performance.now() - t;
  t = performance.now();
  const outcomes = await applyRecordDrafts(tx, drafts, {
    itemId: ctx.item.id,
    itemCode: ctx.item.code,
    polarity: ctx.item.spec.polarity,
    disclosure: ctx.item.spec.disclosure,
    providerId: ctx.provider.id,
    batchId: ctx.batchId,
    at: ctx.clock(),
    actor: ctx.actor,
    protector: ctx.protector,
  });
  ctx.timings.writeMs += performance.now() - t;
  const rowsWithNotes = new Set<number>();
  outcomes.forEach((o, i) => {
    const draft = drafts[i];
    if (o.note === undefined || draft === undefined) return;
    warnings.push({ row: draft.row, ...o.note });
    if (!warnedRowSet.has(draft.row)) rowsWithNotes.add(draft.row);
  });
  warnedRows += rowsWithNotes.size;
  return { outcomes: outcomes.map((o) => o.outcome), warnedRows, unresolved, duplicates, warnings };
}
