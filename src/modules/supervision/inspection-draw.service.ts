import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { isCalendarDate, shanghaiDate } from '../../standards/calendar-date.js';
import { maskName } from '../../standards/mask.js';
import { authorize, can } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { currentGrades } from '../evaluation/subject-grade.service.js';
import {
  DRAW_ALGORITHM,
  type DrawOutcome,
  drawSeed,
  InspectorShortageError,
  type PopulationMember,
  populationDigest,
  runDraw,
  type StratumOutcome,
} from './draw-algorithm.js';
import { type InspectionPlan, planDigest, toPlan } from './inspection-plan.service.js';
import type { InspectionPlanDefinition } from './inspection-plan.types.js';
import {
  type DrawRow,
  findDraw,
  findDrawById,
  findDrawOn,
  findDraws,
  findItems,
  findPlan,
  findPopulation,
  findPopulationCandidates,
  insertDraw,
  insertItems,
  insertPopulation,
} from './supervision.repository.js';

/** Labels of 行政检查 results (JC_JGLX). */
export const RESULT_LABELS = {
  no_issue: '未发现问题',
  rectify: '发现问题已责令整改',
  case_opened: '发现问题已立案查处',
  not_found: '未发现主体（查无下落）',
} as const;
export type InspectionResult = keyof typeof RESULT_LABELS;

/** The formula of the seed, published with every draw. */
export const SEED_FORMULA =
  'SM3(UTF-8 "xy-draw-v1\\n" + planDigest + "\\n" + drawDate + "\\n" + publicInput), hex';

export interface DrawItemView {
  readonly seq: number;
  readonly subject: { readonly id: number; readonly name: string; readonly uscc: string | null };
  /** Grade stratum the subject was drawn from (regulators and the credit centre only). */
  readonly stratum?: string;
  /** Inspectors in drawn order; names masked in the public view. */
  readonly inspectors: { readonly code: string; readonly name: string; readonly organization: string }[];
  readonly result: {
    readonly code: InspectionResult;
    readonly label: string;
    readonly date: string | null;
    readonly recordId: number | null;
  } | null;
}

/**
 * A published draw (一公开): plan, every seed input, the seed, the commitment to the population, the selected
 * subjects with their inspectors and, once entered, their results. Regulators and the credit centre also get the
 * strata (grades) — grades are not public.
 */
export interface DrawView {
  readonly id: number;
  readonly view: 'public' | 'full';
  readonly plan: {
    readonly id: number;
    readonly code: string;
    readonly name: string;
    readonly matter: string;
    readonly regulator: { readonly code: string; readonly name: string };
    readonly digest: string;
  };
  readonly drawDate: string;
  readonly publicInput: string;
  readonly algorithm: string;
  readonly seedFormula: string;
  readonly seed: string;
  readonly planDigest: string;
  readonly populationDigest: string;
  readonly populationSize: number;
  readonly selectedCount: number;
  readonly drawnAt: string;
  readonly items: DrawItemView[];
  readonly strata?: StratumOutcome[];
}

/** Strata of a plan in draw order: the model's grades best first, then `unrated`; one `all` stratum without grades. */
function planStrata(
  def: InspectionPlanDefinition,
  gradeOrder: string[],
): { stratum: string; multiplier: string }[] {
  if (def.model === null) return [{ stratum: 'unrated', multiplier: def.multipliers.unrated ?? '1' }];
  return [...gradeOrder, 'unrated'].map((g) => ({ stratum: g, multiplier: def.multipliers[g] ?? '1' }));
}

function gradeOrderOf(def: InspectionPlanDefinition): string[] {
  return Object.keys(def.multipliers).filter((k) => k !== 'unrated');
}

/**
 * Draws a plan (双随机: random subjects, random inspectors) on `date` with a public random input: the population
 * as filtered now, stratified by each subject's current grade under the plan's model version; the seed from the
 * plan digest, the date and the input ({@link drawSeed}); the selection and inspector pairs by
 * {@link runDraw}. Stores and publishes the draw, its population snapshot and items, audited, in `tx`. One draw per
 * plan and date (no re-drawing until the result suits).
 * @throws AppError forbidden, not_found, conflict (plan closed, date already drawn), validation_failed (date in the
 * future or before the plan, bad input), not_eligible (too few eligible inspectors for a subject)
 */
