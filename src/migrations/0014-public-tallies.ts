import { type Kysely, sql } from 'kysely';
import { isPostgres } from './support.js';

/**
 * Maintained summaries for the portal's public headline figures (docs/adr/0012-dashboard-read-model.md), so an
 * anonymous request no longer counts the record and subject tables:
 *
 * - `public_record_tally`: records in the public view by item as a three-level prefix sum over days. A current,
 *   active, published, public record adds +1 on its `publicity_start` (the `0000-01-01` sentinel when open) and −1
 *   on its `publicity_end` (none when open), each written at the year (level 0, `YYYY`), month (1, `YYYY-MM`) and day
 *   (2, `YYYY-MM-DD`) of that date. The count on date D is the sum of the year rows before D's year, the month rows
 *   of D's year before D's month and the day rows of D's month up to D: at most a few hundred rows whatever the
 *   number of records. A window that ends on or before it starts is never visible and adds nothing.
 * - `subject_tally`: subjects by kind.
 *
 * Both are filled here from the tables as they stand; the records and subjects modules keep them in the writing
 * transaction from then on (`xinyong dashboard verify|rebuild` compares with / recomputes from the tables).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const count = pg ? 'bigint' : 'integer';
  await db.schema
    .createTable('public_record_tally')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('delta', count, (c) => c.notNull())
    .addPrimaryKeyConstraint('public_record_tally_pk', ['level', 'period', 'item_code'])
    .execute();
  await db.schema
    .createTable('subject_tally')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('count', count, (c) => c.notNull())
    .execute();

  await sql`
    insert into subject_tally (kind, count) select kind, count(*) from subject group by kind
  `.execute(db);

  const groups = await sql<{ item_code: string; s: string | null; e: string | null; n: number | string }>`
    select item_code, publicity_start as s, publicity_end as e, count(*) as n from record
    where is_current = 1 and status = 'active' and published = 1 and disclosure = 'public'
    group by item_code, publicity_start, publicity_end
  `.execute(db);
  const deltas = new Map<string, number>();
  const add = (item: string, day: string, n: number) => {
    for (const [level, period] of [day.slice(0, 4), day.slice(0, 7), day].entries()) {
      const key = `${level}|${period}|${item}`;
      deltas.set(key, (deltas.get(key) ?? 0) + n);
    }
  };
  for (const g of groups.rows) {
    const n = Number(g.n);
    if (g.s !== null && g.e !== null && g.e <= g.s) continue;
    add(g.item_code, g.s ?? '0000-01-01', n);
    if (g.e !== null) add(g.item_code, g.e, -n);
  }
  const rows = [...deltas]
    .filter(([, d]) => d !== 0)
    .map(([key, delta]) => {
      const [level, period, item] = key.split('|') as [string, string, string];
      return { level: Number(level), period, item_code: item, delta };
    });
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await sql`
      insert into public_record_tally (level, period, item_code, delta)
      values ${sql.join(part.map((r) => sql`(${r.level}, ${r.period}, ${r.item_code}, ${r.delta})`))}
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('subject_tally').execute();
  await db.schema.dropTable('public_record_tally').execute();
}
