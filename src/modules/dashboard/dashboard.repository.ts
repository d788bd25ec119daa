// Read model for the console dashboard and the portal's headline figures. A documented exception to the module
// rules (docs/adr/0012-dashboard-read-model.md): these read-only aggregates query other modules' tables directly,
// because going through each service would mean loading every row to count it. Nothing here writes.
import { type Expression, type RawBuilder, sql } from 'kysely';
import { countValue } from '../../platform/db/count-value.js';
import type { Queryable } from '../../platform/db/database.js';
import { engineOf } from '../../platform/db/engine.js';
import type { ApplicationKind, ApplicationStatus } from '../workflows/workflow.table.js';

/**
 * The Asia/Shanghai calendar date (`YYYY-MM-DD`) of an instant column, in SQL. The one dialect-specific
 * expression of the module: SQLite stores instants as ISO text (UTC), PostgreSQL as timestamptz (ADR 0003).
 * China keeps UTC+8 without daylight saving, so a fixed offset is exact for the dates counted here.
 */
export function shanghaiDaySql(db: Queryable, column: Expression<string>): RawBuilder<string> {
  return engineOf(db) === 'postgres'
    ? sql<string>`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
    : sql<string>`substr(datetime(${column}, '+8 hours'), 1, 10)`;
}

export async function countProviders(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('provider')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'active')
    .executeTakeFirst();
  return countValue(row?.n);
}

/**
 * Records received per Shanghai day and provider since `since` (an instant): first versions only (what a
 * department delivered, not corrections), with how many of them arrived late (record.late: after the statutory
 * 7 working days).
 */
export async function recordsReceivedPerDay(
  db: Queryable,
  since: string,
): Promise<{ day: string; providerId: number; received: number; late: number }[]> {
  const day = shanghaiDaySql(db, sql.ref('received_at'));
  const rows = await db
    .selectFrom('record')
    .select([
      day.as('day'),
      'provider_id',
      (eb) => eb.fn.countAll().as('received'),
      (eb) => eb.fn.sum<number>('late').as('late'),
    ])
    .where('received_at', '>=', since)
    .where('change_kind', '=', 'ingest')
    .where('version', '=', 1)
    .groupBy([day, 'provider_id'])
    .execute();
  return rows.map((r) => ({
    day: String(r.day),
    providerId: r.provider_id,
    received: countValue(r.received),
    late: countValue(r.late),
  }));
}

/** Rows read and rejected per provider over batches started since `since` (dry runs excluded). */
export async function batchCountsPerProvider(
  db: Queryable,
  since: string,
): Promise<{ providerId: number; batches: number; read: number; rejected: number; warned: number }[]> {
  const rows = await db
    .selectFrom('batch')
    .select([
      'provider_id',
      (eb) => eb.fn.countAll().as('batches'),
      (eb) => eb.fn.sum<number>('read_rows').as('read'),
      (eb) => eb.fn.sum<number>('rejected').as('rejected'),
      (eb) => eb.fn.sum<number>('warned').as('warned'),
    ])
    .where('started_at', '>=', since)
    .where('status', '!=', 'dry_run')
    .groupBy('provider_id')
    .execute();
  return rows.map((r) => ({
    providerId: r.provider_id,
    batches: countValue(r.batches),
    read: countValue(r.read),
    rejected: countValue(r.rejected),
    warned: countValue(r.warned),
  }));
}

/** The most frequent row issue codes over batches started since `since`. */
export async function topIssueCodes(
  db: Queryable,
  since: string,
  limit: number,
): Promise<{ code: string; severity: string; count: number }[]> {
  const rows = await db
    .selectFrom('batch_issue as i')
    .innerJoin('batch as b', 'b.id', 'i.batch_id')
    .select(['i.code', 'i.severity', (eb) => eb.fn.countAll().as('n')])
    .where('b.started_at', '>=', since)
    .where('b.status', '!=', 'dry_run')
    .groupBy(['i.code', 'i.severity'])
    .orderBy('n', 'desc')
    .orderBy('i.code')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ code: r.code, severity: r.severity, count: countValue(r.n) }));
}

/** Credit checks run since `since`, by scenario: runs and subjects checked. */
export async function checksPerScenario(
  db: Queryable,
  since: string,
): Promise<{ scenario: string; runs: number; subjects: number }[]> {
  const rows = await db
    .selectFrom('check_run')
    .select([
      'scenario',
      (eb) => eb.fn.countAll().as('runs'),
      (eb) => eb.fn.sum<number>('subject_count').as('subjects'),
    ])
    .where('checked_at', '>=', since)
    .groupBy('scenario')
    .orderBy('runs', 'desc')
    .execute();
  return rows.map((r) => ({
    scenario: r.scenario,
    runs: countValue(r.runs),
    subjects: countValue(r.subjects),
  }));
}

/**
 * Objection and repair applications in one of `statuses` (those still being handled), counted by kind, status and
 * due date: the due dates are few, so the caller counts working days once per date.
 */
export async function applicationsByDueDate(
  db: Queryable,
  statuses: readonly ApplicationStatus[],
): Promise<{ kind: ApplicationKind; status: ApplicationStatus; dueOn: string | null; count: number }[]> {
  if (statuses.length === 0) return [];
  const rows = await db
    .selectFrom('application')
    .select(['kind', 'status', 'due_on', (eb) => eb.fn.countAll().as('n')])
    .where('status', 'in', [...statuses])
    .groupBy(['kind', 'status', 'due_on'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, dueOn: r.due_on, count: countValue(r.n) }));
}
