import type { Generated } from 'kysely';

/**
 * `evaluation_model`: one immutable version of an evaluation model (评价模型). The definition is the JSON of an
 * {@link import('./evaluation-model.types.js').EvaluationModelDefinition}; a change is a new version. Exactly one
 * active version is the platform default (`is_default = 1`).
 */
export interface EvaluationModelTable {
  id: Generated<number>;
  code: string;
  version: number;
  name: string;
  origin: 'shipped' | 'custom';
  definition: string;
  /** SM3 of the canonical JSON of the definition. */
  digest: string;
  status: 'active' | 'retired';
  is_default: 0 | 1;
  created_at: string;
  created_by: string;
}

/**
 * `evaluation_run`: one evaluation pass of a model as of an instant. `high_water_record_id` is the largest record
 * id committed when the run started: the next incremental run looks at record versions after it.
 */
export interface EvaluationRunTable {
  id: Generated<number>;
  model_id: number;
  kind: 'full' | 'changed';
  as_of: string;
  as_of_date: string;
  status: 'running' | 'completed' | 'failed';
  high_water_record_id: number;
  high_water_subject_id: number;
  /** For incremental runs: the completed run whose marks it started from. */
  based_on_run_id: number | null;
  subjects_evaluated: number;
  results_written: number;
  message: string | null;
  triggered_by: string;
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
}

/**
 * `evaluation_result`: a subject's score and grade under one model version as of an instant, with the explanation
 * (each indicator's contribution and the record versions behind it). History: rows are only added; `is_current`
 * marks the latest result per (model, subject).
 */
export interface EvaluationResultTable {
  id: Generated<number>;
  run_id: number;
  model_id: number;
  subject_id: number;
  as_of: string;
  as_of_date: string;
  /** Score in hundredths of a point (exact integer; 100000 = 1000.00 points). */
  score: number;
  grade: string;
  /** Compact JSON explanation, see explanation.ts. */
  explanation: string;
  is_current: 0 | 1;
  created_at: string;
}
