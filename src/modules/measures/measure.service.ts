import { type Actor, actorLabel } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
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
  if (!CODE.test(m.code)) p.push(`code ${m.code} must match ${CODE}`);
  if (m.triggers.length === 0) p.push('a measure needs at least one trigger');
  if (m.scenarios.length === 0) p.push('a measure needs at least one scenario');
  for (const s of m.scenarios) if (!scenarios.has(s)) p.push(`unknown scenario ${s}`);
  if ((m.kind === 'incentive') !== (m.effect === 'incentive'))
    p.push('incentive measures have effect incentive, discipline measures bar or restrict');
  if (m.measureClass === 1 && m.legalBasis.trim() === '')
    p.push('class-1 measures need a legal basis (国办发〔2020〕49号)');
  for (const t of m.triggers)
    if ((t.field === undefined) !== (t.values === undefined))
      p.push(`trigger on ${t.item}: field and values go together`);
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
  if (row === undefined) throw new AppError('not_found', `scenario ${code} not found`);
  return JSON.parse(row.spec) as ScenarioSpec;
}

/** Adds or changes a measure (a new version; earlier checks keep citing the version they used). Credit centre only. */
export async function saveMeasure(tx: Tx, actor: Actor, m: MeasureSpec, at: Date): Promise<MeasureVersion> {
  authorize(actor, 'measure.manage');
  const scenarios = new Set((await tx.selectFrom('scenario').select('code').execute()).map((r) => r.code));
  const problems = validateMeasure(m, scenarios);
  if (problems.length > 0) throw new AppError('validation_failed', problems.join('; '));
  return insertVersionIfChanged(tx, m, actorLabel(actor), at.toISOString(), at);
}

/** Adds a scenario (业务场景). Credit centre only. */
export async function saveScenario(tx: Tx, actor: Actor, s: ScenarioSpec, at: Date): Promise<ScenarioSpec> {
  authorize(actor, 'measure.manage');
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(s.code))
    throw new AppError('validation_failed', 'scenario code must be lower-case letters, digits and _');
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
