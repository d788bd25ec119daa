import type { Database } from '../../platform/db/database.js';
import type {
  EvaluationModelDefinition,
  GradeBand,
  Indicator,
  RecordSeverity,
} from './evaluation-model.types.js';
import { parsePoints, weighted } from './points.js';

type RecordStatus = Database['record']['status'];

/** What scoring needs of one record version (the version current at the evaluation instant). */
export interface EvalRecord {
  readonly id: number;
  readonly version: number;
  readonly itemCode: string;
  readonly status: RecordStatus;
  readonly severity: RecordSeverity | null;
  readonly published: boolean;
  readonly decisionDate: string | null;
  readonly publicityStart: string | null;
  /** Half-open: the first date the record no longer counts. */
  readonly publicityEnd: string | null;
  /** Values of the fields the model's conditions read (text; multi-valued fields as arrays). */
  readonly fields: Readonly<Record<string, string | readonly string[] | null>>;
}

/** One record's part of an indicator: [record id, version, decay percent, points in hundredths]. */
export type RecordPart = readonly [id: number, version: number, percent: number, points: number];

/** One indicator's contribution (hundredths). `points` is what enters the score: `raw` limited by the cap. */
export interface Contribution {
  readonly indicator: string;
  readonly points: number;
  readonly raw: number;
  readonly records: readonly RecordPart[];
}

/** A subject's score: `score = base + Σ contributions[i].points`, exactly (integers of hundredths). */
export interface SubjectScore {
  readonly base: number;
  readonly score: number;
  readonly grade: string;
  readonly contributions: readonly Contribution[];
}

interface CompiledIndicator {
  readonly code: string;
  readonly item: string;
  readonly severities: ReadonlySet<string> | null;
  readonly fields: readonly { readonly field: string; readonly values: ReadonlySet<string> }[];
  readonly publishedOnly: boolean;
  readonly points: number;
  readonly once: boolean;
  readonly cap: number | null;
  readonly decay: readonly { readonly withinYears: number; readonly percent: number }[] | null;
}

/** A model prepared for scoring: points parsed to hundredths, indicators indexed by item. */
export interface CompiledModel {
  readonly definition: EvaluationModelDefinition;
  readonly base: number;
  readonly indicators: readonly CompiledIndicator[];
  /** Item codes the model reads. */
  readonly items: readonly string[];
  /** Field codes read per item (for the SQL that extracts them). */
  readonly fieldsByItem: ReadonlyMap<string, readonly string[]>;
  /**
   * Per item whose every indicator decays: the longest decay horizon in years. Older records of the item count 0,
   * so the SQL may leave them out (a superset filter; scoring decides).
   */
  readonly horizonYears: ReadonlyMap<string, number>;
  readonly bands: readonly { readonly code: string; readonly min: number | null }[];
}

/** Parses a definition for scoring. @throws RangeError on malformed numbers (validate definitions first). */
export function compileModel(definition: EvaluationModelDefinition): CompiledModel {
  const indicators = definition.indicators.map(
    (i: Indicator): CompiledIndicator => ({
      code: i.code,
      item: i.match.item,
      severities: i.match.severities === undefined ? null : new Set(i.match.severities),
      fields: (i.match.fields ?? []).map((f) => ({ field: f.field, values: new Set(f.in) })),
      publishedOnly: i.match.publishedOnly === true,
      points: parsePoints(i.points),
      once: i.mode === 'once',
      cap: i.cap === undefined || i.cap === null ? null : parsePoints(i.cap),
      decay: i.decay === undefined ? null : [...i.decay].sort((a, b) => a.withinYears - b.withinYears),
    }),
  );
  const fieldsByItem = new Map<string, string[]>();
  for (const i of definition.indicators) {
    const list = fieldsByItem.get(i.match.item) ?? [];
    for (const f of i.match.fields ?? []) if (!list.includes(f.field)) list.push(f.field);
    fieldsByItem.set(i.match.item, list);
  }
  const horizonYears = new Map<string, number>();
  for (const item of new Set(definition.indicators.map((i) => i.match.item))) {
    const of = definition.indicators.filter((i) => i.match.item === item);
    if (of.every((i) => i.decay !== undefined && i.decay.length > 0))
      horizonYears.set(item, Math.max(...of.flatMap((i) => (i.decay ?? []).map((d) => d.withinYears))));
  }
  return {
    definition,
    horizonYears,
    base: parsePoints(definition.baseScore),
    indicators,
    items: [...new Set(definition.indicators.map((i) => i.match.item))].sort(),
    fieldsByItem,
    bands: definition.grades.map((g: GradeBand) => ({
      code: g.code,
      min: g.minScore === null ? null : parsePoints(g.minScore),
    })),
  };
}

/** `date` minus `years` calendar years (29 February → 28 February). */
export function minusYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  let md = date.slice(4);
  if (md === '-02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) md = '-02-28';
  return `${String(y).padStart(4, '0')}${md}`;
}

