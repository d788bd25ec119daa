import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { notFound, validationFailed } from '../../platform/errors.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import type { ResultVerdict } from './check.table.js';

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
 * what outcome. Only measures the check returned for that subject can be reported, each once per request. A later
 * report on the same subject and measure corrects the earlier one: both rows are kept, statistics count the
 * latest. Errors name the item by its position in `items`.
 * @returns how many items were recorded and how many of them corrected an earlier report
 * @throws AppError not_found, forbidden, validation_failed
 */
export async function recordFeedback(
  tx: Tx,
  actor: Actor,
  checkNo: string,
  items: readonly FeedbackInput[],
  at: Date,
): Promise<{ recorded: number; corrected: number }> {
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
  const seen = new Map<string, number>();
  const problems = items.flatMap((f, k) => {
    const ms = measuresAt.get(f.index);
    if (ms === undefined)
      return [
        {
          field: `items[${k}].index`,
          code: 'unknown_index',
          message: `该次核查没有第 ${f.index} 号主体`,
        },
      ];
    if (!ms.includes(f.measure))
      return [
        {
          field: `items[${k}].measure`,
          code: 'not_applied',
          message: `措施 ${f.measure} 不适用于第 ${f.index} 号主体`,
        },
      ];
    const key = `${f.index}/${f.measure}`;
    const first = seen.get(key);
    seen.set(key, first ?? k);
    if (first !== undefined)
      return [
        {
          field: `items[${k}]`,
          code: 'duplicate',
          message: `第 ${f.index} 号主体的措施 ${f.measure} 已在 items[${first}] 中反馈`,
        },
      ];
    return [];
  });
  if (problems.length > 0) throw validationFailed(problems);
  const earlier = await tx
    .selectFrom('check_feedback')
    .select(['idx', 'measure_code'])
    .distinct()
    .where('check_id', '=', run.id)
    .execute();
  const reported = new Set(earlier.map((e) => `${e.idx}/${e.measure_code}`));
  const corrected = items.filter((f) => reported.has(`${f.index}/${f.measure}`)).length;
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
        payload: { items: items.length, corrected },
      },
    ],
    at,
  );
  return { recorded: items.length, corrected };
}

export interface CheckStats {
  readonly byScenario: {
    scenario: string;
    checks: number;
    subjects: number;
    barred: number;
    /** A bar applies whose legal basis is not confirmed: 提示，需人工核实法律依据. */
    prompt: number;
    restricted: number;
    incentive: number;
    clear: number;
    /** Not found, or a name that matched several subjects or none exactly: no verdict. */
    unresolved: number;
    notAuthorised: number;
  }[];
  readonly byMeasure: { measure: string; triggered: number; applied: number; notApplied: number }[];
}

/** The statistics column each result verdict is counted in; name-only and unknown subjects are unresolved. */
const STATS_COLUMN: Readonly<
  Record<
    ResultVerdict,
    'barred' | 'prompt' | 'restricted' | 'incentive' | 'clear' | 'unresolved' | 'notAuthorised'
  >
> = {
  barred: 'barred',
  prompt: 'prompt',
  restricted: 'restricted',
  incentive: 'incentive',
  clear: 'clear',
  ambiguous: 'unresolved',
  not_found: 'unresolved',
  not_authorised: 'notAuthorised',
};

/**
 * Checks per scenario and verdict (the verdict columns, `unresolved` and `notAuthorised` add up to `subjects`), and per measure how often it was triggered and reported applied (latest report per subject and measure).
 */
export async function checkStatistics(db: Queryable, actor: Actor): Promise<CheckStats> {
  authorize(actor, 'check.stats');
  const verdicts = await db
    .selectFrom('check_result as r')
    .innerJoin('check_run as c', 'c.id', 'r.check_id')
    .select(['c.scenario', 'r.verdict', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['c.scenario', 'r.verdict'])
    .execute();
  const byScenario = new Map<
    string,
    {
      scenario: string;
      checks: number;
      subjects: number;
      barred: number;
      prompt: number;
      restricted: number;
      incentive: number;
      clear: number;
      unresolved: number;
      notAuthorised: number;
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
      prompt: 0,
      restricted: 0,
      incentive: 0,
      clear: 0,
      unresolved: 0,
      notAuthorised: 0,
    });
  for (const v of verdicts) {
    const s = byScenario.get(v.scenario);
    if (s === undefined) continue;
    s.subjects += Number(v.n);
    s[STATS_COLUMN[v.verdict]] += Number(v.n);
  }
  const triggered = new Map<string, number>();
  for (const r of await db
    .selectFrom('check_result')
    .select('measures')
    .where('measures', '!=', '[]')
    .execute()) {
    for (const m of JSON.parse(r.measures) as string[]) triggered.set(m, (triggered.get(m) ?? 0) + 1);
  }
  // the latest report per check, subject and measure (a later report corrects an earlier one)
  const fb = await db
    .selectFrom('check_feedback as f')
    .select(['f.measure_code', 'f.applied', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) =>
      eb(
        'f.id',
        '=',
        eb
          .selectFrom('check_feedback as g')
          .select((g) => g.fn.max('g.id').as('latest'))
          .whereRef('g.check_id', '=', 'f.check_id')
          .whereRef('g.idx', '=', 'f.idx')
          .whereRef('g.measure_code', '=', 'f.measure_code'),
      ),
    )
    .groupBy(['f.measure_code', 'f.applied'])
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
