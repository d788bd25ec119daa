import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { type IssueDetail, notFound, validationFailed } from '../../platform/errors.js';
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
  if (p === undefined) throw notFound(`信息提供单位 ${code}`);
  return p;
}

export async function getProviderById(db: Queryable, id: number): Promise<Provider> {
  const p = await findProviderById(db, id);
  if (p === undefined) throw notFound(`信息提供单位 ${id}`);
  return p;
}

export function allProviders(db: Queryable): Promise<Provider[]> {
  return listProviders(db);
}

function check(input: ProviderInput): void {
  const problems: IssueDetail[] = [];
  const bad = (field: string, code: string, message: string) => problems.push({ field, code, message });
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(input.code))
    bad('code', 'format', '单位代码应为 2–40 位小写字母、数字或连字符');
  if (input.name.trim() === '') bad('name', 'required', '单位名称为必填项');
  if (input.uscc !== null) {
    const v = validateUscc(input.uscc);
    if (v.status !== 'valid')
      bad(
        'uscc',
        v.status === 'invalid' ? `uscc_${v.reason}` : `uscc_${v.status}`,
        `统一社会信用代码 ${input.uscc} 无效${v.status === 'invalid' ? `：${v.message}` : ''}`,
      );
  }
  if (!/^\d{6}$/.test(input.regionCode)) bad('regionCode', 'format', '行政区划代码应为 6 位 GB/T 2260 代码');
  if (PROVIDER_SECTORS[input.sector] === undefined)
    bad('sector', 'unknown', `行业领域应为以下之一：${Object.keys(PROVIDER_SECTORS).join('、')}`);
  if (problems.length > 0) throw validationFailed(problems);
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
