import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { validateUscc } from '../../standards/uscc.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import {
  findProviderByCode,
  findProviderById,
  insertProvider,
  listProviders,
  type Provider,
  updateProviderRow,
} from './provider.repository.js';

export type { Provider } from './provider.repository.js';

/**
 * Provider sectors. The sector selects the publicity rule set: `market_regulation` → SAMR Order 45;
 * `special_equipment`, `emergency_management` (安全生产) and `fire_rescue` (消防) → the Order 58 special minimum;
 * anything else is an ordinary sector.
 */
export const PROVIDER_SECTORS: Readonly<Record<string, string>> = {
  market_regulation: '市场监管',
  special_equipment: '特种设备安全监管',
  emergency_management: '应急管理（安全生产）',
  fire_rescue: '消防救援',
  ecology_environment: '生态环境',
  transport: '交通运输',
  housing_construction: '住房和城乡建设',
  taxation: '税务',
  human_resources: '人力资源和社会保障',
  culture_tourism: '文化和旅游',
  health: '卫生健康',
  courts: '人民法院',
  development_reform: '发展改革（信用）',
  general: '其他',
};

export interface ProviderInput {
  readonly code: string;
  readonly name: string;
  readonly uscc: string | null;
  readonly regionCode: string;
  readonly sector: string;
  readonly items: readonly string[];
  readonly status?: 'active' | 'suspended';
}

/** @throws AppError not_found */
export async function getProvider(db: Queryable, code: string): Promise<Provider> {
  const p = await findProviderByCode(db, code);
  if (p === undefined) throw new AppError('not_found', `provider ${code} not found`);
  return p;
}

export async function getProviderById(db: Queryable, id: number): Promise<Provider> {
  const p = await findProviderById(db, id);
  if (p === undefined) throw new AppError('not_found', `provider ${id} not found`);
  return p;
}

export function allProviders(db: Queryable): Promise<Provider[]> {
  return listProviders(db);
}

function check(input: ProviderInput): void {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(input.code))
    problems.push('code must be 2–40 lower-case letters, digits or hyphens');
  if (input.name.trim() === '') problems.push('name is required');
  if (input.uscc !== null && validateUscc(input.uscc).status !== 'valid')
    problems.push(`uscc ${input.uscc} is not valid`);
  if (!/^\d{6}$/.test(input.regionCode)) problems.push('regionCode must be a 6-digit GB/T 2260 code');
  if (PROVIDER_SECTORS[input.sector] === undefined)
    problems.push(`sector must be one of ${Object.keys(PROVIDER_SECTORS).join(', ')}`);
  if (problems.length > 0) throw new AppError('validation_failed', problems.join('; '));
}

/** Creates or updates a provider (by code); idempotent for identical input. Audited. */
export async function saveProvider(tx: Tx, actor: Actor, input: ProviderInput, at: Date): Promise<Provider> {
  authorize(actor, 'provider.manage');
  check(input);
  const existing = await findProviderByCode(tx, input.code);
  const data = {
    name: input.name,
    uscc: input.uscc,
    regionCode: input.regionCode,
    sector: input.sector,
    items: [...input.items].map((i) => i.toUpperCase()),
    status: input.status ?? 'active',
  };
  if (existing !== undefined) {
    const same =
      JSON.stringify({ ...existing, id: 0 }) === JSON.stringify({ id: 0, code: existing.code, ...data });
    if (same) return existing;
    await updateProviderRow(tx, existing.id, data);
  }
  const saved =
    existing === undefined
      ? await insertProvider(tx, { code: input.code, ...data }, at.toISOString())
      : await getProvider(tx, input.code);
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: existing === undefined ? 'provider.created' : 'provider.updated',
        entityType: 'provider',
        entityId: saved.code,
        payload: { ...data },
      },
    ],
    at,
  );
  return saved;
}
