import { type Actor, actorLabel } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, type IssueDetail, notFound, validationFailed } from '../../platform/errors.js';
import { normalizeUscc } from '../../standards/uscc.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getCurrentItem } from '../catalog/catalog.service.js';
import { resolveModel, syncShippedModels } from '../evaluation/evaluation-model.service.js';
import { getProvider, getProviderById } from '../providers/provider.service.js';
import { stratumProbability } from './draw-algorithm.js';
import type { InspectionPlanDefinition, PlanInspector } from './inspection-plan.types.js';
import { findPlan, findPlanByCode, findPlans, insertPlan, type PlanRow } from './supervision.repository.js';

/** What a regulator submits; omitted parts take the documented defaults. */
export interface PlanInput {
  readonly code: string;
  readonly name: string;
  readonly regulator: string;
  readonly matter: string;
  readonly population?: {
    readonly regionPrefix?: string | null;
    readonly subjectKinds?: readonly ('legal_entity' | 'individual_business')[];
    readonly industryCodes?: readonly string[];
    readonly industryNames?: readonly string[];
    readonly requireItems?: readonly string[];
    readonly excludeRegStatuses?: readonly string[];
  };
  readonly baseRatio: string;
  /** Model reference (CODE or CODE@VERSION) for grade strata; absent = the default model; null = no grades. */
  readonly model?: string | null;
  /** Overrides of the model's default multipliers (per grade, `unrated`). */
  readonly multipliers?: Readonly<Record<string, string>>;
  readonly inspectors: readonly {
    readonly code: string;
    readonly name: string;
    readonly organization: string;
    readonly excludeSubjects?: readonly string[];
    readonly excludeRegions?: readonly string[];
  }[];
  /** Default 2 (two inspectors per inspection). */
  readonly inspectorsPerInspection?: number;
}

/** Registration statuses left out of a population unless the plan says otherwise. */
export const DEFAULT_EXCLUDED_STATUSES = ['注销', '吊销', '撤销', '迁出'] as const;

