import type { Generated } from 'kysely';

/**
 * `inspection_plan`: a random-inspection plan (双随机抽查计划) of one regulator (a provider that submits 行政检查).
 * The definition (population filter, ratios, inspector pool) is immutable once created; `digest` is SM3 of its
 * canonical JSON and enters every draw's seed.
 */
export interface InspectionPlanTable {
  id: Generated<number>;
  /** Public plan number (抽查计划编号), written into JC_CCJH of the inspection records. */
  code: string;
  name: string;
  provider_id: number;
  /** Evaluation model version whose grades weight the sampling; null = no grades (one stratum). */
  model_id: number | null;
  definition: string;
  digest: string;
  status: 'active' | 'closed';
  created_at: string;
  created_by: string;
}

/** `inspection_draw`: one published draw (抽取结果) of a plan, with every input needed to re-run it. */
export interface InspectionDrawTable {
  id: Generated<number>;
  plan_id: number;
  draw_date: string;
  /** The public random input (e.g. a lottery number published that day), verbatim. */
  public_input: string;
  algorithm: string;
  plan_digest: string;
  /** SM3 seed, hex: see draw-algorithm.ts `drawSeed`. */
  seed: string;
  /** SM3 over the population lines `subject_id,stratum\n` in subject order. */
  population_digest: string;
  population_size: number;
  selected_count: number;
  /** JSON: per stratum population, probability and selected count. */
  strata: string;
  /** Instant whose current evaluation results gave the strata. */
  grades_as_of: string;
  drawn_at: string;
  drawn_by: string;
}

/** `inspection_draw_population`: the population snapshot a draw ran over (restricted: strata are grades). */
export interface InspectionDrawPopulationTable {
  draw_id: number;
  subject_id: number;
  stratum: string;
}

/** `inspection_draw_item`: one drawn subject with its inspectors and, once entered, its 行政检查 record. */
export interface InspectionDrawItemTable {
  id: Generated<number>;
  draw_id: number;
  seq: number;
  subject_id: number;
  stratum: string;
  /** JSON array of inspector codes in drawn order. */
  inspectors: string;
  result: 'no_issue' | 'rectify' | 'case_opened' | 'not_found' | null;
  result_date: string | null;
  record_id: number | null;
  batch_id: number | null;
  recorded_at: string | null;
}
