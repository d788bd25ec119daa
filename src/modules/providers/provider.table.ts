import type { Generated } from 'kysely';

/** `provider`: a department that submits records (信息提供单位). */
export interface ProviderTable {
  id: Generated<number>;
  /** Short stable code used on the CLI and in profiles, e.g. `sx-amr`. */
  code: string;
  name: string;
  uscc: string | null;
  region_code: string;
  /** Sector deciding which publicity rule set applies, e.g. `market_regulation`, `emergency_management`. */
  sector: string;
  /** JSON array of catalog item codes the provider may submit. */
  items: string;
  status: 'active' | 'suspended';
  created_at: string;
}
