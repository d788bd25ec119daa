import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { forEachEngine } from '../../../test/support/engines.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { bulkInsert, statementSizes } from './bulk-insert.js';
import { createDatabase, openSqlite } from './create-database.js';
import { migrateDown, migrateToLatest, migrationStatus } from './migrator.js';
import { afterCommit, inTransaction, isSqliteBusy } from './transaction.js';

const AT = '2026-01-01T00:00:00.000Z';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

forEachEngine('database platform', (s) => {
  it('applies every migration and reports none pending', async () => {
    const status = await migrationStatus(s.db);
    assert.deepEqual(status.pending, []);
    assert.deepEqual(status.applied, Object.keys(MIGRATIONS));
  });

  it('reverts every migration with down and re-applies them', async () => {
    for (let i = Object.keys(MIGRATIONS).length; i > 0; i--) await migrateDown(s.db);
    assert.deepEqual((await migrationStatus(s.db)).applied, []);
    await migrateToLatest(s.db);
    assert.deepEqual((await migrationStatus(s.db)).pending, []);
  });

  it('runs after-commit hooks only after a commit', async () => {
    const seen: string[] = [];
    await inTransaction(s.db, async (tx) => {
      await tx
        .insertInto('app_meta')
        .values({ key: 'k1', value: 'v', updated_at: '2026-01-01T00:00:00.000Z' })
        .execute();
      afterCommit(tx, () => {
        seen.push('committed');
      });
      assert.deepEqual(seen, []);
    });
    assert.deepEqual(seen, ['committed']);

    await assert.rejects(
      inTransaction(s.db, async (tx) => {
        await tx
          .insertInto('app_meta')
          .values({ key: 'k2', value: 'v', updated_at: '2026-01-01T00:00:00.000Z' })
          .execute();
        afterCommit(tx, () => {
          seen.push('rolled back');
        });
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(seen, ['committed']);
    const rows = await s.db.selectFrom('app_meta').select('key').orderBy('key').execute();
    assert.deepEqual(
      rows.map((r) => r.key),
      ['k1'],
    );
  });

  it('rejects afterCommit outside inTransaction', async () => {
    await s.db.transaction().execute(async (tx) => {
      assert.throws(() => afterCommit(tx, () => {}), /inTransaction/);
    });
  });

  it('starts a transaction as a writer on SQLite, so another connection cannot take the write lock meanwhile', async () => {
    if (s.test.config.engine !== 'sqlite') return;
    const other = openSqlite(s.test.config.file);
    try {
      other.pragma('busy_timeout = 0');
      await inTransaction(s.db, async () => {
        // nothing read or written yet: a deferred BEGIN would not hold any lock here
        assert.throws(
          () => other.exec('begin immediate'),
          (e: unknown) => isSqliteBusy(e),
        );
      });
      await inTransaction(
        s.db,
        async (tx) => {
          await tx.selectFrom('app_meta').select('key').execute();
          other.exec('begin immediate');
          other.exec('rollback');
        },
        { readOnly: true },
      );
    } finally {
      other.close();
    }
  });

  it('waits for a write lock held by another connection without blocking the process, within a bound', async () => {
    if (s.test.config.engine !== 'sqlite') return;
    const other = openSqlite(s.test.config.file);
    try {
      other.exec('begin immediate');
      other.prepare(`insert into app_meta (key, value, updated_at) values ('held', 'v', '${AT}')`).run();
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      setTimeout(() => other.exec('commit'), 300);
      const started = Date.now();
      await inTransaction(s.db, async (tx) => {
        const held = await tx.selectFrom('app_meta').select('key').where('key', '=', 'held').execute();
        assert.equal(held.length, 1, 'runs after the other commit, and sees it');
        await tx.insertInto('app_meta').values({ key: 'after-held', value: 'v', updated_at: AT }).execute();
      });
      clearInterval(ticker);
      assert.ok(Date.now() - started >= 250, 'it waited for the lock');
      assert.ok(ticks >= 10, `the event loop kept running while it waited (${ticks} ticks)`);

      other.exec('begin immediate');
      const timer = setTimeout(() => other.exec('rollback'), 1000);
      const t0 = Date.now();
      await assert.rejects(
        inTransaction(s.db, (tx) => tx.selectFrom('app_meta').select('key').execute(), { busyWaitMs: 150 }),
        (e: unknown) => isSqliteBusy(e),
      );
      assert.ok(Date.now() - t0 < 900, 'gave up after its bound, before the lock was released');
      await sleep(1000);
      clearTimeout(timer);
    } finally {
      if (other.inTransaction) other.exec('rollback');
      other.close();
    }
  });

  it('keeps read-then-write units whole while another connection writes steadily', async () => {
    const other = createDatabase(
      s.test.config,
      s.test.pgSchema === undefined ? {} : { pgSchema: s.test.pgSchema },
    );
    try {
      await s.db.insertInto('app_meta').values({ key: 'counter', value: '0', updated_at: AT }).execute();
      let stop = false;
      const load = (async () => {
        let n = 0;
        while (!stop && n < 200) {
          await inTransaction(other, (tx) =>
            tx
              .insertInto('app_meta')
              .values({ key: `load-${n++}`, value: 'v', updated_at: AT })
              .execute(),
          );
          await sleep(5);
        }
        return n;
      })();
      const units = Array.from({ length: 40 }, () =>
        inTransaction(s.db, async (tx) => {
          // SQLite: the unit holds the write lock from its start; PostgreSQL: the row lock from this read
          const read = tx.selectFrom('app_meta').select('value').where('key', '=', 'counter');
          const row = await (s.engine === 'postgres' ? read.forUpdate() : read).executeTakeFirstOrThrow();
          await sleep(2);
          await tx
            .updateTable('app_meta')
            .set({ value: String(Number(row.value) + 1) })
            .where('key', '=', 'counter')
            .execute();
        }),
      );
      await Promise.all(units);
      stop = true;
      assert.ok((await load) > 0);
      const counter = await s.db
        .selectFrom('app_meta')
        .select('value')
        .where('key', '=', 'counter')
        .executeTakeFirstOrThrow();
      assert.equal(counter.value, '40', 'no lost update, no busy error');
    } finally {
      await other.destroy();
    }
  });

  it('refuses writes in a read-only transaction on PostgreSQL, and reads in one on both engines', async () => {
    const keys = await inTransaction(s.db, (tx) => tx.selectFrom('app_meta').select('key').execute(), {
      readOnly: true,
    });
    assert.ok(Array.isArray(keys));
    if (s.engine !== 'postgres') return;
    await assert.rejects(
      inTransaction(
        s.db,
        (tx) => tx.insertInto('app_meta').values({ key: 'ro', value: 'v', updated_at: AT }).execute(),
        { readOnly: true },
      ),
      /read-only transaction/,
    );
  });

  it('round-trips ids as numbers and instants as UTC ISO strings on both engines', async () => {
    const inserted = await s.db
      .insertInto('job_run')
      .values({
        job: 'x',
        started_at: '2026-03-31T16:00:00.000Z',
        status: 'running',
        finished_at: null,
        summary: null,
      })
      .returning(['id', 'started_at'])
      .executeTakeFirstOrThrow();
    assert.equal(typeof inserted.id, 'number');
    assert.equal(inserted.started_at, '2026-03-31T16:00:00.000Z');
    const later = await s.db
      .selectFrom('job_run')
      .select('id')
      .where('started_at', '>=', '2026-03-31T15:59:59.999Z')
      .execute();
    assert.equal(later.length, 1);
  });

  it('keeps foreign keys enforced on SQLite', async () => {
    if (s.engine !== 'sqlite') return;
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(s.db);
    assert.equal(fk.rows[0]?.foreign_keys, 1);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(s.db);
    assert.equal(mode.rows[0]?.journal_mode, 'wal');
  });

  it('bulk-inserts any number of rows in statements of a few shapes, returning what was asked for', async () => {
    for (const n of [1, 255, 256, 257, 1000, 1337]) {
      const rows = Array.from({ length: n }, (_, i) => ({
        key: `bulk-${n}-${i}`,
        value: `v${i}`,
        updated_at: '2026-01-01T00:00:00.000Z',
      }));
      const back = await bulkInsert<(typeof rows)[number], { key: string }>(
        s.db,
        'app_meta',
        ['key', 'value', 'updated_at'],
        rows,
        ['key'],
      );
      assert.equal(back.length, n);
      assert.deepEqual(new Set(back.map((r) => r.key)), new Set(rows.map((r) => r.key)));
      const stored = await s.db
        .selectFrom('app_meta')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('key', 'like', `bulk-${n}-%`)
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), n);
    }
  });
});

describe('statement sizes', () => {
  it('covers every row count with powers of two, largest first, so a table gets at most nine statement shapes', () => {
    const shapes = new Set<number>();
    for (let n = 1; n <= 2000; n++) {
      const sizes = statementSizes(n, 470);
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        n,
      );
      for (const [i, size] of sizes.entries()) {
        assert.equal(size & (size - 1), 0, `${size} is a power of two`);
        assert.ok(i === 0 || size <= (sizes[i - 1] ?? 0));
        shapes.add(size);
      }
    }
    assert.deepEqual(
      [...shapes].sort((a, b) => a - b),
      [1, 2, 4, 8, 16, 32, 64, 128, 256],
    );
    assert.deepEqual(statementSizes(5, 3), [2, 2, 1], 'never more rows than the parameter limit allows');
  });
});
