import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { appError } from '../../../test/support/app-error.js';
import { createTestUser, ingestPersons, syntheticPersons } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { ingestRows } from '../../../test/support/ingest-rows.js';
import { confirmBarBases } from '../../../test/support/measure-basis.js';
import { judgmentDefaulterEntry } from '../../../test/support/rows.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { type Actor, ANONYMOUS, systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { validateUscc } from '../../standards/uscc.js';
import { removeListEntry } from '../records/change-record.service.js';
import type { CheckResult } from './check.types.js';
import { checkStatistics, recordFeedback } from './feedback.service.js';
import { runCheck } from './run-check.service.js';
import { compareReceipt, verifyCheck } from './verify-check.service.js';
import { dispatchRecordNotifications, listNotifications, watchSubject } from './watch.service.js';

const system = systemActor('test');
const DEFAULTER = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
const CLEAN = { uscc: '91330206MACYH2796M', name: '宁波不凡创意设计有限公司' };
const buyer: Actor = {
  kind: 'user',
  id: 500,
  name: '采购经办人',
  role: 'credit_user',
  scope: { organization: '宁波市政府采购中心', scenarios: ['procurement'] },
};

forEachEngine('joint incentive and discipline checks', (s) => {
  let rt: TestRuntime;
  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2025-03-01T02:00:00Z');
    const entry = judgmentDefaulterEntry(DEFAULTER, {
      caseNo: '（2024）浙02执123号',
      listedOn: '2024-12-20',
    });
    const r = await ingestRows(rt, 'JUDGMENT_DEFAULTER', 'zj-nb-fy', [entry]);
    assert.equal(r.inserted, 1, JSON.stringify(r));
    const reg = await ingestRows(rt, 'REGISTRATION', 'zj-nb-amr', [
      { DJ_MC: CLEAN.name, DJ_TYSHXYDM: CLEAN.uscc, DJ_ZT: '存续', DJ_CLRQ: '2023-09-20' },
      {
        DJ_MC: '宁波同名商贸有限公司',
        DJ_TYSHXYDM: '91330206MA2J48WJ0D',
        DJ_ZT: '存续',
        DJ_CLRQ: '2020-12-31',
      },
      {
        DJ_MC: '宁波同名商贸有限公司',
        DJ_TYSHXYDM: '91330206MA282UG88P',
        DJ_ZT: '存续',
        DJ_CLRQ: '2016-11-01',
      },
    ]);
    assert.equal(reg.rejected, 0, JSON.stringify(reg));
    await confirmBarBases(rt);
  });

  it('bars a judgment defaulter from procurement citing 财库〔2016〕125号; after removal a new check is clear while the old one still verifies as barred', async () => {
    const first = await runCheck(rt, buyer, {
      scenario: 'procurement',
      subjects: [{ uscc: DEFAULTER.uscc }, { uscc: CLEAN.uscc }],
    });
    const [d, c] = first.payload.results;
    assert.equal(d?.verdict, 'barred');
    assert.ok(
      d?.measures.some((m) => m.code === 'PROC_BAR_DEFAULTER' && m.legalBasis.includes('财库〔2016〕125号')),
    );
    assert.equal(d?.triggers[0]?.documentNumber, '（2024）浙02执123号');
    assert.equal(c?.verdict, 'clear');
    assert.match(first.payload.checkNo, /^HC20250301[0-9A-F]{12}$/);

    rt.setNow('2025-04-01T02:00:00Z');
    const entry = await rt.db
      .selectFrom('record')
      .select('id')
      .where('item_code', '=', 'JUDGMENT_DEFAULTER')
      .where('is_current', '=', 1)
      .executeTakeFirstOrThrow();
    await inTransaction(rt.db, (tx) =>
      removeListEntry(tx, system, entry.id, '已履行生效法律文书确定的义务', rt.clock()),
    );

    const after = await runCheck(rt, buyer, {
      scenario: 'procurement',
      subjects: [{ uscc: DEFAULTER.uscc }],
    });
    assert.equal(after.payload.results[0]?.verdict, 'clear');

    const old = await verifyCheck(rt, buyer, first.payload.checkNo);
    assert.equal(old.valid, true);
    assert.equal(old.signatureValid, true);
    assert.equal(old.receipt?.payload.results[0]?.verdict, 'barred');

    const rerun = await runCheck(rt, buyer, {
      scenario: 'procurement',
      subjects: [{ uscc: DEFAULTER.uscc }],
      asOf: first.payload.checkedAt,
    });
    assert.equal(
      rerun.payload.results[0]?.verdict,
      'barred',
      'as of the original time the verdict is the same',
    );
  });

  it('detects a stored receipt that was altered', async () => {
    const receipt = await runCheck(rt, buyer, { scenario: 'procurement', subjects: [{ uscc: CLEAN.uscc }] });
    // the holder of a receipt checks it, as held, against the archive: an edited verdict does not pass
    const held = JSON.parse(JSON.stringify(receipt.payload)) as Record<string, unknown>;
    assert.equal((await compareReceipt(rt, { payload: held })).valid, true);
    // the whole receipt as it was handed out, seal included
    assert.equal((await compareReceipt(rt, JSON.parse(JSON.stringify(receipt)))).valid, true);
    const edited = JSON.parse(JSON.stringify(held).replace('"clear"', '"barred"')) as Record<string, unknown>;
    const c = await compareReceipt(rt, { payload: edited });
    assert.deepEqual([c.valid, c.signatureValid, c.storedDigest], [false, true, receipt.digest]);
    // an intact payload under a seal that is not the archived one
    const forged = await compareReceipt(rt, { payload: held, digest: receipt.digest, signature: 'AAAA' });
    assert.equal(forged.valid, false);
    assert.equal((await verifyCheck(rt, ANONYMOUS, receipt.payload.checkNo)).digest, receipt.digest);
    assert.equal((await verifyCheck(rt, ANONYMOUS, receipt.payload.checkNo)).receipt, null);
    const row = await rt.db
      .selectFrom('check_run')
      .select(['id', 'payload_cipher'])
      .where('check_no', '=', receipt.payload.checkNo)
      .executeTakeFirstOrThrow();
    await rt.db
      .updateTable('check_run')
      .set({
        payload_cipher: rt.protector.encrypt(
          rt.protector.decrypt(row.payload_cipher ?? '').replace('"clear"', '"barred"'),
        ),
      })
      .where('id', '=', row.id)
      .execute();
    const v = await verifyCheck(rt, buyer, receipt.payload.checkNo);
    assert.equal(v.valid, false);
    assert.equal(v.digestMatches, false);
    assert.equal(v.signatureValid, true, 'the signature is over the stored digest, which was not changed');
    await rt.db
      .updateTable('check_run')
      .set({ payload_cipher: row.payload_cipher, signature: 'AAAA' })
      .where('id', '=', row.id)
      .execute();
    const v2 = await verifyCheck(rt, buyer, receipt.payload.checkNo);
    assert.deepEqual([v2.valid, v2.digestMatches, v2.signatureValid], [false, true, false]);
  });

  it('answers a name-only query matching two subjects with both candidates and no verdict', async () => {
    const r = await runCheck(rt, buyer, {
      scenario: 'procurement',
      subjects: [{ name: '宁波同名商贸有限公司' }, { name: CLEAN.name }],
    });
    const [two, one] = r.payload.results;
    assert.equal(two?.verdict, 'ambiguous');
    assert.equal(two?.subject, null);
    assert.deepEqual(two?.candidates.map((c) => c.uscc).sort(), ['91330206MA282UG88P', '91330206MA2J48WJ0D']);
    assert.ok(two?.candidates.every((c) => c.explanation.includes('完全一致')));
    assert.equal(one?.verdict, 'clear', 'exactly one exact match gets a verdict');
  });

  it('decides a field trigger on the list category, and reads today exactly as a check as of this instant does', async () => {
    // a current check reads the in-force index (migration 0009), a check with asOf reads the versions as they stood
    const listed = { uscc: '91330206MA2J48WJ0D', name: '宁波同名商贸有限公司' };
    const r = await ingestRows(rt, 'SERIOUS_LIST', 'zj-nb-fgw', [
      {
        MD_XDR_MC: listed.name,
        MD_XDR_LB: '法人及非法人组织',
        MD_XDR_SHXYM: listed.uscc,
        MD_LRJG: '宁波市发展和改革委员会（示例）',
        MD_LRWH: '甬发改信〔2025〕2号',
        MD_LRRQ: '2025-02-10',
        MD_GZRQ: '2025-01-10',
        MD_SSSB: '未提出陈述申辩',
        MD_YCTJ: '列入满三年且已履行义务',
        MD_LB: '政府采购严重违法失信行为记录名单',
        MD_LRYY: '政府采购活动中提供虚假材料',
        MD_LRYJ: '《中华人民共和国政府采购法》第七十七条',
      },
    ]);
    assert.equal(r.inserted, 1, JSON.stringify(r));
    const subjects = [{ uscc: listed.uscc }, { uscc: DEFAULTER.uscc }, { uscc: CLEAN.uscc }];
    const now = await runCheck(rt, buyer, { scenario: 'procurement', subjects });
    const [l] = now.payload.results;
    assert.equal(l?.verdict, 'barred');
    const codes = l?.measures.map((m) => m.code) ?? [];
    assert.ok(codes.includes('PROC_BAR_PROCUREMENT'), codes.join());
    assert.ok(!codes.includes('PROC_BAR_TAX'), 'a procurement-list entry is not a tax-list entry');
    assert.equal(l?.triggers[0]?.documentNumber, '甬发改信〔2025〕2号');
    assert.equal(l?.triggers[0]?.version, 1);
    assert.equal(l?.triggers[0]?.item, 'SERIOUS_LIST');
    const same = await runCheck(rt, buyer, {
      scenario: 'procurement',
      subjects,
      asOf: now.payload.checkedAt,
    });
    assert.deepEqual(
      same.payload.results.map(({ verdict, measures, triggers }) => ({ verdict, measures, triggers })),
      now.payload.results.map(({ verdict, measures, triggers }) => ({ verdict, measures, triggers })),
    );
    assert.deepEqual(same.payload.itemVersions, now.payload.itemVersions);
  });

  it('refuses scenarios the credit user is not registered for', async () => {
    await assert.rejects(
      runCheck(rt, buyer, { scenario: 'bidding', subjects: [{ uscc: CLEAN.uscc }] }),
      appError('forbidden', /只能在已登记的业务场景范围内发起信用核查/),
    );
  });

  it('records feedback and counts it per scenario and measure', async () => {
    rt.setNow('2025-03-02T00:00:00Z');
    const r = await runCheck(rt, buyer, {
      scenario: 'procurement',
      subjects: [{ uscc: DEFAULTER.uscc }],
      asOf: '2025-03-01T02:00:00Z',
    });
    assert.equal(r.payload.results[0]?.verdict, 'barred');
    await inTransaction(rt.db, (tx) =>
      recordFeedback(
        tx,
        buyer,
        r.payload.checkNo,
        [{ index: 0, measure: 'PROC_BAR_DEFAULTER', applied: true, outcome: '资格审查不通过' }],
        rt.clock(),
      ),
    );
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        recordFeedback(
          tx,
          buyer,
          r.payload.checkNo,
          [{ index: 0, measure: 'GREEN_CHANNEL', applied: true }],
          rt.clock(),
        ),
      ),
      appError('validation_failed', /^措施 GREEN_CHANNEL 不适用于第 0 号主体$/),
    );
    // one report per subject and measure in a request; the error names the item by its position
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        recordFeedback(
          tx,
          buyer,
          r.payload.checkNo,
          [
            { index: 0, measure: 'PROC_BAR_DEFAULTER', applied: true },
            { index: 0, measure: 'PROC_BAR_DEFAULTER', applied: false },
          ],
          rt.clock(),
        ),
      ),
      (e: unknown) =>
        e instanceof Error &&
        JSON.stringify(e).includes('"field":"items[1]"') &&
        e.message.includes('已在 items[0] 中反馈'),
    );
    const before = await checkStatistics(rt.db, system);
    const measureStats = (s: typeof before) => s.byMeasure.find((m) => m.measure === 'PROC_BAR_DEFAULTER');
    assert.deepEqual(
      [measureStats(before)?.applied, measureStats(before)?.notApplied],
      [1, 0],
      'the rejected request recorded nothing',
    );
    // a second report on the same subject and measure corrects the first; the statistics count the latest
    const correction = await inTransaction(rt.db, (tx) =>
      recordFeedback(
        tx,
        buyer,
        r.payload.checkNo,
        [{ index: 0, measure: 'PROC_BAR_DEFAULTER', applied: false, note: '经复核已履行' }],
        rt.clock(),
      ),
    );
    assert.deepEqual(correction, { recorded: 1, corrected: 1 });
    const stats = await checkStatistics(rt.db, system);
    assert.deepEqual([measureStats(stats)?.applied, measureStats(stats)?.notApplied], [0, 1]);
    const kept = await rt.db
      .selectFrom('check_feedback')
      .select('applied')
      .where('measure_code', '=', 'PROC_BAR_DEFAULTER')
      .execute();
    assert.equal(kept.length, 2, 'the corrected report is kept');
    const proc = stats.byScenario.find((x) => x.scenario === 'procurement');
    assert.ok((proc?.barred ?? 0) >= 2);
    assert.ok(proc !== undefined);
    assert.equal(
      proc.barred + proc.restricted + proc.incentive + proc.clear + proc.unresolved + proc.notAuthorised,
      proc.subjects,
      'the verdict columns add up to the subjects checked',
    );
    assert.ok(proc.unresolved >= 1, 'the ambiguous name query above counts as unresolved');
  });

  it('notifies watchers of new and removed list entries', async () => {
    const { actor: watcher } = await createTestUser(rt, {
      role: 'credit_user',
      organization: '宁波市政府采购中心',
      scenarios: ['procurement'],
    });
    await inTransaction(rt.db, (tx) => watchSubject(tx, watcher, DEFAULTER.uscc, rt.clock()));
    const first = await dispatchRecordNotifications(rt.db, rt.clock(), new Set(['JUDGMENT_DEFAULTER']));
    const notes = await listNotifications(rt.db, watcher, { limit: 10 });
    assert.ok(first.notifications >= 1);
    assert.ok(notes.some((n) => n.kind === 'list_removed'));
    assert.equal(
      (await dispatchRecordNotifications(rt.db, rt.clock(), new Set(['JUDGMENT_DEFAULTER']))).notifications,
      0,
      'idempotent',
    );
  });

  it('refuses an asOf before the platform collected any data, rather than signing a clear verdict', async () => {
    for (const asOf of ['0000-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '2025-02-28T23:59:59Z']) {
      await assert.rejects(
        runCheck(rt, buyer, { scenario: 'procurement', subjects: [{ uscc: DEFAULTER.uscc }], asOf }),
        appError('validation_failed', /早于平台最早归集数据的时间 2025-03-01T02:00:00\.000Z/),
        asOf,
      );
    }
    const atStart = await runCheck(rt, buyer, {
      scenario: 'procurement',
      subjects: [{ uscc: DEFAULTER.uscc }],
      asOf: '2025-03-01T02:00:00Z',
    });
    assert.equal(atStart.payload.results[0]?.verdict, 'barred');
  });

  it('never echoes an id number typed into the code or name field, and says what it is', async () => {
    // synthetic id numbers: one that is not a valid USCC, one that happens to be a valid USCC as well (~1 in 31)
    const persons = syntheticPersons(60, 777);
    const plain = persons.find((p) => validateUscc(p.ric).status === 'invalid');
    const both = persons.find((p) => validateUscc(p.ric).status === 'valid');
    assert.ok(plain !== undefined && both !== undefined);
    const receipt = await runCheck(rt, system, {
      scenario: 'procurement',
      subjects: [
        { uscc: plain.ric },
        { uscc: both.ric },
        { name: plain.ric },
        { name: `张三 ${plain.ric}` },
        { uscc: `${plain.ric.slice(0, 6)}${plain.ric.slice(8, 17)}` },
        { name: '  ' },
      ],
    });
    const text = JSON.stringify(receipt.payload);
    for (const p of [plain, both]) {
      assert.equal(text.includes(p.ric), false, text);
      assert.equal(text.includes(p.ric.slice(6, 14)), false, 'not even the birth date');
    }
    const [code, codeToo, name, mixed, old15, blank] = receipt.payload.results;
    assert.equal(code?.verdict, 'not_found');
    assert.match(code?.note ?? '', /^这是公民身份号码，不是统一社会信用代码/);
    assert.match(code?.query.uscc ?? '', /^\d\*{16}[\dX]$/);
    assert.match(codeToo?.note ?? '', /^平台未收录该统一社会信用代码；该号码也符合公民身份号码格式/);
    assert.match(codeToo?.query.uscc ?? '', /^\d\*{16}[\dX]$/);
    assert.match(name?.query.name ?? '', /^\d\*{16}/);
    assert.match(mixed?.query.name ?? '', /^张三 \d\*{16}/);
    assert.match(old15?.query.uscc ?? '', /\*/);
    assert.match(old15?.note ?? '', /^这是公民身份号码/);
    assert.equal(blank?.verdict, 'not_found');
    assert.match(blank?.note ?? '', /不足 2 个字符/);
  });

  it('tells a credit user nothing about natural persons it holds no authorisation for, not even that they exist', async () => {
    const [known, unknown] = syntheticPersons(2, 4242);
    assert.ok(known !== undefined && unknown !== undefined);
    rt.setNow('2026-11-29T02:00:00Z');
    await ingestPersons(rt, [known]);
    const receipt = await runCheck(rt, buyer, {
      scenario: 'procurement',
      subjects: [{ ric: known.ric }, { ric: unknown.ric }],
    });
    const [a, b] = receipt.payload.results;
    assert.equal(a?.verdict, 'not_authorised');
    const strip = (r: CheckResult | undefined) => JSON.stringify({ ...r, index: 0, query: {} });
    assert.equal(strip(a), strip(b), 'a known and an unknown id number give the same answer');
    assert.equal(JSON.stringify(receipt.payload).includes(known.name), false);
  });
});
