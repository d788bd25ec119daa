import type { Generated } from 'kysely';

/** `scenario`: a business scenario (业务场景), JSON spec {@link ScenarioSpec}. */
export interface ScenarioTable {
  id: Generated<number>;
  code: string;
  spec: string;
  status: 'active' | 'retired';
  updated_at: string;
}

/** `measure`: one version of a measure (惩戒/激励措施), JSON spec {@link MeasureSpec}; versions are never changed. */
export interface MeasureTable {
  id: Generated<number>;
  code: string;
  version: number;
  spec: string;
  spec_digest: string;
  status: 'active' | 'retired';
  created_at: string;
  created_by: string;
}

/**
 * `measure_basis_decision`: an admin confirming (1) or withdrawing (0) a measure's legal basis, made on the basis text
 * whose SM3 is `basis_digest`; the newest decision on the current text wins (migration 0016).
 */
export interface MeasureBasisDecisionTable {
  id: Generated<number>;
  code: string;
  basis_digest: string;
  confirmed: 0 | 1;
  note: string | null;
  decided_by: string;
  decided_at: string;
}
