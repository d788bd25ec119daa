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
  /** The basis in force: the newest admin decision on the current basis text, else the spec's `basisConfirmed`. */
  readonly basisConfirmed: boolean;
  /** That admin decision, when there is one on the current basis text. */
  readonly basisDecision: BasisDecision | null;
}

export interface BasisDecision {
  readonly confirmed: boolean;
  readonly note: string | null;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

/** A stored spec; specs stored before issue 16 have no `nationalListEntry` / `basisConfirmed` (unconfirmed). */
function parseSpec(json: string): MeasureSpec {
  const raw = JSON.parse(json) as Omit<MeasureSpec, 'nationalListEntry' | 'basisConfirmed'> &
    Partial<Pick<MeasureSpec, 'nationalListEntry' | 'basisConfirmed'>>;
  return {
    ...raw,
    nationalListEntry: raw.nationalListEntry ?? null,
    basisConfirmed: raw.basisConfirmed === true,
  };
}

/** SM3 of a legal basis text: a confirmation holds for the text it was made on, not for a later change of it. */
function basisDigest(legalBasis: string): string {
  return sm3Hex(legalBasis.trim());
}

/** The newest admin decision per measure code on the basis text each version cites. */
async function basisDecisions(
  db: Queryable,
  specs: readonly MeasureSpec[],
): Promise<Map<string, BasisDecision>> {
  const out = new Map<string, BasisDecision>();
  if (specs.length === 0) return out;
  const wanted = new Map(specs.map((s) => [s.code, basisDigest(s.legalBasis)]));
  const rows = await db
    .selectFrom('measure_basis_decision')
    .select(['code', 'basis_digest', 'confirmed', 'note', 'decided_by', 'decided_at'])
    .where('code', 'in', [...wanted.keys()])
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    if (out.has(r.code) || wanted.get(r.code) !== r.basis_digest) continue;
    out.set(r.code, {
      confirmed: Number(r.confirmed) === 1,
      note: r.note,
      decidedBy: r.decided_by,
      decidedAt: new Date(r.decided_at).toISOString(),
    });
  }
  return out;
}

async function withBasis(
  db: Queryable,
  rows: readonly { id: number; code: string; version: number; status: 'active' | 'retired'; spec: string }[],
): Promise<MeasureVersion[]> {
  const specs = rows.map((r) => parseSpec(r.spec));
  const decisions = await basisDecisions(db, specs);
  return rows.map((r, i) => {
    const spec = specs[i] as MeasureSpec;
    const decision = decisions.get(r.code) ?? null;
    return {
      id: r.id,
      code: r.code,
      version: r.version,
      status: r.status,
      spec,
      basisConfirmed: decision?.confirmed ?? spec.basisConfirmed,
      basisDecision: decision,
    };
  });
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
  return (await withBasis(db, [r]))[0] as MeasureVersion;
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
  return withBasis(db, rows);
}

/**
 * A platform admin confirms (or withdraws the confirmation of) the legal basis of a measure's current version,
 * after checking the cited law, regulation or central document. The decision holds for that basis text: a version
 * citing another text is unconfirmed again until decided. Audited.
 * @throws AppError forbidden, not_found (no active measure with that code), validation_failed (no note on withdrawal)
 */
export async function decideMeasureBasis(
  tx: Tx,
  actor: Actor,
  code: string,
  decision: { confirmed: boolean; note?: string },
  at: Date,
): Promise<MeasureVersion> {
  authorize(actor, 'measure.confirm_basis');
  const current = (await listActiveMeasures(tx)).find((m) => m.code === code);
  if (current === undefined) throw notFound(`措施 ${code}`);
  const note = decision.note?.trim() === '' ? undefined : decision.note?.trim();
  if (!decision.confirmed && note === undefined)
    throw new AppError('validation_failed', '撤回法律依据确认须说明理由');
  const digest = basisDigest(current.spec.legalBasis);
  const by = actorLabel(actor);
  await tx
    .insertInto('measure_basis_decision')
    .values({
      code,
      basis_digest: digest,
      confirmed: decision.confirmed ? 1 : 0,
      note: note ?? null,
      decided_by: by,
      decided_at: at.toISOString(),
    })
    .execute();
  await appendAudit(
    tx,
    [
      {
        actor: by,
        action: decision.confirmed ? 'measure.basis_confirmed' : 'measure.basis_withdrawn',
        entityType: 'measure',
        entityId: `${code}@${current.version}`,
        payload: { legalBasis: current.spec.legalBasis, basisDigest: digest, note: note ?? null },
      },
    ],
    at,
  );
  return getMeasureVersion(tx, current.id);
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
