import { type Actor, actorLabel } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import type { MeasureSpec, ScenarioSpec } from './measure.types.js';
import { SHIPPED_MEASURES, SHIPPED_SCENARIOS } from './shipped-measures.js';

export interface MeasureVersion {
  readonly id: number;
  readonly code: string;
  readonly version: number;
  readonly status: 'active' | 'retired';
  readonly spec: MeasureSpec;
}

const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

/** Problems with a measure definition (empty = fine). */
export function validateMeasure(m: MeasureSpec, scenarios: ReadonlySet<string>): string[] {
  const p: string[] = [];
  if (!CODE.test(m.code))
    p.push(`措施代码 ${m.code} 应符合 ${CODE}（大写字母开头，2–40 位大写字母、数字或下划线）`);
  if (m.triggers.length === 0) p.push('措施至少需要一个触发条件');
  if (m.scenarios.length === 0) p.push('措施至少需要一个业务场景');
  for (const s of m.scenarios) if (!scenarios.has(s)) p.push(`业务场景 ${s} 不存在`);
  if ((m.kind === 'incentive') !== (m.effect === 'incentive'))
    p.push('激励措施的效果应为 incentive，惩戒措施的效果应为 bar 或 restrict');
  if (m.measureClass === 1 && m.legalBasis.trim() === '')
    p.push('第一类措施必须注明法律依据（国办发〔2020〕49号）');
  for (const t of m.triggers)
    if ((t.field === undefined) !== (t.values === undefined))
      p.push(`信息项 ${t.item} 的触发条件：field 与 values 须同时填写`);
  return p;
}

/** Inserts or refreshes the shipped scenarios and measures (a changed measure gets a new version). Idempotent. */
export async function syncShippedMeasures(tx: Tx, at: Date): Promise<void> {
  const iso = at.toISOString();
  for (const s of SHIPPED_SCENARIOS) {
    const spec = JSON.stringify(s);
    const row = await tx
      .selectFrom('scenario')
      .select(['id', 'spec'])
      .where('code', '=', s.code)
      .executeTakeFirst();
    if (row === undefined)
      await tx
        .insertInto('scenario')
        .values({ code: s.code, spec, status: 'active', updated_at: iso })
        .execute();
  }
  const scenarios = new Set((await tx.selectFrom('scenario').select('code').execute()).map((r) => r.code));
  for (const m of SHIPPED_MEASURES) {
    const problems = validateMeasure(m, scenarios);
    if (problems.length > 0) throw new Error(`shipped measure ${m.code}: ${problems.join('; ')}`);
    await insertVersionIfChanged(tx, m, 'system:measures-sync', iso, at);
  }
}

async function insertVersionIfChanged(
  tx: Tx,
  m: MeasureSpec,
  by: string,
  iso: string,
  at: Date,
): Promise<MeasureVersion> {
  const digest = sm3Hex(canonicalJson(m));
  const latest = await tx
    .selectFrom('measure')
    .select(['id', 'version', 'spec_digest'])
    .where('code', '=', m.code)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (latest?.spec_digest === digest) return getMeasureVersion(tx, latest.id);
  const version = (latest?.version ?? 0) + 1;
  const row = await tx
    .insertInto('measure')
    .values({
      code: m.code,
      version,
      spec: JSON.stringify(m),
      spec_digest: digest,
      status: 'active',
      created_at: iso,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAudit(
    tx,
    [
      {
        actor: by,
        action: 'measure.versioned',
        entityType: 'measure',
        entityId: `${m.code}@${version}`,
        payload: { digest },
      },
    ],
    at,
  );
  return getMeasureVersion(tx, row.id);
}

async function getMeasureVersion(db: Queryable, id: number): Promise<MeasureVersion> {
  const r = await db
    .selectFrom('measure')
    .select(['id', 'code', 'version', 'status', 'spec'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    status: r.status,
    spec: JSON.parse(r.spec) as MeasureSpec,
  };
}

/** The newest active version of every measure. */
export async function listActiveMeasures(db: Queryable): Promise<MeasureVersion[]> {
  const rows = await db
    .selectFrom('measure as m')
    .select(['m.id', 'm.code', 'm.version', 'm.status', 'm.spec'])
    .where(({ eb, selectFrom }) =>
      eb(
        'm.version',
        '=',
        selectFrom('measure as n')
          .select(({ fn }) => fn.max('n.version').as('v'))
          .whereRef('n.code', '=', 'm.code'),
      ),
    )
    .where('m.status', '=', 'active')
    .orderBy('m.code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    version: r.version,
    status: r.status,
    spec: JSON.parse(r.spec) as MeasureSpec,
  }));
}

/** Active measures that apply in a scenario. */
export async function measuresForScenario(db: Queryable, scenario: string): Promise<MeasureVersion[]> {
  return (await listActiveMeasures(db)).filter((m) => m.spec.scenarios.includes(scenario));
}

export async function listScenarios(db: Queryable): Promise<ScenarioSpec[]> {
  const rows = await db
    .selectFrom('scenario')
    .select('spec')
    .where('status', '=', 'active')
    .orderBy('code')
    .execute();
  return rows.map((r) => JSON.parse(r.spec) as ScenarioSpec);
}

/** @throws AppError not_found */
export async function getScenario(db: Queryable, code: string): Promise<ScenarioSpec> {
  const row = await db
    .selectFrom('scenario')
    .select('spec')
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (row === undefined) throw notFound(`业务场景 ${code}`);
  return JSON.parse(row.spec) as ScenarioSpec;
}

/** Adds or changes a measure (a new version; earlier checks keep citing the version they used). Credit centre only. */
export async function saveMeasure(tx: Tx, actor: Actor, m: MeasureSpec, at: Date): Promise<MeasureVersion> {
  authorize(actor, 'measure.manage');
  const scenarios = new Set((await tx.selectFrom('scenario').select('code').execute()).map((r) => r.code));
  const problems = validateMeasure(m, scenarios);
  if (problems.length > 0) throw new AppError('validation_failed', problems.join('；'));
  return insertVersionIfChanged(tx, m, actorLabel(actor), at.toISOString(), at);
}

/** Adds a scenario (业务场景). Credit centre only. */
export async function saveScenario(tx: Tx, actor: Actor, s: ScenarioSpec, at: Date): Promise<ScenarioSpec> {
  authorize(actor, 'measure.manage');
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(s.code))
    throw new AppError('validation_failed', '业务场景代码应为小写字母开头的 2–40 位小写字母、数字或下划线');
  const existing = await tx.selectFrom('scenario').select('id').where('code', '=', s.code).executeTakeFirst();
  if (existing === undefined)
    await tx
      .insertInto('scenario')
      .values({ code: s.code, spec: JSON.stringify(s), status: 'active', updated_at: at.toISOString() })
      .execute();
  else
    await tx
      .updateTable('scenario')
      .set({ spec: JSON.stringify(s), updated_at: at.toISOString() })
      .where('id', '=', existing.id)
      .execute();
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: existing === undefined ? 'scenario.created' : 'scenario.updated',
        entityType: 'scenario',
        entityId: s.code,
        payload: { ...s },
      },
    ],
    at,
  );
  return s;
}
