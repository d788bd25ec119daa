import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { appError } from '../../../test/support/app-error.js';
import { syntheticPersons } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { type Actor, ANONYMOUS, systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { runCheck } from '../checks/run-check.service.js';
import { ingest } from '../ingestion/ingest.service.js';
import { getProvider } from '../providers/provider.service.js';
import { getCreditFile } from '../records/credit-file.service.js';
import { getApplication, listApplications, toView } from './application.service.js';
import { makeCommitment, recordFulfilment } from './commitment.service.js';
import { readEvidence, storeEvidence } from './evidence.service.js';
import { decideObjection, extendObjection, fileObjection } from './objection.service.js';
import { acceptRepair, applyForRepair, decideRepair, supplementRepair } from './repair.service.js';

const system = systemActor('test');
const COMPANY = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function penalty(o: Record<string, string>): Record<string, string> {
  return penaltyFields({ ...penaltySubject(COMPANY), ...o });
}

forEachEngine('objections, repairs and deadlines', (s) => {
  let rt: TestRuntime;
  let subjectId: number;
  let providerId: number;
  const subject = (): Actor => ({
    kind: 'user',
    id: 700,
    name: '企业经办人',
    role: 'subject_user',
    scope: { subjectId },
  });
  const reviewer = (): Actor => ({
    kind: 'user',
    id: 701,
    name: '审核员',
    role: 'provider_reviewer',
    scope: { providerId },
  });
  const recordId = async (doc: string) =>
    (
      await rt.db
        .selectFrom('record')
        .select('id')
        .where('business_key', 'like', `${doc}|%`)
        .where('is_current', '=', 1)
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2024-06-03T02:00:00Z');
    providerId = (await getProvider(rt.db, 'zj-nb-sthj')).id;
    const rows = [
      penalty({
        CF_WSH: '甬环罚〔2024〕100号',
        CF_NR: '罚款人民币150万元',
        CF_NR_FK: '150',
        CF_JDRQ: '2024-06-01',
      }),
      penalty({
        CF_WSH: '甬环罚〔2024〕101号',
        CF_NR: '罚款人民币2万元',
        CF_NR_FK: '2',
        CF_JDRQ: '2024-05-30',
      }),
    ];
    const r = await ingest(rt, {
      actor: system,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: { kind: 'rows', rows },
      origin: 'api',
    });
    assert.equal(r.inserted, 2);
    subjectId = (
      await rt.db
        .selectFrom('subject')
        .select('id')
        .where('uscc', '=', COMPANY.uscc)
        .executeTakeFirstOrThrow()
    ).id;
  });

  it('computes an objection filed on 2025-09-29 across the National Day holiday and lists it overdue in working days', async () => {
    rt.setNow('2025-09-29T03:00:00Z');
    const id = await recordId('甬环罚〔2024〕101号');
    const filed = await inTransaction(rt.db, (tx) =>
      fileObjection(
        tx,
        rt,
        subject(),
        { recordId: id, grounds: 'error', statement: '罚款金额与决定书不一致，决定书为1万元' },
        rt.clock(),
      ),
    );
    // 5 working days after Monday 2025-09-29: 09-30, 10-09, 10-10, 10-11 (调休 Saturday), 10-13.
    assert.equal(filed.filed_on, '2025-09-29');
    assert.equal(filed.due_on, '2025-10-13');
    const file = await getCreditFile(rt, ANONYMOUS, COMPANY.uscc);
    assert.equal(
      file.groups.flatMap((g) => g.records).find((r) => r.id === id)?.objection,
      'under_objection',
      'marked at once in every view',
    );

    rt.setNow('2025-10-20T03:00:00Z');
    const overdue = await listApplications(
      rt.db,
      rt.calendar,
      rt.protector,
      system,
      'objection',
      { overdue: true, limit: 10, offset: 0 },
      rt.clock(),
    );
    assert.equal(overdue.length, 1);
    assert.equal(overdue[0]?.workingDaysLeft, -5, '10-14, 10-15, 10-16, 10-17, 10-20');
    assert.equal(overdue[0]?.overdue, true);

    await assert.rejects(
      inTransaction(rt.db, (tx) => extendObjection(tx, rt, reviewer(), filed.no, '', rt.clock())),
      appError('validation_failed', /延期理由/),
    );
    const extended = await inTransaction(rt.db, (tx) =>
      extendObjection(tx, rt, reviewer(), filed.no, '需向执法支队核实原始文书', rt.clock()),
    );
    assert.equal(extended.due_on, '2025-10-16', '3 more working days after 10-13');
    await assert.rejects(
      inTransaction(rt.db, (tx) => extendObjection(tx, rt, reviewer(), filed.no, '再次延期', rt.clock())),
      appError(
        'illegal_transition',
        /^异议申请当前为“已延期，办理中”，不能变为“已延期，办理中”；当前可变为：已办结$/,
      ),
    );

    const decided = await inTransaction(rt.db, (tx) =>
      decideObjection(
        tx,
        rt,
        reviewer(),
        filed.no,
        {
          outcome: 'corrected',
          reason: '核实后罚款金额为1万元',
          fields: { CF_NR_FK: '1', CF_NR: '罚款人民币1万元' },
        },
        rt.clock(),
      ),
    );
    assert.equal(decided.status, 'decided');
    assert.equal(decided.outcome, 'corrected');
    const after = (await getCreditFile(rt, ANONYMOUS, COMPANY.uscc)).groups
      .flatMap((g) => g.records)
      .find((r) => r.id === decided.result_record_id);
    assert.equal(after?.objection, 'none');
    assert.equal(after?.fields.find((f) => f.code === 'CF_NR_FK')?.value, '1');
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        decideObjection(
          tx,
          rt,
          reviewer(),
          filed.no,
          { outcome: 'unchanged', reason: '重复处理' },
          rt.clock(),
        ),
      ),
      appError('illegal_transition', /已是“已办结”状态/),
    );
    const view = await toView(
      rt.db,
      rt.calendar,
      rt.protector,
      await getApplication(rt.db, 'objection', filed.no),
      '2025-10-20',
    );
    assert.deepEqual(
      view.events.map((e) => e.to),
      ['submitted', 'extended', 'decided'],
    );
    const audit = await rt.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', filed.no)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['objection.filed', 'objection.extended', 'objection.decided'],
    );
  });

  it('refuses a repair before the minimum period with the earliest date, then approves it; the record leaves the public view and stops triggering checks', async () => {
    const id = await recordId('甬环罚〔2024〕100号');
    rt.setNow('2024-08-15T03:00:00Z');
    const early = await inTransaction(rt.db, (tx) =>
      applyForRepair(tx, rt, subject(), { recordId: id, statement: '已缴纳全部罚款并完成整改' }, rt.clock()),
    );
    assert.equal(early.status, 'refused');
    const eligibility = JSON.parse(early.eligibility ?? '{}') as { earliestDate: string; reasons: string[] };
    assert.equal(eligibility.earliestDate, '2024-09-01');
    assert.match(eligibility.reasons.join(), /最短公示期未满/);

    rt.setNow('2024-09-02T03:00:00Z');
    const buyer: Actor = {
      kind: 'user',
      id: 702,
      name: '审批人员',
      role: 'credit_user',
      scope: { organization: '宁波市行政审批局', scenarios: ['licensing'] },
    };
    const before = await runCheck(rt, buyer, { scenario: 'licensing', subjects: [{ uscc: COMPANY.uscc }] });
    assert.equal(
      before.payload.results[0]?.verdict,
      'restricted',
      'a serious penalty within 3 years puts the subject under focus supervision',
    );

    const app = await inTransaction(rt.db, (tx) =>
      applyForRepair(tx, rt, subject(), { recordId: id, statement: '已缴纳全部罚款并完成整改' }, rt.clock()),
    );
    assert.equal(app.status, 'returned');
    assert.equal(JSON.parse(app.missing ?? '[]').length, 2, 'everything missing is listed in one notice');
    const proof = await inTransaction(rt.db, (tx) =>
      storeEvidence(tx, rt.protector, subject(), { fileName: '缴款凭证.pdf', content: PDF }, rt.clock()),
    );
    const resubmitted = await inTransaction(rt.db, (tx) =>
      supplementRepair(
        tx,
        rt,
        subject(),
        app.no,
        {
          commitment: '本单位承诺严格遵守环境保护法律法规，如有违反自愿接受惩戒',
          evidence: [{ digest: proof.digest, type: 'payment' }],
        },
        rt.clock(),
      ),
    );
    assert.equal(resubmitted.status, 'submitted');
    assert.equal(
      resubmitted.due_on,
      '2024-09-14',
      '10th working day after 2024-09-02: Saturday 09-14 is a 调休 working day before 中秋',
    );
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        decideRepair(tx, subject(), app.no, { approve: true, reason: '自己批准' }, rt.clock()),
      ),
      appError('forbidden', /^信用主体用户无权审核信用修复申请$/),
    );
    await inTransaction(rt.db, (tx) => acceptRepair(tx, reviewer(), app.no, rt.clock()));
    const approved = await inTransaction(rt.db, (tx) =>
      decideRepair(tx, reviewer(), app.no, { approve: true, reason: '已履行义务，符合修复条件' }, rt.clock()),
    );
    assert.equal(approved.outcome, 'approved');

    const pub = await getCreditFile(rt, ANONYMOUS, COMPANY.uscc);
    assert.ok(
      !pub.groups
        .flatMap((g) => g.records)
        .some((r) => r.fields.some((f) => f.value === '甬环罚〔2024〕100号')),
      'gone from the public view',
    );
    const own = await getCreditFile(rt, subject(), COMPANY.uscc);
    assert.equal(
      own.groups.flatMap((g) => g.records).find((r) => r.id === approved.result_record_id)?.status,
      'repaired',
    );
    const afterCheck = await runCheck(rt, buyer, {
      scenario: 'licensing',
      subjects: [{ uscc: COMPANY.uscc }],
    });
    assert.equal(afterCheck.payload.results[0]?.verdict, 'clear', 'measures are lifted');

    await assert.rejects(
      inTransaction(rt.db, (tx) => acceptRepair(tx, reviewer(), app.no, rt.clock())),
      appError('illegal_transition', /不能变为“已受理，办理中”/),
    );
    const actions = (
      await rt.db
        .selectFrom('audit_event')
        .select('action')
        .where('entity_id', '=', app.no)
        .orderBy('seq')
        .execute()
    ).map((a) => a.action);
    assert.deepEqual(actions, [
      'repair.submitted',
      'repair.returned',
      'repair.submitted',
      'repair.accepted',
      'repair.decided',
    ]);
  });
  it('keeps decisions when the department re-sends its export: a repaired record stays repaired, a corrected value is not restored, the objection mark stays', async () => {
    rt.setNow('2024-09-20T03:00:00Z');
    const resend = async (rows: Record<string, string>[]) => {
      const r = await ingest(rt, {
        actor: system,
        item: 'XZCF',
        provider: 'zj-nb-sthj',
        source: { kind: 'rows', rows },
        origin: 'api',
      });
      const issues = await rt.db
        .selectFrom('batch_issue')
        .select(['row', 'code'])
        .where('batch_id', '=', r.batchId)
        .execute();
      return { ...r, codes: issues.map((i) => i.code) };
    };
    const original100 = penalty({
      CF_WSH: '甬环罚〔2024〕100号',
      CF_NR: '罚款人民币150万元',
      CF_NR_FK: '150',
      CF_JDRQ: '2024-06-01',
    });
    const original101 = penalty({
      CF_WSH: '甬环罚〔2024〕101号',
      CF_NR: '罚款人民币2万元',
      CF_NR_FK: '2',
      CF_JDRQ: '2024-05-30',
    });

    // the repaired penalty (previous test) comes back with a changed remark: saved, still repaired, not public
    const repaired = await resend([{ ...original100, BZ: '已整改' }]);
    assert.deepEqual([repaired.updated, repaired.rejected], [1, 0]);
    assert.ok(repaired.codes.includes('decided_record_updated'));
    const v100 = await rt.db
      .selectFrom('record')
      .select(['status', 'publicity_ended_on', 'version'])
      .where('id', '=', await recordId('甬环罚〔2024〕100号'))
      .executeTakeFirstOrThrow();
    assert.equal(v100.status, 'repaired');
    assert.notEqual(v100.publicity_ended_on, null);
    const pub = await getCreditFile(rt, ANONYMOUS, COMPANY.uscc);
    assert.ok(
      !pub.groups
        .flatMap((g) => g.records)
        .some((r) => r.fields.some((f) => f.value === '甬环罚〔2024〕100号')),
      'an upload never republishes a repaired record',
    );

    // the penalty corrected by the objection (2万元 → 1万元) is re-sent with the old amount: not restored
    const stale = await resend([original101]);
    assert.deepEqual([stale.unchanged, stale.updated], [1, 0]);
    assert.ok(stale.codes.includes('corrected_content_resent'));
    const corrected = await rt.db
      .selectFrom('record')
      .select(['fields'])
      .where('id', '=', await recordId('甬环罚〔2024〕101号'))
      .executeTakeFirstOrThrow();
    assert.equal((JSON.parse(corrected.fields) as Record<string, unknown>).CF_NR_FK, '1');
    const again = await resend([original101]);
    assert.equal(again.unchanged, 1, 're-running the same input changes nothing');

    // a new objection marks the record; a genuinely new value from the department keeps the mark
    const id101 = await recordId('甬环罚〔2024〕101号');
    await inTransaction(rt.db, (tx) =>
      fileObjection(
        tx,
        rt,
        subject(),
        { recordId: id101, grounds: 'error', statement: '违法事实表述与决定书不一致，请核实' },
        rt.clock(),
      ),
    );
    const changed = await resend([
      {
        ...original101,
        CF_NR_FK: '1',
        CF_NR: '罚款人民币1万元',
        CF_SY: '经查超标排放大气污染物（更正表述）',
      },
    ]);
    assert.equal(changed.updated, 1);
    const marked = await rt.db
      .selectFrom('record')
      .select(['objection_state', 'status'])
      .where('id', '=', await recordId('甬环罚〔2024〕101号'))
      .executeTakeFirstOrThrow();
    assert.deepEqual([marked.objection_state, marked.status], ['under_objection', 'active']);
  });
  it('lets only the uploader attach an evidence file: a digest seen elsewhere is not a key to the document', async () => {
    rt.setNow('2024-09-25T03:00:00Z');
    const bytes = Buffer.concat([PDF, Buffer.from('%stranger')]);
    const stranger: Actor = {
      kind: 'user',
      id: 703,
      name: '他人',
      role: 'subject_user',
      scope: { subjectId: 999999 },
    };
    const theirs = await inTransaction(rt.db, (tx) =>
      storeEvidence(tx, rt.protector, stranger, { fileName: '他人的材料.pdf', content: bytes }, rt.clock()),
    );
    await assert.rejects(
      readEvidence(rt.db, rt.protector, subject(), theirs.digest),
      appError('not_found', /证明材料/),
    );
    const added = await ingest(rt, {
      actor: system,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: {
        kind: 'rows',
        rows: [
          penalty({
            CF_WSH: '甬环罚〔2024〕102号',
            CF_NR: '罚款人民币1万元',
            CF_NR_FK: '1',
            CF_JDRQ: '2024-09-20',
          }),
        ],
      },
      origin: 'api',
    });
    assert.equal(added.inserted, 1);
    const target = await recordId('甬环罚〔2024〕102号');
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        fileObjection(
          tx,
          rt,
          subject(),
          {
            recordId: target,
            grounds: 'error',
            statement: '借用他人上传的证明材料提出异议',
            evidence: [{ digest: theirs.digest, type: 'other' }],
          },
          rt.clock(),
        ),
      ),
      appError('validation_failed', /不是由您上传/),
    );
    // uploading the same bytes makes the subject user a holder too: it has the document itself
    await inTransaction(rt.db, (tx) =>
      storeEvidence(tx, rt.protector, subject(), { fileName: '同一份.pdf', content: bytes }, rt.clock()),
    );
    assert.equal(
      (await readEvidence(rt.db, rt.protector, subject(), theirs.digest)).mediaType,
      'application/pdf',
    );
  });

  it('accepts an uploaded, signed commitment instead of typed commitment text', async () => {
    rt.setNow('2024-09-26T03:00:00Z');
    const added = await ingest(rt, {
      actor: system,
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      source: {
        kind: 'rows',
        rows: [
          penalty({
            CF_WSH: '甬环罚〔2024〕5号',
            CF_NR: '罚款人民币1万元',
            CF_NR_FK: '1',
            CF_JDRQ: '2024-01-10',
          }),
          penalty({
            CF_WSH: '甬环罚〔2024〕6号',
            CF_NR: '罚款人民币1万元',
            CF_NR_FK: '1',
            CF_JDRQ: '2024-01-11',
          }),
        ],
      },
      origin: 'api',
    });
    assert.equal(added.inserted, 2);
    const [signed, receipt] = await inTransaction(rt.db, async (tx) => [
      await storeEvidence(
        tx,
        rt.protector,
        subject(),
        { fileName: '信用修复承诺书.pdf', content: Buffer.concat([PDF, Buffer.from('%c')]) },
        rt.clock(),
      ),
      await storeEvidence(
        tx,
        rt.protector,
        subject(),
        { fileName: '缴款凭证.pdf', content: Buffer.concat([PDF, Buffer.from('%p')]) },
        rt.clock(),
      ),
    ]);
    const target5 = await recordId('甬环罚〔2024〕5号');
    const target6 = await recordId('甬环罚〔2024〕6号');
    const app = await inTransaction(rt.db, (tx) =>
      applyForRepair(
        tx,
        rt,
        subject(),
        {
          recordId: target5,
          statement: '已缴纳罚款并完成整改',
          evidence: [
            { digest: signed?.digest ?? '', type: 'commitment' },
            { digest: receipt?.digest ?? '', type: 'payment' },
          ],
        },
        rt.clock(),
      ),
    );
    assert.equal(app.status, 'submitted', app.missing ?? '');
    const short = await inTransaction(rt.db, (tx) =>
      applyForRepair(
        tx,
        rt,
        subject(),
        {
          recordId: target6,
          statement: '已缴纳罚款',
          commitment: '保证守法',
          evidence: [{ digest: receipt?.digest ?? '', type: 'payment' }],
        },
        rt.clock(),
      ),
    );
    assert.equal(short.status, 'returned', 'a 4-character commitment is not a commitment');
    assert.match(short.missing ?? '', /不少于 10 个字/);
  });

  it("records a commitment's fulfilment once: a kept commitment cannot be turned into a breach, a breach is a negative record", async () => {
    rt.setNow('2026-11-20T03:00:00Z');
    const make = () =>
      makeCommitment(rt, subject(), {
        subjectId,
        type: '证明事项告知承诺型',
        reason: '办理排污许可证明事项',
        text: '本单位承诺所提交材料真实有效，如有虚假自愿承担法律责任',
        acceptingUnit: 'zj-nb-fgw',
      });
    const kept = await make();
    const breached = await make();
    assert.notEqual(kept.number, breached.number);
    const operator: Actor = {
      kind: 'user',
      id: 702,
      name: '发改委经办人',
      role: 'provider_operator',
      scope: { providerId: (await getProvider(rt.db, 'zj-nb-fgw')).id },
    };

    const k = await recordFulfilment(rt, operator, kept.recordId, { status: 'kept', note: '核查属实' });
    assert.equal(k.breachRecordId, null);
    await assert.rejects(
      recordFulfilment(rt, operator, kept.recordId, { status: 'breached', note: '再次核查' }),
      appError('illegal_transition', /已践诺.*违诺.*最终状态/),
    );

    const b = await recordFulfilment(rt, operator, breached.recordId, {
      status: 'breached',
      note: '材料虚假',
    });
    assert.ok(b.breachRecordId !== null);
    const breach = await rt.db
      .selectFrom('record')
      .select(['item_code as item', 'subject_id'])
      .where('id', '=', b.breachRecordId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(breach, { item: 'COMMITMENT_BREACH', subject_id: subjectId });
    await assert.rejects(
      recordFulfilment(rt, operator, breached.recordId, { status: 'kept', note: '已整改' }),
      appError('illegal_transition', /违诺/),
    );
    const breaches = await rt.db
      .selectFrom('record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('item_code', '=', 'COMMITMENT_BREACH')
      .executeTakeFirstOrThrow();
    assert.equal(Number(breaches.n), 1, 'a refused second recording creates nothing');

    // a natural person's commitment (pushed by the accepting unit with the id number): the breach is recorded
    // about the same person, whose name and id number stay encrypted
    const [person] = syntheticPersons(1, 300);
    assert.ok(person !== undefined);
    const pushed = await ingest(rt, {
      actor: system,
      item: 'CREDIT_COMMITMENT',
      provider: 'zj-nb-fgw',
      source: {
        kind: 'rows',
        rows: [
          {
            CN_XDR_MC: person.name,
            CN_XDR_LB: '自然人',
            CN_XDR_ZJLX: '身份证',
            CN_XDR_ZJHM: person.ric,
            CN_BH: 'CN-NP-0001',
            CN_LX: '证明事项告知承诺型',
            CN_SY: '申领个体从业资格证明',
            CN_NR: '本人承诺所提交材料真实有效，如有虚假自愿承担法律责任',
            CN_RQ: '2026-11-02',
            CN_SLDW: '宁波市发展和改革委员会（示例）',
            CN_LYZT: '履约中',
          },
        ],
      },
      origin: 'api',
    });
    assert.equal(pushed.inserted, 1);
    const npCommitment = await rt.db
      .selectFrom('record')
      .select(['id', 'subject_id'])
      .where('batch_id', '=', pushed.batchId)
      .executeTakeFirstOrThrow();
    const np = await recordFulfilment(rt, operator, npCommitment.id, {
      status: 'breached',
      note: '材料虚假',
    });
    const npBreach = await rt.db
      .selectFrom('record')
      .select(['item_code as item', 'subject_id', 'fields'])
      .where('id', '=', np.breachRecordId ?? 0)
      .executeTakeFirstOrThrow();
    assert.equal(npBreach.item, 'COMMITMENT_BREACH');
    assert.equal(npBreach.subject_id, npCommitment.subject_id);
    assert.ok(!npBreach.fields.includes(person.ric) && !npBreach.fields.includes(person.name));
  });
});
