// Watch lists (关注) and their notifications: who is told what, masking, one watch per owner and subject, paging.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  createTestUser,
  ingestPersons,
  syntheticPersons,
  type TestUser,
} from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { ingestRows } from '../../../test/support/ingest-rows.js';
import { penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { maskRic } from '../../standards/mask.js';
import { registerAuthorisation } from '../access/authorisation.service.js';
import { setUserStatus } from '../access/user.service.js';
import { revokeRecord } from '../records/change-record.service.js';
import { dispatchRecordNotifications, listNotifications, watchSubject } from './watch.service.js';

const system = systemActor('test');
const WATCHED = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
const OTHER = { uscc: '91330206MACYH2796M', name: '宁波不凡创意设计有限公司' };

forEachEngine('watch lists', (s) => {
  let rt: TestRuntime;
  let banker: TestUser;
  let outsider: TestUser;
  let leaver: TestUser;
  const dispatch = () => dispatchRecordNotifications(rt.db, rt.clock(), new Set());
  const kinds = async (u: TestUser) =>
    (await listNotifications(rt.db, u.actor, { limit: 50 })).map((n) => `${n.kind}:${n.recordId}`).sort();

  async function penalty(
    subject: { uscc: string; name: string },
    no: string,
    extra: Record<string, string> = {},
  ) {
    const r = await ingestRows(rt, 'XZCF', 'zj-nb-sthj', [
      penaltyFields({ ...penaltySubject(subject), CF_WSH: no, CF_JDRQ: '2026-11-02', ...extra }),
    ]);
    assert.equal(r.inserted, 1, JSON.stringify(r));
    return (
      await rt.db
        .selectFrom('record')
        .select('id')
        .where('is_current', '=', 1)
        .where('business_key', 'like', `%${no}%`)
        .executeTakeFirstOrThrow()
    ).id;
  }

  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2026-11-03T02:00:00Z');
    await penalty(OTHER, '甬环罚〔2026〕1号');
    const other = await rt.db
      .selectFrom('subject')
      .select('id')
      .where('uscc', '=', OTHER.uscc)
      .executeTakeFirstOrThrow();
    banker = await createTestUser(rt, { role: 'credit_user', organization: '宁波银行（测试）' });
    outsider = await createTestUser(rt, { role: 'subject_user', subjectId: other.id });
    leaver = await createTestUser(rt, { role: 'credit_user', organization: '另一家银行（测试）' });
    await penalty(WATCHED, '甬环罚〔2026〕2号');
    await dispatch(); // the records above came before anyone watched
    for (const u of [banker, outsider, leaver])
      await inTransaction(rt.db, (tx) => watchSubject(tx, u.actor, WATCHED.uscc, rt.clock()));
  });

  it('tells each watcher only of records it may read, and nothing to a disabled account', async () => {
    await inTransaction(rt.db, (tx) => setUserStatus(tx, system, leaver.id, 'disabled', rt.clock()));
    const open = await penalty(WATCHED, '甬环罚〔2026〕3号');
    // a simple-procedure penalty is not published: shared with credit users, not shown to the public
    const quiet = await penalty(WATCHED, '甬环罚〔2026〕4号', { CF_JYCX: '是' });
    assert.equal((await dispatch()).notifications, 3);
    assert.deepEqual(await kinds(banker), [`record_added:${open}`, `record_added:${quiet}`].sort());
    assert.deepEqual(
      await kinds(outsider),
      [`record_added:${open}`],
      'another subject’s user sees the public view',
    );
    assert.deepEqual(await kinds(leaver), []);
  });

  it('sends a revocation reason with identity and mobile numbers masked, to everyone who could see the record', async () => {
    const [person] = syntheticPersons(1, 4711);
    assert.ok(person !== undefined);
    const id = await penalty(WATCHED, '甬环罚〔2026〕5号');
    await dispatch();
    const reason = `当事人（身份证${person.ric}，电话13812345678）经复议撤销`;
    const revoked = await inTransaction(rt.db, (tx) => revokeRecord(tx, system, id, reason, rt.clock()));
    await dispatch();
    for (const u of [banker, outsider]) {
      const n = (await listNotifications(rt.db, u.actor, { limit: 50 })).find(
        (x) => x.kind === 'record_revoked' && x.recordId === revoked,
      );
      assert.ok(n !== undefined, u.username);
      const text = JSON.stringify(n.payload);
      assert.equal(text.includes(person.ric), false, text);
      assert.equal(text.includes('13812345678'), false, text);
      assert.match(String(n.payload.reason), /^当事人（身份证\d\*{16}/);
    }
    const stored = await rt.db
      .selectFrom('record')
      .select('change_reason')
      .where('id', '=', revoked)
      .executeTakeFirstOrThrow();
    assert.equal(stored.change_reason?.includes(person.ric), false, 'kept masked on the version too');
  });

  it('keeps one active watch per owner and subject under parallel requests', async () => {
    await Promise.all(
      Array.from({ length: 8 }, () =>
        inTransaction(rt.db, (tx) => watchSubject(tx, banker.actor, OTHER.uscc, rt.clock())),
      ),
    );
    const rows = await rt.db
      .selectFrom('watch')
      .select('id')
      .where('owner', '=', `user:${banker.id}`)
      .where('removed_at', 'is', null)
      .execute();
    assert.equal(rows.length, 2, 'WATCHED and OTHER, once each');
  });

  it('watches a natural person by resident id number only under the person’s authorisation', async () => {
    const [person, nobody] = syntheticPersons(2, 4712);
    assert.ok(person !== undefined && nobody !== undefined);
    const { subjectIds } = await ingestPersons(rt, [person]);
    const watch = (ric: string) =>
      inTransaction(rt.db, (tx) => watchSubject(tx, banker.actor, ric, rt.clock(), rt.protector)).catch(
        (e: unknown) => (e instanceof AppError ? `${e.code} ${e.message.replace(maskRic(ric), '<ric>')}` : e),
      );
    // without it, the person is "not found", word for word as a number nobody holds
    assert.equal(await watch(person.ric), await watch(nobody.ric));
    assert.match(String(await watch(person.ric)), /^not_found 信用主体 <ric> 不存在$/);
    await inTransaction(rt.db, (tx) =>
      registerAuthorisation(
        tx,
        banker.actor,
        {
          subjectId: subjectIds[0] ?? 0,
          purpose: '个人贷款贷后管理',
          validFrom: '2026-11-01',
          validTo: '2027-10-31',
          evidenceRef: '授权书 NB-2026-11-01',
        },
        rt.clock(),
      ),
    );
    assert.deepEqual(await watch(person.ric), { subjectId: subjectIds[0] });
  });

  it('pages notifications: newest first, back with beforeId, forward in order with afterId', async () => {
    const all = await listNotifications(rt.db, banker.actor, { limit: 50 });
    assert.ok(all.length >= 4, `notifications: ${all.length}`);
    const ids = all.map((n) => n.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
    const oldest = ids[ids.length - 1] ?? 0;
    const forward = await listNotifications(rt.db, banker.actor, { limit: 2, afterId: oldest });
    assert.deepEqual(
      forward.map((n) => n.id),
      [...ids].reverse().slice(1, 3),
      'the two right after the cursor, oldest first',
    );
    const back = await listNotifications(rt.db, banker.actor, { limit: 2, beforeId: ids[0] ?? 0 });
    assert.deepEqual(
      back.map((n) => n.id),
      ids.slice(1, 3),
    );
  });

  it('tells every watcher of a record when a run’s batch ends among that record’s watchers', async () => {
    const crowded = { uscc: '91330206MA2J48WJ0D', name: '宁波同名商贸有限公司' };
    await penalty(crowded, '甬环罚〔2026〕20号');
    await dispatch();
    const watchers = [];
    for (const n of [1, 2, 3]) {
      const u = await createTestUser(rt, { role: 'credit_user', organization: `关注测试银行${n}` });
      await inTransaction(rt.db, (tx) => watchSubject(tx, u.actor, crowded.uscc, rt.clock()));
      watchers.push(u);
    }
    const a = await penalty(crowded, '甬环罚〔2026〕21号');
    const b = await penalty(crowded, '甬环罚〔2026〕22号');
    // a batch of 4 pairs holds a's three watchers and one of b's
    const run = await dispatchRecordNotifications(rt.db, rt.clock(), new Set(), { batch: 4 });
    assert.equal(run.notifications, 6);
    assert.equal((await dispatch()).notifications, 0);
    for (const u of watchers)
      assert.deepEqual(await kinds(u), [`record_added:${a}`, `record_added:${b}`].sort());
  });
});
