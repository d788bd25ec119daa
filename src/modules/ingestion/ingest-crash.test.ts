import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import { syntheticSubjects, writePenaltyCsv } from '../../../bench/generate-data.js';
import { forEachEngine } from '../../../test/support/engines.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'xinyong.js');
const ROWS = 200_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

forEachEngine('ingestion crash safety', (s) => {
  it(`kill -9 during a ${ROWS.toLocaleString('en')}-row ingest, then re-run: counts add up, no duplicates`, {
    timeout: 600_000,
  }, async () => {
    const file = path.join(s.test.dir, 'xzcf-200k.csv');
    writePenaltyCsv(file, ROWS, syntheticSubjects(20_000));
    const env = { ...process.env, ...s.test.env, XINYONG_SAMPLE_DATA: 'true' };
    const args = [BIN, 'ingest', file, '--item', 'XZCF', '--provider', 'zj-nb-sthj', '--json'];

    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    for (let i = 0; i < 1200 && committed < 20_000; i++) {
      await sleep(100);
      const b = await s.db
        .selectFrom('batch')
        .select(['last_row'])
        .where('id', '=', 1)
        .executeTakeFirst()
        .catch(() => undefined);
      committed = b?.last_row ?? 0;
    }
    assert.ok(committed > 0, 'the first run committed some chunks before the kill');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const killed = await s.db.selectFrom('batch').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    assert.equal(killed.status, 'applying', 'nothing could mark it yet');
    const appliedRows = killed.last_row - 1;
    assert.ok(appliedRows < ROWS, 'killed before the end');
    const recordsAfterKill = Number(
      (
        await s.db
          .selectFrom('record')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    assert.equal(
      recordsAfterKill,
      killed.inserted,
      'records are exactly those of committed chunks: no half-applied chunk',
    );
    assert.equal(killed.read_rows, appliedRows);

    const rerun = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 600_000 });
    assert.equal(rerun.status, 0, rerun.stderr);
    const summary = JSON.parse(rerun.stdout.trim().split('\n').pop() ?? '{}') as Record<
      string,
      number | string
    >;
    assert.equal(summary.status, 'completed');
    assert.equal(summary.read, ROWS);
    assert.equal(summary.rejected, 0);
    assert.equal(summary.unchanged, appliedRows, 'rows applied before the kill count as unchanged');
    assert.equal(summary.inserted, ROWS - appliedRows, 'the rest is inserted');
    assert.equal(Number(summary.inserted) + Number(summary.unchanged), ROWS, 'counts add up');

    const totals = await s.db
      .selectFrom('record')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('business_key').distinct().as('keys'),
        eb.fn.max('version').as('maxVersion'),
      ])
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [Number(totals.n), Number(totals.keys), Number(totals.maxVersion)],
      [ROWS, ROWS, 1],
      'no duplicates, no extra versions',
    );

    const first = await s.db
      .selectFrom('batch')
      .select(['status', 'message'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    assert.equal(first.status, 'interrupted', 'the killed batch tells the truth after the re-run');
    assert.match(first.message ?? '', /处理中断/);
  });
});