export async function performDraw(
  tx: Tx,
  actor: Actor,
  planId: number,
  inputs: { date: string; publicInput: string },
  at: Date,
): Promise<DrawView> {
  authorize(actor, 'inspection.manage');
  const row = await findPlan(tx, planId);
  if (row === undefined) throw notFound(`抽查计划 ${planId}`);
  const plan = await toPlan(tx, row);
  if (plan.status !== 'active') throw new AppError('conflict', `抽查计划 ${plan.code} 已关闭`);
  const publicInput = inputs.publicInput.trim();
  if (publicInput === '' || publicInput.length > 200 || /[\r\n]/.test(publicInput))
    throw new AppError(
      'validation_failed',
      '公开随机数（publicInput）应为一行 1–200 个字符，例如当天的彩票开奖号码',
    );
  if (!isCalendarDate(inputs.date))
    throw new AppError('validation_failed', `抽取日期 ${inputs.date} 不是有效日期（应为 YYYY-MM-DD）`);
  if (inputs.date > shanghaiDate(at))
    throw new AppError(
      'validation_failed',
      `抽取日期 ${inputs.date} 不能晚于今天（当天的公开随机数须已产生）`,
    );
  if (inputs.date < shanghaiDate(new Date(plan.createdAt)))
    throw new AppError(
      'validation_failed',
      `抽取日期 ${inputs.date} 不能早于抽查计划的制定日期 ${shanghaiDate(new Date(plan.createdAt))}`,
    );
  if ((await findDrawOn(tx, plan.id, inputs.date)) !== undefined)
    throw new AppError('conflict', `抽查计划 ${plan.code} 已于 ${inputs.date} 抽取过`);

  const def = plan.definition;
  const candidates = await findPopulationCandidates(tx, def.population);
  const grades =
    plan.modelId === null
      ? new Map<number, string>()
      : await currentGrades(
          tx,
          plan.modelId,
          candidates.map((c) => c.id),
        );
  const gradeOrder = gradeOrderOf(def);
  const population: PopulationMember[] = candidates.map((c) => {
    const g = grades.get(c.id);
    return {
      subjectId: c.id,
      stratum: g !== undefined && gradeOrder.includes(g) ? g : 'unrated',
      uscc: c.uscc,
      regionCode: c.region_code,
    };
  });
  const seed = drawSeed(plan.digest, inputs.date, publicInput);
  let outcome: DrawOutcome;
  try {
    outcome = runDraw({
      seed,
      population,
      strata: planStrata(def, gradeOrder).map((s) => ({
        stratum: s.stratum,
        probability: plan.probabilities[s.stratum] ?? '0',
      })),
      inspectors: def.inspectors,
      inspectorsPerInspection: def.inspectorsPerInspection,
    });
  } catch (e) {
    if (e instanceof InspectorShortageError)
      throw new AppError('not_eligible', `${e.message}，请扩充检查人员名录`, {
        extras: { subjectId: e.subjectId },
      });
    throw e;
  }
  const draw = await insertDraw(tx, {
    plan_id: plan.id,
    draw_date: inputs.date,
    public_input: publicInput,
    algorithm: DRAW_ALGORITHM,
    plan_digest: plan.digest,
    seed,
    population_digest: populationDigest(population),
    population_size: population.length,
    selected_count: outcome.items.length,
    strata: JSON.stringify(outcome.strata),
    grades_as_of: at.toISOString(),
    drawn_at: at.toISOString(),
    drawn_by: actorLabel(actor),
  });
  await insertPopulation(
    tx,
    population.map((p) => ({ draw_id: draw.id, subject_id: p.subjectId, stratum: p.stratum })),
  );
  await insertItems(
    tx,
    outcome.items.map((i) => ({
      draw_id: draw.id,
      seq: i.seq,
      subject_id: i.subjectId,
      stratum: i.stratum,
      inspectors: JSON.stringify(i.inspectors),
      result: null,
      result_date: null,
      record_id: null,
      batch_id: null,
      recorded_at: null,
    })),
  );
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'inspection.drawn',
        entityType: 'inspection_draw',
        entityId: draw.id,
        payload: {
          plan: plan.code,
          drawDate: inputs.date,
          publicInput,
          seed,
          planDigest: plan.digest,
          populationDigest: draw.population_digest,
          populationSize: population.length,
          selected: outcome.items.length,
        },
      },
    ],
    at,
  );
  return drawView(tx, plan, draw, 'full');
}

