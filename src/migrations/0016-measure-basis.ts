import { type Kysely, sql } from 'kysely';
import { checkIn, columnTypes, isPostgres, withId } from './support.js';

const VERDICTS_BEFORE = [
  'clear',
  'incentive',
  'restricted',
  'barred',
  'ambiguous',
  'not_found',
  'not_authorised',
];
/** `prompt` (提示，需人工核实法律依据): a bar whose legal basis is not confirmed (issue 16 point 13). */
const VERDICTS = [...VERDICTS_BEFORE, 'prompt'];

/**
 * Measures' legal basis (issue 16 point 13): `measure_basis_decision` keeps every admin decision confirming or
 * withdrawing a measure's legal basis, tied to the digest of the basis text it was made on; `check_result.verdict`
 * admits `prompt`. SQLite cannot alter a CHECK constraint, so the table is rebuilt there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await withId(db, db.schema.createTable('measure_basis_decision'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('basis_digest', 'text', (c) => c.notNull())
    .addColumn('confirmed', t.bool, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('measure_basis_decision_code')
    .on('measure_basis_decision')
    .columns(['code', 'id'])
    .execute();
  await setVerdicts(db, VERDICTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const r = await sql<{
    n: number | string;
  }>`select count(*) as n from check_result where verdict = 'prompt'`.execute(db);
  if (Number(r.rows[0]?.n ?? 0) > 0)
    throw new Error('check_result holds prompt verdicts: cannot revert 0016');
  await setVerdicts(db, VERDICTS_BEFORE);
  await db.schema.dropTable('measure_basis_decision').execute();
}

async function setVerdicts(db: Kysely<unknown>, verdicts: readonly string[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table check_result drop constraint if exists check_result_verdict_check`.execute(db);
    await sql`alter table check_result add constraint check_result_verdict_check check (${checkIn('verdict', verdicts)})`.execute(
      db,
    );
    return;
  }
  const t = columnTypes(db);
  await withId(db, db.schema.createTable('check_result_next'))
    .addColumn('check_id', t.ref, (c) => c.notNull().references('check_run.id'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('subject_id', t.ref, (c) => c.references('subject.id'))
    .addColumn('verdict', 'text', (c) => c.notNull().check(checkIn('verdict', verdicts)))
    .addColumn('measures', t.json, (c) => c.notNull())
    .addUniqueConstraint('check_result_idx', ['check_id', 'idx'])
    .execute();
  await sql`insert into check_result_next (id, check_id, idx, subject_id, verdict, measures)
    select id, check_id, idx, subject_id, verdict, measures from check_result`.execute(db);
  await sql`drop table check_result`.execute(db);
  await sql`alter table check_result_next rename to check_result`.execute(db);
}
