import { sm3Hex } from '../../platform/crypto/sm.js';
import { createSm3Random, type Sm3Random } from './sm3-random.js';

/** Name of the algorithm below; a changed algorithm gets a new name, old draws keep theirs. */
export const DRAW_ALGORITHM = 'xy-draw-v1';

/** Fixed-point scale of probabilities: 12 decimal places (ratio and multiplier have ≤ 6 each). */
const SCALE = 10n ** 12n;

/**
 * The seed of a draw: `SM3("xy-draw-v1\n" + planDigest + "\n" + drawDate + "\n" + publicInput)` over UTF-8,
 * lower-case hex. The plan digest is SM3 of the plan's canonical JSON; the public input is the published random
 * value (e.g. that day's lottery number) exactly as typed.
 */
export function drawSeed(planDigest: string, drawDate: string, publicInput: string): string {
  return sm3Hex(`${DRAW_ALGORITHM}\n${planDigest}\n${drawDate}\n${publicInput}`);
}

export interface PopulationMember {
  readonly subjectId: number;
  /** Grade code, or `unrated`. */
  readonly stratum: string;
  readonly uscc: string | null;
  readonly regionCode: string | null;
}

/** SM3 over the lines `subjectId,stratum\n` in ascending subject id: commits to the population without listing it. */
export function populationDigest(population: Pick<PopulationMember, 'subjectId' | 'stratum'>[]): string {
  const sorted = [...population].sort((a, b) => a.subjectId - b.subjectId);
  return sm3Hex(sorted.map((p) => `${p.subjectId},${p.stratum}\n`).join(''));
}

export interface DrawInspector {
  readonly code: string;
  /** USCCs of subjects this inspector may not inspect (回避: conflict of interest). */
  readonly excludeSubjects?: string[];
  /** Region-code prefixes this inspector may not inspect in. */
  readonly excludeRegions?: string[];
}

export interface DrawInput {
  readonly seed: string;
  readonly population: PopulationMember[];
  /** Strata in draw order (best grade first, `unrated` last) with their sampling probability (decimal ≤ 12 places). */
  readonly strata: { readonly stratum: string; readonly probability: string }[];
  readonly inspectors: DrawInspector[];
  readonly inspectorsPerInspection: number;
}

export interface StratumOutcome {
  readonly stratum: string;
  readonly population: number;
  readonly probability: string;
  /** population × probability, exact decimal. */
  readonly expected: string;
  readonly selected: number;
}

export interface DrawnItem {
  readonly seq: number;
  readonly subjectId: number;
  readonly stratum: string;
  /** Inspector codes in drawn order. */
  readonly inspectors: string[];
}

export interface DrawOutcome {
  readonly strata: StratumOutcome[];
  readonly items: DrawnItem[];
}

/** A subject for which fewer eligible inspectors remain than an inspection needs. */
export class InspectorShortageError extends Error {
  readonly subjectId: number;
  constructor(subjectId: number, eligible: number, needed: number) {
    super(`主体 ${subjectId} 排除利益冲突后只有 ${eligible} 名检查人员可选，需要 ${needed} 名`);
    this.name = 'InspectorShortageError';
    this.subjectId = subjectId;
  }
}

/** `"0.05"` → 50_000_000_000n (scale 10^12). @throws RangeError */
export function toScaled(decimal: string): bigint {
  const m = /^(\d{1,12})(?:\.(\d{1,12}))?$/.exec(decimal);
  if (m === null) throw new RangeError(`${decimal} is not a non-negative decimal with ≤ 12 places`);
  return BigInt(m[1] as string) * SCALE + BigInt((m[2] ?? '').padEnd(12, '0'));
}

/** 50_000_000_000n → `"0.05"`. */
export function fromScaled(n: bigint): string {
  const whole = n / SCALE;
  const frac = (n % SCALE).toString().padStart(12, '0').replace(/0+$/, '');
  return frac === '' ? whole.toString() : `${whole}.${frac}`;
}

/** Sampling probability of a stratum: min(1, ratio × multiplier), exact. */
export function stratumProbability(ratio: string, multiplier: string): string {
  const p = (toScaled(ratio) * toScaled(multiplier)) / SCALE;
  return fromScaled(p > SCALE ? SCALE : p);
}

function pick<T>(rng: Sm3Random, items: T[], k: number): T[] {
  // partial Fisher–Yates: position i takes a uniform choice among the items not yet taken
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(items.length - i);
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items.slice(0, k);
}

/**
 * The draw (xy-draw-v1), a pure function of its input:
 * 1. the SM3 stream of {@link createSm3Random} from `seed`;
 * 2. per stratum in the given order: members in ascending subject id; quota q = N × p (exact); k = ⌊q⌋, plus one
 *    when a uniform draw below 10^12 falls under the fraction of q scaled to 10^12 (so E[k] = q); k members by
 *    partial Fisher–Yates;
 * 3. the selected subjects numbered 1… in that order; for each in turn, `inspectorsPerInspection` inspectors by
 *    partial Fisher–Yates over the eligible inspectors in ascending code (those without an exclusion for the
 *    subject's USCC or region).
 * Same input → same subjects, order and inspectors; a different seed → an independent draw.
 * @throws InspectorShortageError when a subject has too few eligible inspectors
 */
export function runDraw(input: DrawInput): DrawOutcome {
  const rng = createSm3Random(input.seed);
  const byStratum = new Map<string, PopulationMember[]>();
  for (const s of input.strata) byStratum.set(s.stratum, []);
  for (const p of input.population) byStratum.get(p.stratum)?.push(p);
  const strata: StratumOutcome[] = [];
  const selected: PopulationMember[] = [];
  for (const s of input.strata) {
    const members = (byStratum.get(s.stratum) ?? []).sort((a, b) => a.subjectId - b.subjectId);
    const q = BigInt(members.length) * toScaled(s.probability);
    let k = Number(q / SCALE);
    const frac = q % SCALE;
    if (frac > 0n && rng.belowBig(SCALE) < frac) k += 1;
    selected.push(...pick(rng, members, k));
    strata.push({
      stratum: s.stratum,
      population: members.length,
      probability: s.probability,
      expected: fromScaled(q),
      selected: k,
    });
  }
  const pool = [...input.inspectors].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const items = selected.map((p, i): DrawnItem => {
    const eligible = pool.filter(
      (x) =>
        !(p.uscc !== null && x.excludeSubjects?.includes(p.uscc) === true) &&
        !(
          p.regionCode !== null &&
          x.excludeRegions?.some((r) => (p.regionCode as string).startsWith(r)) === true
        ),
    );
    if (eligible.length < input.inspectorsPerInspection)
      throw new InspectorShortageError(p.subjectId, eligible.length, input.inspectorsPerInspection);
    return {
      seq: i + 1,
      subjectId: p.subjectId,
      stratum: p.stratum,
      inspectors: pick(rng, eligible, input.inspectorsPerInspection).map((x) => x.code),
    };
  });
  return { strata, items };
}