export interface InspectionPlan {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly status: 'active' | 'closed';
  readonly regulator: { readonly id: number; readonly code: string; readonly name: string };
  readonly modelId: number | null;
  /** SM3 of the canonical JSON of `definition`; enters every draw's seed. */
  readonly digest: string;
  readonly definition: InspectionPlanDefinition;
  /** Sampling probability per stratum (min(1, baseRatio × multiplier)). */
  readonly probabilities: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** SM3 over the canonical JSON of a plan definition. */
export function planDigest(definition: InspectionPlanDefinition): string {
  return sm3Hex(canonicalJson(definition));
}

export async function toPlan(db: Queryable, r: PlanRow): Promise<InspectionPlan> {
  const definition = JSON.parse(r.definition) as InspectionPlanDefinition;
  const provider = await getProviderById(db, r.provider_id);
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    status: r.status,
    regulator: { id: provider.id, code: provider.code, name: provider.name },
    modelId: r.model_id,
    digest: r.digest,
    definition,
    probabilities: Object.fromEntries(
      Object.entries(definition.multipliers).map(([k, m]) => [
        k,
        stratumProbability(definition.baseRatio, m),
      ]),
    ),
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

const DECIMAL6 = /^\d{1,4}(\.\d{1,6})?$/;
const NO_WILDCARD = /^[^%_\\]{1,50}$/;

/**
 * Creates a random-inspection plan (双随机抽查计划), regulators and the credit centre. Defaults: both organisation
 * kinds, registration statuses 注销/吊销/撤销/迁出 excluded, the default evaluation model pinned as CODE@VERSION,
 * its per-grade multipliers (overridable), two inspectors per inspection. The stored definition has every default
 * resolved and is immutable; its digest seeds the draws. Audited.
 * @throws AppError forbidden, validation_failed (every problem named), not_found (regulator, model), conflict
 * (code taken)
 */
export async function createPlan(tx: Tx, actor: Actor, input: PlanInput, at: Date): Promise<InspectionPlan> {
  authorize(actor, 'inspection.manage');
  const issues: IssueDetail[] = [];
  const bad = (field: string, code: string, message: string) => issues.push({ field, code, message });
  if (!/^[A-Za-z0-9-]{3,40}$/.test(input.code)) bad('code', 'format', '计划编号应为 3–40 位字母、数字或 -');
  const provider = await getProvider(tx, input.regulator);
  if (!provider.items.includes('XZJC'))
    bad('regulator', 'not_allowed', `${provider.name}（${provider.code}）无权报送行政检查（XZJC）结果`);
  if (!DECIMAL6.test(input.baseRatio) || Number(input.baseRatio) <= 0 || Number(input.baseRatio) > 1)
    bad(
      'baseRatio',
      'format',
      `基础抽取比例 ${input.baseRatio} 应为大于 0、不超过 1 的小数，最多 6 位小数，例如 0.05`,
    );
  const pop = input.population ?? {};
  const regionPrefix = pop.regionPrefix ?? null;
  if (regionPrefix !== null && !/^\d{2,6}$/.test(regionPrefix))
    bad('population.regionPrefix', 'format', `行政区划 ${regionPrefix} 应为 GB/T 2260 代码的前 2–6 位数字`);
  for (const c of pop.industryCodes ?? [])
    if (!/^[A-Z0-9]{1,5}$/.test(c))
      bad('population.industryCodes', 'format', `行业代码 ${c} 应为 GB/T 4754 代码前缀，例如 C13`);
  for (const n of pop.industryNames ?? [])
    if (!NO_WILDCARD.test(n))
      bad('population.industryNames', 'format', `行业名称“${n}”应为 1–50 个字符，不能含 % _ \\`);
  for (const item of pop.requireItems ?? []) {
    try {
      await getCurrentItem(tx, item);
    } catch {
      bad('population.requireItems', 'unknown', `信息项 ${item} 不存在`);
    }
  }
  const kinds = pop.subjectKinds ?? ['legal_entity', 'individual_business'];
  if (kinds.length === 0) bad('population.subjectKinds', 'required', '至少需要一种主体类别');

  let modelRef: string | null = null;
  let modelId: number | null = null;
  let multipliers: Record<string, string> = { unrated: '1' };
  if (input.model !== null) {
    await syncShippedModels(tx, at);
    const model = await resolveModel(tx, input.model);
    modelRef = `${model.code}@${model.version}`;
    modelId = model.id;
    multipliers = { ...model.definition.inspectionMultipliers };
    if (multipliers.unrated === undefined) multipliers.unrated = '1';
    for (const g of model.definition.grades) if (multipliers[g.code] === undefined) multipliers[g.code] = '1';
  }
  for (const [k, v] of Object.entries(input.multipliers ?? {})) {
    if (!(k in multipliers))
      bad(`multipliers.${k}`, 'unknown', `没有分层 ${k}（分层为评价模型的各等级和 unrated 未评级）`);
    else if (!DECIMAL6.test(v))
      bad(`multipliers.${k}`, 'format', `抽取倍数 ${v} 应为非负小数，最多 6 位小数`);
    else multipliers[k] = v;
  }

  const perInspection = input.inspectorsPerInspection ?? 2;
  if (!Number.isInteger(perInspection) || perInspection < 1 || perInspection > 10)
    bad('inspectorsPerInspection', 'format', `每次检查的人数应为 1–10 人，实际为 ${perInspection}`);
  const codes = new Set<string>();
  const inspectors: PlanInspector[] = input.inspectors.map((x, i) => {
    if (!/^[A-Za-z0-9-]{1,32}$/.test(x.code))
      bad(`inspectors.${i}.code`, 'format', `检查人员编号 ${x.code} 应为不超过 32 位的字母、数字或 -`);
    if (codes.has(x.code)) bad(`inspectors.${i}.code`, 'duplicate', `检查人员 ${x.code} 重复出现`);
    codes.add(x.code);
    const excludeSubjects = [...new Set((x.excludeSubjects ?? []).map((u) => normalizeUscc(u)))].sort();
    const excludeRegions = [...new Set(x.excludeRegions ?? [])].sort();
    for (const r of excludeRegions)
      if (!/^\d{2,6}$/.test(r))
        bad(`inspectors.${i}.excludeRegions`, 'format', `回避地区 ${r} 应为 2–6 位数字`);
    return {
      code: x.code,
      name: x.name.trim(),
      organization: x.organization.trim(),
      excludeSubjects,
      excludeRegions,
    };
  });
  if (inspectors.length < perInspection)
    bad(
      'inspectors',
      'too_few',
      `检查人员名录只有 ${inspectors.length} 人，每次检查需要 ${perInspection} 人`,
    );
  if (issues.length > 0) throw validationFailed(issues);
  if ((await findPlanByCode(tx, input.code)) !== undefined)
    throw new AppError('conflict', `抽查计划 ${input.code} 已存在`);

  const definition: InspectionPlanDefinition = {
    code: input.code,
    name: input.name.trim(),
    regulator: provider.code,
    matter: input.matter.trim(),
    population: {
      regionPrefix,
      subjectKinds: [...new Set(kinds)].sort(),
      industryCodes: [...new Set(pop.industryCodes ?? [])].sort(),
      industryNames: [...new Set(pop.industryNames ?? [])].sort(),
      requireItems: [...new Set((pop.requireItems ?? []).map((i) => i.toUpperCase()))].sort(),
      excludeRegStatuses: [...new Set(pop.excludeRegStatuses ?? DEFAULT_EXCLUDED_STATUSES)].sort(),
    },
    baseRatio: input.baseRatio,
    model: modelRef,
    multipliers,
    inspectors: [...inspectors].sort((a, b) => (a.code < b.code ? -1 : 1)),
    inspectorsPerInspection: perInspection,
  };
  const digest = planDigest(definition);
  const row = await insertPlan(tx, {
    code: definition.code,
    name: definition.name,
    provider_id: provider.id,
    model_id: modelId,
    definition: JSON.stringify(definition),
    digest,
    status: 'active',
    created_at: at.toISOString(),
    created_by: actorLabel(actor),
  });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'inspection_plan.created',
        entityType: 'inspection_plan',
        entityId: row.id,
        payload: { code: row.code, regulator: provider.code, digest, model: modelRef },
      },
    ],
    at,
  );
  return toPlan(tx, row);
}

