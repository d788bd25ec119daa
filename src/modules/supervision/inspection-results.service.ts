import { type Actor, actorLabel, systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError, type IssueDetail, notFound } from '../../platform/errors.js';
import { isCalendarDate, shanghaiDate } from '../../standards/calendar-date.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { batchIssues } from '../ingestion/batch.service.js';
import { type IngestDeps, ingest } from '../ingestion/ingest.service.js';
import { getProvider } from '../providers/provider.service.js';
import { type InspectionResult, RESULT_LABELS } from './inspection-draw.service.js';
import { toPlan } from './inspection-plan.service.js';
import {
  findCurrentInspectionRecord,
  findDraw,
  findItems,
  findPlan,
  recordItemResult,
} from './supervision.repository.js';

export interface ResultInput {
  /** Item number in the draw. */
  readonly seq: number;
  readonly result: InspectionResult;
  /** 检查日期, on or after the draw date and not in the future. */
  readonly date: string;
  /** 检查结果说明. */
  readonly note?: string;
}

export interface ResultsOutcome {
  readonly batchId: number;
  readonly recorded: { readonly seq: number; readonly recordId: number; readonly result: InspectionResult }[];
  /** Rows the collection pipeline rejected, with its reasons. */
  readonly rejected: { readonly seq: number; readonly code: string; readonly message: string }[];
}

const KIND_LABEL: Readonly<Record<string, string>> = {
  legal_entity: '法人及非法人组织',
  individual_business: '个体工商户',
};

/**
 * Enters inspection results of a draw as 行政检查 (XZJC) records of the plan's regulator: the rows go through
 * the collection pipeline (`ingest`), so they are validated, versioned (a corrected result is a new version of the
 * same 检查编号 `PLAN-DRAW-SEQ`), given publicity windows and audited like every record, and they feed the next
 * evaluation. The pipeline runs as `system:inspection:<actor>` on behalf of the authorised regulator; the draw
 * items then point at their records (audited).
 * @throws AppError forbidden, not_found, validation_failed (unknown item, date out of range)
 */
export async function recordInspectionResults(
  deps: IngestDeps,
  actor: Actor,
  planId: number,
  drawId: number,
  results: ResultInput[],
): Promise<ResultsOutcome> {
  authorize(actor, 'inspection.manage');
  const { db } = deps;
  const now = deps.clock();
  const planRow = await findPlan(db, planId);
  const draw = planRow === undefined ? undefined : await findDraw(db, planId, drawId);
  if (planRow === undefined || draw === undefined) throw notFound(`抽查计划 ${planId} 的第 ${drawId} 次抽取`);
  const plan = await toPlan(db, planRow);
  const provider = await getProvider(db, plan.definition.regulator);
  const items = new Map((await findItems(db, draw.id)).map((i) => [i.seq, i]));
  const issues: IssueDetail[] = [];
  const seen = new Set<number>();
  results.forEach((r, k) => {
    if (!items.has(r.seq))
      issues.push({
        row: k + 1,
        field: 'seq',
        code: 'unknown',
        message: `第 ${drawId} 次抽取没有序号为 ${r.seq} 的检查对象`,
      });
    if (seen.has(r.seq))
      issues.push({ row: k + 1, field: 'seq', code: 'duplicate', message: `序号 ${r.seq} 重复出现` });
    seen.add(r.seq);
    if (!isCalendarDate(r.date))
      issues.push({
        row: k + 1,
        field: 'date',
        code: 'invalid',
        message: `检查日期 ${r.date} 不是有效日期`,
      });
    else if (r.date < draw.draw_date || r.date > shanghaiDate(now))
      issues.push({
        row: k + 1,
        field: 'date',
        code: 'range',
        message: `检查日期 ${r.date} 应在抽取日期 ${draw.draw_date} 至今天之间`,
      });
  });
  if (issues.length > 0)
    throw new AppError(
      issues.some((i) => i.code === 'unknown') ? 'not_found' : 'validation_failed',
      summariseIssues(issues.map((i) => i.message)),
      { details: issues },
    );

  const number = (seq: number) => `${plan.code}-${draw.id}-${seq}`;
  const rows = results.map((r) => {
    const item = items.get(r.seq);
    return {
      JC_XDR_MC: item?.name ?? '',
      JC_XDR_LB: KIND_LABEL[item?.kind ?? ''] ?? '',
      JC_XDR_SHXYM: item?.uscc ?? '',
      JC_BH: number(r.seq),
      JC_SX: plan.definition.matter,
      JC_RQ: r.date,
      JC_JG: provider.name,
      ...(provider.uscc === null ? {} : { JC_JGDM: provider.uscc }),
      JC_JGLX: r.result,
      ...(r.note === undefined || r.note.trim() === '' ? {} : { JC_SM: r.note.trim() }),
      JC_CCJH: plan.code,
    };
  });
  const pipelineActor = systemActor(`inspection:${actorLabel(actor)}`);
  const summary = await ingest(deps, {
    actor: pipelineActor,
    item: 'XZJC',
    provider: provider.code,
    source: { kind: 'rows', rows },
    origin: 'api',
  });
  const errors = await batchIssues(db, pipelineActor, summary.batchId, { severity: 'error' });
  const rejectedRows = new Map<number, { code: string; message: string }>();
  for (const e of errors)
    if (!rejectedRows.has(e.row)) rejectedRows.set(e.row, { code: e.code, message: e.message });
  const rejected = results
    .map((r, k) => ({ r, issue: rejectedRows.get(k + 1) }))
    .filter((x) => x.issue !== undefined)
    .map((x) => ({ seq: x.r.seq, code: x.issue?.code ?? 'rejected', message: x.issue?.message ?? '' }));

  const recorded: { seq: number; recordId: number; result: InspectionResult }[] = [];
  await inTransaction(db, async (tx) => {
    for (const [k, r] of results.entries()) {
      if (rejectedRows.has(k + 1)) continue;
      const item = items.get(r.seq);
      if (item === undefined) continue;
      const rec = await findCurrentInspectionRecord(tx, provider.id, `${number(r.seq)}|s${item.subject_id}`);
      if (rec === undefined) continue;
      await recordItemResult(tx, item.id, {
        result: r.result,
        result_date: r.date,
        record_id: rec.id,
        batch_id: rec.batch_id,
        recorded_at: now.toISOString(),
      });
      recorded.push({ seq: r.seq, recordId: rec.id, result: r.result });
    }
    await appendAudit(
      tx,
      [
        {
          actor: actorLabel(actor),
          action: 'inspection.results_recorded',
          entityType: 'inspection_draw',
          entityId: draw.id,
          payload: {
            plan: plan.code,
            batchId: summary.batchId,
            recorded: recorded.map((x) => ({
              seq: x.seq,
              recordId: x.recordId,
              result: x.result,
              label: RESULT_LABELS[x.result],
            })),
            rejected: rejected.map((x) => x.seq),
          },
        },
      ],
      now,
    );
  });
  return { batchId: summary.batchId, recorded, rejected };
}

/** At most five messages, then how many more (every issue stays in `details`). */
function summariseIssues(messages: readonly string[]): string {
  const shown = messages.slice(0, 5).join('；');
  return messages.length > 5 ? `${shown}；等共 ${messages.length} 处问题` : shown;
}
