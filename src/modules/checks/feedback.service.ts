import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { notFound, validationFailed } from '../../platform/errors.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';

export interface FeedbackInput {
  /** Index of the subject in the check. */
  readonly index: number;
  readonly measure: string;
  readonly applied: boolean;
  readonly outcome?: string;
  readonly note?: string;
}

/**
 * 应用反馈: the credit user reports, per checked subject and measure, whether it applied the measure and with
 * what outcome. Only measures the check returned for that subject can be reported.
 * @throws AppError not_found, forbidden, validation_failed
 */
export async function recordFeedback(
  tx: Tx,
  actor: Actor,
  checkNo: string,
  items: readonly FeedbackInput[],
  at: Date,
): Promise<number> {
  const run = await tx
    .selectFrom('check_run')
    .select(['id', 'organization', 'scenario'])
    .where('check_no', '=', checkNo)
    .executeTakeFirst();
  if (run === undefined) throw notFound(`核查 ${checkNo}`);
  authorize(actor, 'check.feedback', run.organization === null ? {} : { organization: run.organization });
  const results = await tx
    .selectFrom('check_result')
    .select(['idx', 'measures'])
    .where('check_id', '=', run.id)
    .execute();
  const measuresAt = new Map(results.map((r) => [r.idx, JSON.parse(r.measures) as string[]]));
  const problems = items.flatMap((f) => {
    const ms = measuresAt.get(f.index);
    if (ms === undefined)
      return [
        {
          field: `items[${f.index}].index`,
          code: 'unknown_index',
          message: `该次核查没有第 ${f.index} 号主体`,
        },
      ];
    if (!ms.includes(f.measure))
      return [
        {
          field: `items[${f.index}].measure`,
          code: 'not_applied',
          message: `措施 ${f.measure} 不适用于第 ${f.index} 号主体`,
        },
      ];
    return [];
  });
  if (problems.length > 0) throw validationFailed(problems);
  const iso = at.toISOString();
  await tx
    .insertInto('check_feedback')
    .values(
      items.map((f) => ({
        check_id: run.id,
        idx: f.index,
        measure_code: f.measure,
        applied: f.applied ? (1 as const) : (0 as const),
        outcome: f.outcome ?? null,
        note: f.note ?? null,
        recorded_by: actorLabel(actor),
        recorded_at: iso,
      })),
    )
    .execute();
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'check.feedback',
        entityType: 'check',
        entityId: checkNo,
        payload: { items: items.length },
      },
    ],
    at,
  );
  return items.length;
}

export interface CheckStats {
  readonly byScenario: {
    scenario: string;
    checks: number;
    subjects: number;
    barred: number;
    restricted: number;
    incentive: number;
    clear: number;
  }[];
  readonly byMeasure: { measure: string; triggered: number; applied: number; notApplied: number }[];
}

/** Checks per scenario and verdict, and per measure how often it was triggered and reported applied. */
export async function checkStatistics(db: Queryable, actor: Actor): Promise<CheckStats> {
  authorize(actor, 'check.stats');
  const verdicts = await db
    .selectFrom('check_result as r')
    .innerJoin('check_run as c', 'c.id', 'r.check_id')
    .select([
      'c.scenario',
      'r.verdict',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.count<number>('c.id').distinct().as('checks'),
    ])
    .groupBy(['c.scenario', 'r.verdict'])
    .execute();
  const byScenario = new Map<
    string,
    {
      scenario: string;
      checks: number;
      subjects: number;
      barred: number;
      restricted: number;
      incentive: number;
      clear: number;
    }
  >();
  const checksPer = await db
    .selectFrom('check_run')
    .select(['scenario', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('scenario')
    .execute();
  for (const c of checksPer)
    byScenario.set(c.scenario, {
      scenario: c.scenario,
      checks: Number(c.n),
      subjects: 0,
      barred: 0,
      restricted: 0,
      incentive: 0,
      clear: 0,
    });
  for (const v of verdicts) {
    const s = byScenario.get(v.scenario);
    if (s === undefined) continue;
    s.subjects += Number(v.n);
    if (
      v.verdict === 'barred' ||
      v.verdict === 'restricted' ||
      v.verdict === 'incentive' ||
      v.verdict === 'clear'
    )
      s[v.verdict] += Number(v.n);
  }
  const triggered = new Map<string, number>();
  for (const r of await db
    .selectFrom('check_result')
    .select('measures')
    .where('measures', '!=', '[]')
    .execute()) {
    for (const m of JSON.parse(r.measures) as string[]) triggered.set(m, (triggered.get(m) ?? 0) + 1);
  }
  const fb = await db
    .selectFrom('check_feedback')
    .select(['measure_code', 'applied', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['measure_code', 'applied'])
    .execute();
  const measures = new Set([...triggered.keys(), ...fb.map((f) => f.measure_code)]);
  return {
    byScenario: [...byScenario.values()],
    byMeasure: [...measures].sort().map((m) => ({
      measure: m,
      triggered: triggered.get(m) ?? 0,
      applied: Number(fb.find((f) => f.measure_code === m && Number(f.applied) === 1)?.n ?? 0),
      notApplied: Number(fb.find((f) => f.measure_code === m && Number(f.applied) === 0)?.n ?? 0),
    })),
  };
}