async function drawView(
  db: Queryable,
  plan: InspectionPlan,
  draw: DrawRow,
  view: 'public' | 'full',
): Promise<DrawView> {
  const items = await findItems(db, draw.id);
  const inspectors = new Map(plan.definition.inspectors.map((x) => [x.code, x]));
  return {
    id: draw.id,
    view,
    plan: {
      id: plan.id,
      code: plan.code,
      name: plan.name,
      matter: plan.definition.matter,
      regulator: { code: plan.regulator.code, name: plan.regulator.name },
      digest: plan.digest,
    },
    drawDate: draw.draw_date,
    publicInput: draw.public_input,
    algorithm: draw.algorithm,
    seedFormula: SEED_FORMULA,
    seed: draw.seed,
    planDigest: draw.plan_digest,
    populationDigest: draw.population_digest,
    populationSize: draw.population_size,
    selectedCount: draw.selected_count,
    drawnAt: draw.drawn_at,
    items: items.map((i) => ({
      seq: i.seq,
      subject: {
        id: i.subject_id,
        name: i.kind === 'natural_person' ? maskName(i.name) : i.name,
        uscc: i.uscc,
      },
      ...(view === 'full' ? { stratum: i.stratum } : {}),
      inspectors: (JSON.parse(i.inspectors) as string[]).map((code) => {
        const x = inspectors.get(code);
        return {
          code,
          name: x === undefined ? '' : view === 'full' ? x.name : maskName(x.name),
          organization: x?.organization ?? '',
        };
      }),
      result:
        i.result === null
          ? null
          : { code: i.result, label: RESULT_LABELS[i.result], date: i.result_date, recordId: i.record_id },
    })),
    ...(view === 'full' ? { strata: JSON.parse(draw.strata) as StratumOutcome[] } : {}),
  };
}

async function loadDraw(
  db: Queryable,
  planId: number,
  drawId: number,
): Promise<{ plan: InspectionPlan; draw: DrawRow }> {
  const draw = await findDraw(db, planId, drawId);
  const row = draw === undefined ? undefined : await findPlan(db, planId);
  if (draw === undefined || row === undefined) throw notFound(`抽查计划 ${planId} 的第 ${drawId} 次抽取`);
  return { plan: await toPlan(db, row), draw };
}

/** A published draw: anyone (一公开); regulators and the credit centre get the full view with strata. */
export async function getDraw(
  db: Queryable,
  actor: Actor,
  planId: number,
  drawId: number,
): Promise<DrawView> {
  authorize(actor, 'inspection.read_public');
  const { plan, draw } = await loadDraw(db, planId, drawId);
  return drawView(db, plan, draw, can(actor, 'inspection.read') ? 'full' : 'public');
}

export interface DrawSummary {
  readonly id: number;
  readonly planId: number;
  readonly planCode: string;
  readonly planName: string;
  readonly drawDate: string;
  readonly publicInput: string;
  readonly seed: string;
  readonly populationSize: number;
  readonly selectedCount: number;
  readonly drawnAt: string;
}

/** Published draws, newest first (public). */
export async function listDraws(
  db: Queryable,
  actor: Actor,
  filter: { planId?: number; limit?: number; offset?: number } = {},
): Promise<DrawSummary[]> {
  authorize(actor, 'inspection.read_public');
  const rows = await findDraws(db, {
    ...(filter.planId === undefined ? {} : { planId: filter.planId }),
    limit: filter.limit ?? 50,
    offset: filter.offset ?? 0,
  });
  return rows.map((d) => ({
    id: d.id,
    planId: d.plan_id,
    planCode: d.plan_code,
    planName: d.plan_name,
    drawDate: d.draw_date,
    publicInput: d.public_input,
    seed: d.seed,
    populationSize: d.population_size,
    selectedCount: d.selected_count,
    drawnAt: d.drawn_at,
  }));
}

export interface DrawStatistics {
  readonly drawId: number;
  readonly planId: number;
  readonly populationSize: number;
  readonly selectedCount: number;
  /** Per stratum: population, probability, expected and selected counts, observed ratio, results so far. */
  readonly strata: (StratumOutcome & {
    readonly observedRatio: string;
    readonly results: Readonly<Record<InspectionResult | 'pending', number>>;
  })[];
  readonly inspectors: {
    readonly code: string;
    readonly name: string;
    readonly organization: string;
    readonly assignments: number;
  }[];
  readonly results: Readonly<Record<InspectionResult | 'pending', number>>;
}

function ratio(selected: number, population: number): string {
  if (population === 0) return '0';
  const micro = Math.floor((selected * 1_000_000) / population);
  return `${Math.trunc(micro / 1_000_000)}.${String(micro % 1_000_000).padStart(6, '0')}`;
}

