import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { forEachEngine } from '../../../test/support/engines.js';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import type { Queryable } from '../../platform/db/database.js';
import { engineOf } from '../../platform/db/engine.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { inForceQuery } from './in-force-records.service.js';

const AT = '2026-11-01T00:00:00.000Z';

/** The plan the database chooses for the in-force read of 500 subjects. */
async function inForcePlan(db: Queryable): Promise<string> {
  const query = inForceQuery(
    db,
    Array.from({ length: 500 }, (_, i) => i * 7 + 1),
    ['XZCF', 'JUDGMENT_DEFAULTER', 'SERIOUS_LIST'],
    { current: true, date: '2026-11-29' },
  ).compile();
  return inTransaction(db, async (tx) => {
    if (engineOf(tx) === 'sqlite') {
      const rows = await tx.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      return rows.rows.map((r) => r.detail).join('\n');
    }
    // asked which index it would use, not whether a scan of a small table is cheaper
    await sql`set local enable_seqscan = off`.execute(tx);
    await sql`set local enable_bitmapscan = off`.execute(tx);
    const rows = await tx.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
    );
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** 4,000 subjects with five records each: current and superseded penalties, licences, list entries. */
async function populate(db: Queryable): Promise<void> {
  await inTransaction(db, async (tx) => {
    const provider = await tx
      .insertInto('provider')
      .values({
        code: 'plan-test',
        name: '测试部门',
        uscc: null,
        region_code: '610000',
        sector: 'test',
        items: '[]',
        status: 'active',
        created_at: AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = await tx
      .insertInto('catalog_item')
      .values({
        code: 'XZCF',
        version: 1,
        name: '行政处罚',
        origin: 'national',
        spec: '{}',
        spec_digest: 'plan-test',
        status: 'active',
        created_at: AT,
        created_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const subjects = await bulkInsert<Record<string, unknown>, { id: number }>(
      tx,
      'subject',
      ['kind', 'name', 'name_norm', 'created_at', 'updated_at'],
      Array.from({ length: 4000 }, (_, i) => ({
        kind: 'legal_entity',
        name: `测试主体${i}`,
        name_norm: `测试主体${i}`,
        created_at: AT,
        updated_at: AT,
      })),
      ['id'],
    );
    const codes = ['XZCF', 'XZXK', 'JUDGMENT_DEFAULTER', 'RED_LIST', 'XZCF'] as const;
    const rows = subjects.flatMap((s, i) =>
      codes.map((code, k) => ({
        item_id: item.id,
        item_code: code,
        subject_id: s.id,
        provider_id: provider.id,
        business_key: `s${s.id}-${k}`,
        version: 1,
        is_current: k === 4 ? 0 : 1,
        status: i % 10 === 0 ? 'revoked' : 'active',
        fields: '{}',
        content_hmac: `h${i}-${k}`,
        decision_date: '2025-03-01',
        polarity: 'negative',
        disclosure: k === 3 ? 'government' : 'public',
        severity: 'general',
        published: 1,
        publicity_start: '2025-03-01',
        publicity_end: k === 1 ? null : `${2025 + (i % 4)}-03-01`,
        received_at: AT,
        late: 0,
        quality: '[]',
        change_kind: 'ingest',
        recorded_at: AT,
        superseded_at: k === 4 ? AT : null,
        recorded_by: 'test',
      })),
    );
    await bulkInsert(tx, 'record', Object.keys(rows[0] ?? {}) as (keyof (typeof rows)[number])[], rows);
  });
  // what autovacuum does on PostgreSQL (statistics and the visibility map an index-only scan relies on)
  await sql.raw(engineOf(db) === 'sqlite' ? 'analyze' : 'vacuum analyze').execute(db);
}

forEachEngine('records in force', (s) => {
  // A bulk check reads up to 1,000 subjects' records in force; read from the table they cost a random page each
  // (docs/adr/0018-in-force-index.md), so the plan is part of the contract: with statistics, and on SQLite also
  // without (nothing analyses a SQLite database here; PostgreSQL's autovacuum analyses a table once it has rows).
  it('reads current records in force from the record_in_force index alone', async () => {
    const expected =
      s.engine === 'sqlite'
        ? /USING COVERING INDEX record_in_force\b/
        : /Index Only Scan using record_in_force\b/;
    if (s.engine === 'sqlite') {
      const empty = await inForcePlan(s.db);
      assert.match(empty, expected, empty);
    }
    await populate(s.db);
    const analysed = await inForcePlan(s.db);
    assert.match(analysed, expected, analysed);
  });
});
