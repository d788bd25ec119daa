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
