import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { createTestUser, type TestUser, withoutRateLimits } from '../../../test/support/auth.js';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { App } from '../../platform/http/create-app.js';
import { appendAudit, auditHash, verifyAuditChain } from './audit.service.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function auditVerify(test: TestDatabase, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/xinyong.js'), 'audit', 'verify', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...test.env },
    encoding: 'utf8',
  });
}

forEachEngine('audit trail verification', (s) => {
  let rt: TestRuntime;
  let app: App;
  let admin: TestUser;
  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    app = await createTestApp(rt);
    admin = await createTestUser(rt, { role: 'platform_admin' });
    for (let i = 0; i < 3; i++) await createTestUser(rt, { role: 'regulator' });
  });
  after(() => app.close());

  it('verifies an intact chain from the CLI and the console endpoint', async () => {
    const cli = auditVerify(s.test);
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /audit chain intact: \d+ events, head \d+:[0-9a-f]{64}/);
    const res = await app.inject({ url: '/api/v1/audit/status', headers: await admin.headers() });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.ok, true);
    assert.equal(body.firstBroken, null);
    assert.equal(body.length, body.checked);
    assert.ok(body.length >= 5);
    const events = await app.inject({
      url: '/api/v1/audit/events?entityType=user&limit=2',
      headers: await admin.headers(),
    });
    assert.equal(events.json().length, 2);
    assert.equal(events.json()[0].action, 'user.created');
  });

  it('names the edited event when one audit row is changed in the database (payload, then actor)', async () => {
    const target = await rt.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'user.created')
      .orderBy('seq')
      .limit(1)
      .offset(1)
      .executeTakeFirstOrThrow();
    const edited = JSON.stringify({ ...JSON.parse(target.payload), role: 'platform_admin' });
    await sql`update audit_event set payload = ${edited} where id = ${target.id}`.execute(rt.db);
    const cli = auditVerify(s.test);
    assert.equal(cli.status, 1, cli.stdout);
    assert.match(cli.stderr, new RegExp(`broken at seq ${target.seq} \\(event id ${target.id}\\)`));
    const status = await app.inject({ url: '/api/v1/audit/status', headers: await admin.headers() });
    assert.equal(status.json().ok, false);
    assert.deepEqual(
      { seq: status.json().firstBroken.seq, id: status.json().firstBroken.id },
      { seq: target.seq, id: target.id },
    );

    await sql`update audit_event set payload = ${target.payload}, actor = ${'user:999'} where id = ${target.id}`.execute(
      rt.db,
    );
    const actor = auditVerify(s.test, '--json');
    assert.equal(actor.status, 1);
    const json = JSON.parse(actor.stdout.trim());
    assert.deepEqual(json.firstBroken, {
      seq: target.seq,
      id: target.id,
      reason: '哈希与事件内容不符',
    });

    await sql`update audit_event set actor = ${target.actor} where id = ${target.id}`.execute(rt.db);
    assert.equal((await verifyAuditChain(rt.db)).ok, true, 'restored');
  });

  it('detects a deleted event and a re-formatted payload', async () => {
    const rows = await rt.db.selectFrom('audit_event').selectAll().orderBy('seq').execute();
    const middle = rows[2];
    assert.ok(middle !== undefined);
    const spaced = JSON.stringify(JSON.parse(middle.payload), null, 1);
    await sql`update audit_event set payload = ${spaced} where id = ${middle.id}`.execute(rt.db);
    const reformatted = await verifyAuditChain(rt.db);
    assert.equal(reformatted.firstBroken?.id, middle.id);
    await sql`update audit_event set payload = ${middle.payload} where id = ${middle.id}`.execute(rt.db);

    const last = rows[rows.length - 1];
    assert.ok(last !== undefined);
    await sql`delete from audit_event where id = ${last.id}`.execute(rt.db);
    const gap = await verifyAuditChain(rt.db);
    assert.equal(gap.ok, false);
    assert.match(gap.firstBroken?.reason ?? '', /审计链止于第/);
    await rt.db
      .insertInto('audit_event')
      .values({ ...last })
      .execute();
    assert.equal((await verifyAuditChain(rt.db)).ok, true);
  });

  it('with --expect-head also catches a tail rewritten consistently (hashes recomputed, head moved)', async () => {
    const before = await verifyAuditChain(rt.db);
    const recorded = `${before.headSeq}:${before.headHash}`;
    const last = await rt.db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '=', before.headSeq)
      .executeTakeFirstOrThrow();
    const payload = { ...JSON.parse(last.payload), forged: true };
    const hash = auditHash(last.prev_hash, {
      seq: last.seq,
      at: last.at,
      actor: last.actor,
      action: last.action,
      entityType: last.entity_type,
      entityId: last.entity_id,
      payload,
    });
    await sql`update audit_event set payload = ${canonicalJson(payload)}, hash = ${hash} where id = ${last.id}`.execute(
      rt.db,
    );
    await sql`update audit_head set hash = ${hash} where id = 1`.execute(rt.db);
    assert.equal((await verifyAuditChain(rt.db)).ok, true, 'a hash chain alone cannot see this');
    const cli = auditVerify(s.test, '--expect-head', recorded);
    assert.equal(cli.status, 1);
    assert.match(
      cli.stderr,
      new RegExp(`seq ${before.headSeq} \\(event id ${last.id}\\): differs from the head recorded earlier`),
    );
  });

  it('does not mistake events appended during verification for a broken chain', async () => {
    const verifying = verifyAuditChain(rt.db, 1);
    await inTransaction(rt.db, (tx) =>
      appendAudit(
        tx,
        [{ actor: 'system:test', action: 'test.appended', entityType: 'test', entityId: 1 }],
        new Date(),
      ),
    );
    const result = await verifying;
    assert.equal(result.firstBroken?.reason.includes('链头记录为') ?? false, false);
  });
});
