import { type Kysely, sql } from 'kysely';
import { checkIn, columnTypes, isPostgres, withId } from './support.js';

// Evaluation (公共信用综合评价) and tiered supervision (分级分类监管, 双随机抽查): docs/adr/0010, 0011.
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await withId(db, db.schema.createTable('evaluation_model'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull().check(checkIn('origin', ['shipped', 'custom'])))
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'retired'])))
    .addColumn('is_default', t.bool, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('evaluation_model_code_version', ['code', 'version'])
    .execute();

  await withId(db, db.schema.createTable('evaluation_run'))
    .addColumn('model_id', t.ref, (c) => c.notNull().references('evaluation_model.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(checkIn('kind', ['full', 'changed'])))
    .addColumn('as_of', t.instant, (c) => c.notNull())
    .addColumn('as_of_date', t.date, (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(checkIn('status', ['running', 'completed', 'failed'])),
    )
    .addColumn('high_water_record_id', t.ref, (c) => c.notNull())
    .addColumn('high_water_subject_id', t.ref, (c) => c.notNull())
    .addColumn('based_on_run_id', t.ref, (c) => c.references('evaluation_run.id'))
    .addColumn('subjects_evaluated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('results_written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text')
    .addColumn('triggered_by', 'text', (c) => c.notNull())
    .addColumn('started_at', t.instant, (c) => c.notNull())
    .addColumn('heartbeat_at', t.instant, (c) => c.notNull())
    .addColumn('finished_at', t.instant)
    .execute();
  await db.schema
    .createIndex('evaluation_run_model_status')
    .on('evaluation_run')
    .columns(['model_id', 'status'])
    .execute();

  // Results are history: a new row per evaluation, never updated except the is_current flag.
  await withId(db, db.schema.createTable('evaluation_result'))
    .addColumn('run_id', t.ref, (c) => c.notNull().references('evaluation_run.id'))
    .addColumn('model_id', t.ref, (c) => c.notNull().references('evaluation_model.id'))
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('as_of', t.instant, (c) => c.notNull())
    .addColumn('as_of_date', t.date, (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('explanation', t.json, (c) => c.notNull())
    .addColumn('is_current', t.bool, (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evaluation_result_current')
    .unique()
    .on('evaluation_result')
    .columns(['model_id', 'subject_id'])
    .where(sql.ref('is_current'), '=', 1)
    .execute();
  await db.schema
    .createIndex('evaluation_result_subject')
    .on('evaluation_result')
    .columns(['subject_id', 'model_id', 'as_of'])
    .execute();
  await db.schema
    .createIndex('evaluation_result_grade')
    .on('evaluation_result')
    .columns(['model_id', 'grade'])
    .where(sql.ref('is_current'), '=', 1)
    .execute();

  await withId(db, db.schema.createTable('inspection_plan'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('provider_id', t.ref, (c) => c.notNull().references('provider.id'))
    .addColumn('model_id', t.ref, (c) => c.references('evaluation_model.id'))
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(checkIn('status', ['active', 'closed'])))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('inspection_draw'))
    .addColumn('plan_id', t.ref, (c) => c.notNull().references('inspection_plan.id'))
    .addColumn('draw_date', t.date, (c) => c.notNull())
    .addColumn('public_input', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('plan_digest', 'text', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('population_digest', 'text', (c) => c.notNull())
    .addColumn('population_size', 'integer', (c) => c.notNull())
    .addColumn('selected_count', 'integer', (c) => c.notNull())
    .addColumn('strata', t.json, (c) => c.notNull())
    .addColumn('grades_as_of', t.instant, (c) => c.notNull())
    .addColumn('drawn_at', t.instant, (c) => c.notNull())
    .addColumn('drawn_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('inspection_draw_plan_date', ['plan_id', 'draw_date'])
    .execute();

  let population = db.schema
    .createTable('inspection_draw_population')
    .addColumn('draw_id', t.ref, (c) => c.notNull().references('inspection_draw.id'))
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('stratum', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_draw_population_pk', ['draw_id', 'subject_id']);
  if (!isPostgres(db)) population = population.modifyEnd(sql`without rowid`);
  await population.execute();

  await withId(db, db.schema.createTable('inspection_draw_item'))
    .addColumn('draw_id', t.ref, (c) => c.notNull().references('inspection_draw.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('subject_id', t.ref, (c) => c.notNull().references('subject.id'))
    .addColumn('stratum', 'text', (c) => c.notNull())
    .addColumn('inspectors', t.json, (c) => c.notNull())
    .addColumn('result', 'text', (c) =>
      c.check(checkIn('result', ['no_issue', 'rectify', 'case_opened', 'not_found'])),
    )
    .addColumn('result_date', t.date)
    .addColumn('record_id', t.ref, (c) => c.references('record.id'))
    .addColumn('batch_id', t.ref, (c) => c.references('batch.id'))
    .addColumn('recorded_at', t.instant)
    .addUniqueConstraint('inspection_draw_item_seq', ['draw_id', 'seq'])
    .addUniqueConstraint('inspection_draw_item_subject', ['draw_id', 'subject_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'inspection_draw_item',
    'inspection_draw_population',
    'inspection_draw',
    'inspection_plan',
    'evaluation_result',
    'evaluation_run',
    'evaluation_model',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