/** The decay thresholds of every indicator for one evaluation date: a record decided after `after` counts `percent`. */
export interface ScoringDate {
  readonly model: CompiledModel;
  readonly date: string;
  readonly thresholds: readonly (readonly { readonly after: string; readonly percent: number }[] | null)[];
  readonly byItem: ReadonlyMap<string, readonly number[]>;
}

/** Prepares scoring as of calendar date `date` (Asia/Shanghai, YYYY-MM-DD). */
export function scoringDate(model: CompiledModel, date: string): ScoringDate {
  const byItem = new Map<string, number[]>();
  model.indicators.forEach((ind, k) => {
    byItem.set(ind.item, [...(byItem.get(ind.item) ?? []), k]);
  });
  return {
    model,
    date,
    thresholds: model.indicators.map(
      (i) => i.decay?.map((d) => ({ after: minusYears(date, d.withinYears), percent: d.percent })) ?? null,
    ),
    byItem,
  };
}

/**
 * Whether a record version counts on `date`: active (revoked, repaired and removed versions do not) and inside its
 * half-open publicity window `[publicity_start, publicity_end)`.
 */
export function countsOn(r: EvalRecord, date: string): boolean {
  return (
    r.status === 'active' &&
    (r.publicityStart === null || r.publicityStart <= date) &&
    (r.publicityEnd === null || date < r.publicityEnd)
  );
}

function fieldMatches(
  value: string | readonly string[] | null | undefined,
  values: ReadonlySet<string>,
): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return values.has(value);
  return value.some((v) => values.has(v));
}

function decayPercent(thresholds: ScoringDate['thresholds'][number], r: EvalRecord): number {
  if (thresholds === null) return 100;
  const when = r.decisionDate ?? r.publicityStart;
  if (when === null) return 100;
  for (const t of thresholds) if (when > t.after) return t.percent;
  return 0;
}

/** The grade of a score: the first band (best first) whose minimum it reaches; the last band catches the rest. */
export function gradeOf(model: CompiledModel, score: number): string {
  for (const b of model.bands) if (b.min === null || score >= b.min) return b.code;
  return model.bands[model.bands.length - 1]?.code ?? '';
}

/**
 * Scores one subject from its record versions as they stood at the evaluation instant, on the evaluation date:
 * each counting record that matches an indicator contributes its points × decay percentage (rounded half away
 * from zero to 0.01 point); `once` indicators keep only the heaviest record; each indicator's total is limited
 * to ±cap. Pure and deterministic: the same records and date always give the same score and explanation.
 */
export function scoreSubject(ctx: ScoringDate, records: readonly EvalRecord[]): SubjectScore {
  const { model, date } = ctx;
  const parts: (RecordPart[] | undefined)[] = new Array(model.indicators.length);
  let ordered = true;
  for (let i = 1; i < records.length && ordered; i++)
    ordered = (records[i - 1] as EvalRecord).id < (records[i] as EvalRecord).id;
  const sorted = ordered ? records : [...records].sort((a, b) => a.id - b.id);
  for (const r of sorted) {
    const ks = ctx.byItem.get(r.itemCode);
    if (ks === undefined || !countsOn(r, date)) continue;
    for (const k of ks) {
      const ind = model.indicators[k] as CompiledIndicator;
      if (ind.publishedOnly && !r.published) continue;
      if (ind.severities !== null && (r.severity === null || !ind.severities.has(r.severity))) continue;
      if (!ind.fields.every((f) => fieldMatches(r.fields[f.field], f.values))) continue;
      const percent = decayPercent(ctx.thresholds[k] ?? null, r);
      if (percent === 0) continue;
      const part: RecordPart = [r.id, r.version, percent, weighted(ind.points, percent)];
      const list = parts[k];
      if (list === undefined) parts[k] = [part];
      else list.push(part);
    }
  }
  const contributions: Contribution[] = [];
  let score = model.base;
  model.indicators.forEach((ind, k) => {
    let list = parts[k];
    if (list === undefined) return;
    if (ind.once && list.length > 1) {
      let keep = list[0] as RecordPart;
      for (const p of list)
        if (Math.abs(p[3]) > Math.abs(keep[3]) || (Math.abs(p[3]) === Math.abs(keep[3]) && p[0] > keep[0]))
          keep = p;
      list = list.map((p) => (p === keep ? p : [p[0], p[1], p[2], 0]));
    }
    const raw = list.reduce((s, p) => s + p[3], 0);
    const limited = ind.cap === null ? raw : Math.max(-ind.cap, Math.min(ind.cap, raw));
    const points = limited === 0 ? 0 : limited; // never -0 (a zero cap)
    score += points;
    contributions.push({ indicator: ind.code, points, raw, records: list });
  });
  return { base: model.base, score, grade: gradeOf(model, score), contributions };
}
