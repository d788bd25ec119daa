import { type Insertable, type RawBuilder, type Selectable, sql } from 'kysely';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { type Engine, engineOf } from '../../platform/db/engine.js';
import type { PopulationFilter } from './inspection-plan.types.js';
import type {
  InspectionDrawItemTable,
  InspectionDrawPopulationTable,
  InspectionDrawTable,
  InspectionPlanTable,
} from './supervision.table.js';

export type PlanRow = Selectable<InspectionPlanTable>;
export type DrawRow = Selectable<InspectionDrawTable>;
export type DrawItemRow = Selectable<InspectionDrawItemTable>;

export async function insertPlan(tx: Tx, row: Insertable<InspectionPlanTable>): Promise<PlanRow> {
  return tx.insertInto('inspection_plan').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findPlan(db: Queryable, id: number): Promise<PlanRow | undefined> {
  return db.selectFrom('inspection_plan').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPlanByCode(db: Queryable, code: string): Promise<PlanRow | undefined> {
  return db.selectFrom('inspection_plan').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findPlans(
  db: Queryable,
  filter: { providerId?: number; status?: 'active' | 'closed'; limit: number; offset: number },
): Promise<PlanRow[]> {
  let q = db.selectFrom('inspection_plan').selectAll();
  if (filter.providerId !== undefined) q = q.where('provider_id', '=', filter.providerId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  return q.orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

export async function insertDraw(tx: Tx, row: Insertable<InspectionDrawTable>): Promise<DrawRow> {
  return tx.insertInto('inspection_draw').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findDraw(db: Queryable, planId: number, drawId: number): Promise<DrawRow | undefined> {
  return db
    .selectFrom('inspection_draw')
    .selectAll()
    .where('id', '=', drawId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
}

export function findDrawById(db: Queryable, drawId: number): Promise<DrawRow | undefined> {
  return db.selectFrom('inspection_draw').selectAll().where('id', '=', drawId).executeTakeFirst();
}

export function findDrawOn(db: Queryable, planId: number, date: string): Promise<DrawRow | undefined> {
  return db
    .selectFrom('inspection_draw')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('draw_date', '=', date)
    .executeTakeFirst();
}

export function findDraws(
  db: Queryable,
  filter: { planId?: number; limit: number; offset: number },
): Promise<(DrawRow & { plan_code: string; plan_name: string; provider_id: number })[]> {
  let q = db
    .selectFrom('inspection_draw as d')
    .innerJoin('inspection_plan as p', 'p.id', 'd.plan_id')
    .selectAll('d')
    .select(['p.code as plan_code', 'p.name as plan_name', 'p.provider_id']);
  if (filter.planId !== undefined) q = q.where('d.plan_id', '=', filter.planId);
  return q.orderBy('d.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

export async function insertPopulation(
  tx: Tx,
  rows: readonly Insertable<InspectionDrawPopulationTable>[],
): Promise<void> {
  await bulkInsert<Insertable<InspectionDrawPopulationTable>>(
    tx,
    'inspection_draw_population',
    ['draw_id', 'subject_id', 'stratum'],
    rows,
  );
}

export function findPopulation(
  db: Queryable,
  drawId: number,
): Promise<
  { subject_id: number; stratum: string; uscc: string | null; region_code: string | null; name: string }[]
> {
  return db
    .selectFrom('inspection_draw_population as p')
    .innerJoin('subject as s', 's.id', 'p.subject_id')
    .select(['p.subject_id', 'p.stratum', 's.uscc', 's.region_code', 's.name'])
    .where('p.draw_id', '=', drawId)
    .orderBy('p.subject_id')
    .execute();
}

export async function insertItems(
  tx: Tx,
  rows: readonly Insertable<InspectionDrawItemTable>[],
): Promise<void> {
  await bulkInsert<Insertable<InspectionDrawItemTable>>(
    tx,
    'inspection_draw_item',
    [
      'draw_id',
      'seq',
      'subject_id',
      'stratum',
      'inspectors',
      'result',
      'result_date',
      'record_id',
      'batch_id',
      'recorded_at',
    ],
    rows,
  );
}

export function findItems(
  db: Queryable,
  drawId: number,
): Promise<
  (DrawItemRow & { name: string; uscc: string | null; kind: string; region_code: string | null })[]
> {
  return db
    .selectFrom('inspection_draw_item as i')
    .innerJoin('subject as s', 's.id', 'i.subject_id')
    .selectAll('i')
    .select(['s.name', 's.uscc', 's.kind', 's.region_code'])
    .where('i.draw_id', '=', drawId)
    .orderBy('i.seq')
    .execute();
}

export async function recordItemResult(
  tx: Tx,
  itemId: number,
  set: Pick<DrawItemRow, 'result' | 'result_date' | 'record_id' | 'batch_id' | 'recorded_at'>,
): Promise<void> {
  await tx.updateTable('inspection_draw_item').set(set).where('id', '=', itemId).execute();
}

function jsonText(engine: Engine, key: string): RawBuilder<unknown> {
  return engine === 'sqlite' ? sql`json_extract(r.fields, ${`$.${key}`})` : sql`(r.fields::json ->> ${key})`;
}

/**
 * Subjects matching a plan's population filter now (current record versions), ascending id. Industry comes from
 * the current REGISTRATION record (DJ_HYDM prefix, DJ_HYMC fragment); required items need a current active
 * record. Callers validate the filter's strings (no LIKE wildcards).
 */
export async function findPopulationCandidates(
  db: Queryable,
  filter: PopulationFilter,
): Promise<{ id: number; uscc: string | null; region_code: string | null }[]> {
  const engine = engineOf(db);
  const conditions: RawBuilder<unknown>[] = [
    sql`s.kind in (${sql.join(filter.subjectKinds.map((k) => sql`${k}`))})`,
  ];
  if (filter.regionPrefix !== null) conditions.push(sql`s.region_code like ${`${filter.regionPrefix}%`}`);
  if (filter.excludeRegStatuses.length > 0)
    conditions.push(
      sql`(s.reg_status is null or s.reg_status not in (${sql.join(filter.excludeRegStatuses.map((x) => sql`${x}`))}))`,
    );
  const industry: RawBuilder<unknown>[] = [
    ...filter.industryCodes.map((c) => sql`${jsonText(engine, 'DJ_HYDM')} like ${`${c}%`}`),
    ...filter.industryNames.map((n) => sql`${jsonText(engine, 'DJ_HYMC')} like ${`%${n}%`}`),
  ];
  if (industry.length > 0)
    conditions.push(sql`exists (select 1 from record r where r.subject_id = s.id and r.item_code = 'REGISTRATION'
      and r.is_current = 1 and r.status = 'active' and (${sql.join(industry, sql` or `)}))`);
  for (const item of filter.requireItems)
    conditions.push(sql`exists (select 1 from record r where r.subject_id = s.id and r.item_code = ${item}
      and r.is_current = 1 and r.status = 'active')`);
  const rows = await sql<{
    id: number;
    uscc: string | null;
    region_code: string | null;
  }>`select s.id, s.uscc, s.region_code
    from subject s where ${sql.join(conditions, sql` and `)} order by s.id`.execute(db);
  return rows.rows.map((r) => ({ id: Number(r.id), uscc: r.uscc, region_code: r.region_code }));
}

/** The current XZJC record with a business key, if any (after ingesting an inspection result). */
export function findCurrentInspectionRecord(
  db: Queryable,
  providerId: number,
  businessKey: string,
): Promise<{ id: number; batch_id: number | null } | undefined> {
  return db
    .selectFrom('record')
    .select(['id', 'batch_id'])
    .where('item_code', '=', 'XZJC')
    .where('provider_id', '=', providerId)
    .where('business_key', '=', businessKey)
    .where('is_current', '=', 1)
    .executeTakeFirst();
}
