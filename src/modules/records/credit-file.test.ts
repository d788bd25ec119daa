import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { appError } from '../../../test/support/app-error.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { penaltyFields } from '../../../test/support/rows.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { type Actor, ANONYMOUS, systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { computeRicCheck } from '../../standards/ric.js';
import { ingest } from '../ingestion/ingest.service.js';
import { getProvider } from '../providers/provider.service.js';
import { refreshPublicity } from '../publicity/refresh-publicity.service.js';
import { searchSubjects } from '../subjects/search-subjects.service.js';
import { correctRecord, revokeRecord } from './change-record.service.js';
import { getCreditFile } from './credit-file.service.js';
import { getRecordDetail } from './record-detail.service.js';

const system = systemActor('test');
const PROVIDER = 'zj-nb-sthj';
const RIC = (() => {
  const first17 = '61011319850315123';
  return first17 + computeRicCheck(first17);
})();

const penalty = penaltyFields;

forEachEngine('credit files and publicity', (s) => {
  let rt: TestRuntime;
  let providerId: number;
  const company = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
  const subjectUser = (subjectId: number): Actor => ({
    kind: 'user',
    id: 900,
    name: '主体用户',
    role: 'subject_user',
    scope: { subjectId },
  });
  const operator = (pid: number): Actor => ({
    kind: 'user',
    id: 901,
    name: '报送员',
    role: 'provider_operator',
    scope: { providerId: pid },
  });
  const reviewer = (pid: number): Actor => ({
    kind: 'user',
    id: 902,
    name: '审核员',
    role: 'provider_reviewer',
    scope: { providerId: pid },
  });

  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2024-06-03T02:00:00Z');
    providerId = (await getProvider(rt.db, PROVIDER)).id;
    const rows = [
      penalty({
        CF_WSH: '甬环罚〔2024〕1号',
        CF_XDR_MC: company.name,
        CF_XDR_LB: '法人及非法人组织',
        CF_XDR_SHXYM: company.uscc,
        CF_JDRQ: '2024-06-01',
      }),
      penalty({
        CF_WSH: '甬环罚〔2024〕2号',
        CF_XDR_MC: '宁波不凡创意设计有限公司',
        CF_XDR_SHXYM: '91330206MACYH2796M',
        CF_JDRQ: '2024-05-20',
      }),
      penalty({
        CF_WSH: '甬环罚〔2024〕3号',
        CF_XDR_MC: '妙乐文化传媒（宁波）有限公司',
        CF_XDR_SHXYM: '91330206MA2AG44L52',
        CF_JDRQ: '2024-05-21',
      }),
      penalty({
        CF_WSH: '甬环罚〔2024〕4号',
        CF_XDR_MC: '王小明',
        CF_XDR_LB: '自然人',
        CF_XDR_ZJLX: '身份证',
        CF_XDR_ZJHM: RIC,
        CF_JDRQ: '2024-05-30',
      }),
      penalty({
        CF_WSH: '甬环简罚〔2024〕5号',
        CF_XDR_MC: company.name,
        CF_XDR_SHXYM: company.uscc,
        CF_CFLB: '罚款',
        CF_NR_FK: '0.01',
        CF_NR: '罚款100元',
        CF_JYCX: '是',
        CF_JDRQ: '2024-05-31',
      }),
    ];
    const r = await ingest(rt, {
      actor: system,
      item: 'XZCF',
      provider: PROVIDER,
      source: { kind: 'rows', rows },
      origin: 'api',
    });
    assert.equal(r.inserted, 5, JSON.stringify(r));
  });

  it('computes the window of a 2024-06-01 fine: earliest repair 2024-09-01, end 2027-06-01', async () => {
    const file = await getCreditFile(rt, ANONYMOUS, company.uscc);
    const rec = file.groups
      .flatMap((g) => g.records)
      .find((x) => x.fields.some((f) => f.code === 'CF_WSH' && f.value === '甬环罚〔2024〕1号'));
    assert.ok(rec);
    assert.equal(rec.publicity.start, '2024-06-01');
    assert.equal(rec.publicity.earliestRepair, '2024-09-01');
    assert.equal(rec.publicity.end, '2027-06-01');
    assert.equal(rec.publicity.rule, 'ndrc-order58-2023');
    const detail = await getRecordDetail(rt, ANONYMOUS, rec.id);
    assert.match(detail.publicity.citation ?? '', /第58号/);
    assert.ok(detail.publicity.steps.length >= 2);
  });

  it('ends publicity on 2027-06-01 and not a day earlier, idempotently', async () => {
    const id = (
      await rt.db
        .selectFrom('record')
        .select('id')
        .where('business_key', 'like', '甬环罚〔2024〕1号|%')
        .executeTakeFirstOrThrow()
    ).id;
    const before = await refreshPublicity(rt.db, new Date('2027-05-31T15:59:59Z'));
    assert.equal(before.date, '2027-05-31');
    const row1 = await rt.db
      .selectFrom('record')
      .select('publicity_ended_on')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row1.publicity_ended_on, null);
    const on = await refreshPublicity(rt.db, new Date('2027-05-31T16:00:00Z'));
    assert.equal(on.date, '2027-06-01');
    assert.ok(on.ended >= 1);
    const row2 = await rt.db
      .selectFrom('record')
      .select('publicity_ended_on')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row2.publicity_ended_on, '2027-06-01');
    assert.equal((await refreshPublicity(rt.db, new Date('2027-06-02T00:00:00Z'))).ended, 0, 'idempotent');
  });

  it('keeps simple-procedure penalties out of the public view but in the subject’s own', async () => {
    const pub = await getCreditFile(rt, ANONYMOUS, company.uscc);
    const own = await getCreditFile(rt, subjectUser(pub.subject.id), company.uscc);
    const docs = (f: typeof pub) =>
      f.groups
        .flatMap((g) => g.records)
        .flatMap((r) => r.fields.filter((x) => x.code === 'CF_WSH').map((x) => x.value));
    assert.ok(!docs(pub).includes('甬环简罚〔2024〕5号'));
    assert.ok(docs(own).includes('甬环简罚〔2024〕5号'));
    assert.equal(own.view, 'subject');
  });

  it('masks a natural person in the public view: no full name or id number anywhere in the JSON', async () => {
    const hits = await searchSubjects(rt.db, '王小明', { limit: 10, offset: 0 });
    assert.equal(hits.items.length, 0, 'natural persons are not found by name');
    const subject = await rt.db
      .selectFrom('subject')
      .select('id')
      .where('kind', '=', 'natural_person')
      .executeTakeFirstOrThrow();
    const json = JSON.stringify(await getCreditFile(rt, ANONYMOUS, String(subject.id)));
    assert.ok(json.includes('王**'), 'masked name shown');
    assert.ok(!json.includes('王小明'), 'no full name');
    assert.ok(!json.includes(RIC) && !json.includes(RIC.slice(6, 14)), 'no id number or birth date');
    const own = JSON.stringify(await getCreditFile(rt, subjectUser(subject.id), String(subject.id)));
    assert.ok(own.includes(RIC), 'the person sees its own id number');

    // a bank without the person's written authorisation reads what anyone may read, and nothing is logged
    const banker: Actor = {
      kind: 'user',
      id: 901,
      name: '银行信贷员',
      role: 'credit_user',
      scope: { organization: '宁波银行（示例）', scenarios: ['procurement'] },
    };
    const logged = async () =>
      Number(
        (
          await rt.db
            .selectFrom('access_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('subject_id', '=', subject.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await logged();
    const asBank = await getCreditFile(rt, banker, String(subject.id));
    assert.equal(asBank.view, 'public');
    assert.equal(JSON.stringify(asBank), json, 'exactly the public view');
    assert.equal(await logged(), before, 'a public read is not an access to personal information');

    // by id number: the credit centre finds the person; the public and the bank learn nothing, not even existence
    const byId = await getCreditFile(rt, system, RIC);
    assert.equal(byId.subject.id, subject.id);
    for (const reader of [ANONYMOUS, banker]) {
      const refused = await getCreditFile(rt, reader, RIC).catch((e: Error) => e);
      assert.ok(refused instanceof AppError && refused.code === 'not_found');
      assert.equal(refused.message.includes(RIC), false, 'the error does not repeat the id number');
    }
  });

  it('finds names by 2 characters and with half-width brackets, ranking exact > prefix > contains', async () => {
    const two = await searchSubjects(rt.db, '妙乐', { limit: 10, offset: 0 });
    // Equal normalised length, so code-point order decides: '(' sorts before '文'.
    assert.deepEqual(
      two.items.map((h) => [h.name, h.match]),
      [
        ['妙乐（宁波）文化创意有限公司', 'prefix'],
        ['妙乐文化传媒（宁波）有限公司', 'prefix'],
      ],
    );
    const brackets = await searchSubjects(rt.db, '妙乐(宁波)文化创意有限公司', { limit: 10, offset: 0 });
    assert.equal(brackets.items[0]?.name, company.name);
    assert.equal(brackets.items[0]?.match, 'exact');
    const contains = await searchSubjects(rt.db, '创意', { limit: 10, offset: 0 });
    assert.deepEqual(
      contains.items.map((h) => h.match),
      ['contains', 'contains'],
    );
    const page = await searchSubjects(rt.db, '宁波', { limit: 1, offset: 1 });
    assert.equal(page.items.length, 1);
    assert.equal(page.hasMore, true);
    const byCode = await searchSubjects(rt.db, ' 91330206ma2gt3xnx2 ', { limit: 10, offset: 0 });
    assert.deepEqual(
      byCode.items.map((h) => [h.name, h.match]),
      [[company.name, 'code']],
    );
    await assert.rejects(searchSubjects(rt.db, '妙', { limit: 10, offset: 0 }), /至少需要 2 个字/);
  });

  it('corrects a record as a new version and shows each version as of its date', async () => {
    rt.setNow('2024-06-10T02:00:00Z');
    const id = (
      await rt.db
        .selectFrom('record')
        .select('id')
        .where('business_key', 'like', '甬环罚〔2024〕2号|%')
        .where('is_current', '=', 1)
        .executeTakeFirstOrThrow()
    ).id;
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        correctRecord(
          tx,
          rt,
          operator(providerId + 1),
          id,
          { fields: { CF_NR_FK: '3' }, reason: '金额录入错误' },
          rt.clock(),
        ),
      ),
      appError('forbidden', /^信息提供单位经办人只能在本单位范围内更正信用记录$/),
    );
    const corrected = await inTransaction(rt.db, (tx) =>
      correctRecord(
        tx,
        rt,
        operator(providerId),
        id,
        { fields: { CF_NR_FK: '3', CF_NR: '罚款人民币30000元' }, reason: '金额录入错误' },
        rt.clock(),
      ),
    );
    assert.notEqual(corrected.id, id);
    assert.deepEqual(corrected.changed, ['CF_NR', 'CF_NR_FK']);
    const fine = async (asOf?: string) =>
      (await getCreditFile(rt, ANONYMOUS, '91330206MACYH2796M', asOf === undefined ? {} : { asOf })).groups
        .flatMap((g) => g.records)
        .flatMap((r) => r.fields.filter((f) => f.code === 'CF_NR_FK').map((f) => f.value));
    assert.deepEqual(await fine(), ['3']);
    assert.deepEqual(await fine('2024-06-05'), ['2'], 'as of 2024-06-05 the public saw the first version');
    assert.deepEqual(await fine('2024-05-19'), [], 'nothing before the decision');
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        correctRecord(
          tx,
          rt,
          operator(providerId),
          corrected.id,
          { fields: { CF_XDR_SHXYM: '91330206MA2GT3XNX2' }, reason: '改主体' },
          rt.clock(),
        ),
      ),
      /撤销该记录后重新报送/,
    );
  });

  it('revokes a record: gone from the public view at once, kept with its reason for the subject', async () => {
    const id = (
      await rt.db
        .selectFrom('record')
        .select('id')
        .where('business_key', 'like', '甬环罚〔2024〕3号|%')
        .where('is_current', '=', 1)
        .executeTakeFirstOrThrow()
    ).id;
    const revokedId = await inTransaction(rt.db, (tx) =>
      revokeRecord(tx, reviewer(providerId), id, '行政复议决定撤销原处罚决定', rt.clock()),
    );
    const pub = await getCreditFile(rt, ANONYMOUS, '91330206MA2AG44L52');
    assert.equal(pub.total, 0);
    const own = await getCreditFile(rt, subjectUser(pub.subject.id), '91330206MA2AG44L52');
    const rec = own.groups.flatMap((g) => g.records)[0];
    assert.equal(rec?.id, revokedId);
    assert.equal(rec?.status, 'revoked');
    assert.equal(rec?.change.reason, '行政复议决定撤销原处罚决定');
    await assert.rejects(
      inTransaction(rt.db, (tx) => revokeRecord(tx, reviewer(providerId), revokedId, '再次撤销', rt.clock())),
      appError('illegal_transition', /^记录 \d+ 已是“已撤销”状态$/),
    );
    const events = await rt.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['record.revoked', 'record.corrected'])
      .execute();
    assert.equal(events.length, 2);
  });
});