/** Dashboard figures of a draw: strata, inspector load, result counts (regulators and the credit centre). */
export async function drawStatistics(
  db: Queryable,
  actor: Actor,
  planId: number,
  drawId: number,
): Promise<DrawStatistics> {
  authorize(actor, 'inspection.read');
  const { plan, draw } = await loadDraw(db, planId, drawId);
  const items = await findItems(db, draw.id);
  const empty = (): Record<InspectionResult | 'pending', number> => ({
    no_issue: 0,
    rectify: 0,
    case_opened: 0,
    not_found: 0,
    pending: 0,
  });
  const total = empty();
  const byStratum = new Map<string, Record<InspectionResult | 'pending', number>>();
  const load = new Map<string, number>();
  for (const i of items) {
    const r = i.result ?? 'pending';
    total[r] += 1;
    const s = byStratum.get(i.stratum) ?? empty();
    s[r] += 1;
    byStratum.set(i.stratum, s);
    for (const code of JSON.parse(i.inspectors) as string[]) load.set(code, (load.get(code) ?? 0) + 1);
  }
  return {
    drawId: draw.id,
    planId: plan.id,
    populationSize: draw.population_size,
    selectedCount: draw.selected_count,
    strata: (JSON.parse(draw.strata) as StratumOutcome[]).map((s) => ({
      ...s,
      observedRatio: ratio(s.selected, s.population),
      results: byStratum.get(s.stratum) ?? empty(),
    })),
    inspectors: plan.definition.inspectors.map((x) => ({
      code: x.code,
      name: x.name,
      organization: x.organization,
      assignments: load.get(x.code) ?? 0,
    })),
    results: total,
  };
}

/** The population snapshot a draw ran over, with strata (restricted: strata are grades). */
export async function drawPopulation(
  db: Queryable,
  actor: Actor,
  planId: number,
  drawId: number,
): Promise<{
  drawId: number;
  populationDigest: string;
  members: { subjectId: number; uscc: string | null; name: string; stratum: string }[];
}> {
  authorize(actor, 'inspection.read');
  const { draw } = await loadDraw(db, planId, drawId);
  const rows = await findPopulation(db, draw.id);
  return {
    drawId: draw.id,
    populationDigest: draw.population_digest,
    members: rows.map((r) => ({ subjectId: r.subject_id, uscc: r.uscc, name: r.name, stratum: r.stratum })),
  };
}

export interface DrawVerification {
  readonly drawId: number;
  readonly matches: boolean;
  readonly checks: { readonly check: string; readonly ok: boolean; readonly detail: string }[];
}

/**
 * Re-runs a published draw from its published inputs and stored population and compares: plan digest (recomputed
 * from the stored definition), seed (recomputed from plan digest, date and public input), population digest, and
 * the selection with its inspector pairs, item by item. Anyone may ask (the answer reveals nothing new).
 */
export async function verifyDraw(
  db: Queryable,
  actor: Actor,
  drawId: number,
  planId?: number,
): Promise<DrawVerification> {
  authorize(actor, 'inspection.read_public');
  const found = await findDrawById(db, drawId);
  if (found === undefined || (planId !== undefined && found.plan_id !== planId))
    throw notFound(`抽取 ${drawId}`);
  const { plan, draw } = await loadDraw(db, found.plan_id, drawId);
  const checks: { check: string; ok: boolean; detail: string }[] = [];
  const digest = planDigest(plan.definition);
  checks.push({ check: 'plan digest', ok: digest === draw.plan_digest, detail: digest });
  const seed = drawSeed(digest, draw.draw_date, draw.public_input);
  checks.push({ check: 'seed', ok: seed === draw.seed, detail: seed });
  const rows = await findPopulation(db, draw.id);
  const population: PopulationMember[] = rows.map((r) => ({
    subjectId: r.subject_id,
    stratum: r.stratum,
    uscc: r.uscc,
    regionCode: r.region_code,
  }));
  const pd = populationDigest(population);
  checks.push({ check: 'population digest', ok: pd === draw.population_digest, detail: pd });
  const outcome = runDraw({
    seed,
    population,
    strata: planStrata(plan.definition, gradeOrderOf(plan.definition)).map((s) => ({
      stratum: s.stratum,
      probability: plan.probabilities[s.stratum] ?? '0',
    })),
    inspectors: plan.definition.inspectors,
    inspectorsPerInspection: plan.definition.inspectorsPerInspection,
  });
  const stored = await findItems(db, draw.id);
  const a = outcome.items.map((i) => `${i.seq}:${i.subjectId}:${i.inspectors.join('+')}`);
  const b = stored.map((i) => `${i.seq}:${i.subject_id}:${(JSON.parse(i.inspectors) as string[]).join('+')}`);
  const firstDiff = a.findIndex((x, k) => x !== b[k]);
  const same = a.length === b.length && firstDiff === -1;
  checks.push({
    check: 'selection and inspectors',
    ok: same,
    detail: same
      ? `${a.length} 项完全一致`
      : `自第 ${firstDiff === -1 ? Math.min(a.length, b.length) + 1 : firstDiff + 1} 项起不一致`,
  });
  return { drawId: draw.id, matches: checks.every((c) => c.ok), checks };
}