/** @throws AppError not_found, forbidden */
export async function getPlan(db: Queryable, actor: Actor, id: number): Promise<InspectionPlan> {
  authorize(actor, 'inspection.read');
  const r = await findPlan(db, id);
  if (r === undefined) throw notFound(`抽查计划 ${id}`);
  return toPlan(db, r);
}

/** A plan by id or code, for the CLI. @throws AppError not_found */
export async function getPlanByRef(db: Queryable, actor: Actor, ref: string): Promise<InspectionPlan> {
  authorize(actor, 'inspection.read');
  const r = /^\d+$/.test(ref) ? await findPlan(db, Number(ref)) : await findPlanByCode(db, ref);
  if (r === undefined) throw notFound(`抽查计划 ${ref}`);
  return toPlan(db, r);
}

export async function listPlans(
  db: Queryable,
  actor: Actor,
  filter: { regulator?: string; status?: 'active' | 'closed'; limit?: number; offset?: number } = {},
): Promise<InspectionPlan[]> {
  authorize(actor, 'inspection.read');
  const providerId =
    filter.regulator === undefined ? undefined : (await getProvider(db, filter.regulator)).id;
  const rows = await findPlans(db, {
    ...(providerId === undefined ? {} : { providerId }),
    ...(filter.status === undefined ? {} : { status: filter.status }),
    limit: filter.limit ?? 50,
    offset: filter.offset ?? 0,
  });
  return Promise.all(rows.map((r) => toPlan(db, r)));
}
