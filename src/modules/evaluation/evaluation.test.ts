import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import fc from 'fast-check';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { type Actor, systemActor } from '../../platform/actor.js';
import { bulkInsert } from '../../platform/db/bulk-insert.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { computeRicCheck } from '../../standards/ric.js';
import { generateUscc } from '../../standards/uscc.js';
import { ingest } from '../ingestion/ingest.service.js';
import { revokeRecord } from '../records/change-record.service.js';
import { createModelVersion } from './evaluation-model.service.js';
import { parsePoints } from './points.js';
import { previousQuarterEnd, runEvaluation, runScheduledEvaluation } from './run-evaluation.service.js';
import { compileModel, type EvalRecord, scoreSubject, scoringDate } from './score-subject.js';
import { DEFAULT_MODEL } from './shipped-models.js';
import {
  evaluateSubject,
  explanationText,
  getSubjectGrade,
  gradeDistribution,
  readGradeHistory,
  readSubjectGrade,
  type SubjectGrade,
} from './subject-grade.service.js';

const system = systemActor('test');
let serial = 0;

/** A checksum-valid USCC of a made-up organisation in Ningbo (海曙区 330203). */
function testUscc(n: number, individual = false): string {
  const body = `MT${String(n).padStart(6, '0')}`;
  return generateUscc({
    authorityCode: '9',
    categoryCode: individual ? '2' : '1',
    regionCode: '330203',
    orgBody: body,
  });
}

function penaltyRow(uscc: string, name: string, date: string, severity: string, kind = '法人及非法人组织') {
  serial += 1;
  return {
    CF_WSH: `甬市监罚〔2026〕${serial}号`,
    CF_XDR_MC: name,
    CF_XDR_LB: kind,
    CF_XDR_SHXYM: uscc,
    CF_WFXW: '虚假宣传',
    CF_SY: '当事人作虚假的商业宣传',
    CF_YJ: '《中华人民共和国反不正当竞争法》第二十条',
    CF_CFLB: '罚款',
    CF_NR: '罚款人民币20000元',
    CF_NR_FK: '2',
    CF_JDRQ: date,
    CF_CFJG: '宁波市市场监督管理局（示例）',
    CF_CFJGDM: '11330200MB1A0001XN',
    CF_SJLY: '宁波市市场监督管理局（示例）',
    CF_SJLYDM: '11330200MB1A0001XN',
    CF_SXCD: severity,
  };
}

/** Sum of the explanation, in hundredths: must equal the score. */
function explainedTotal(g: SubjectGrade): number {
  return parsePoints(g.base) + g.contributions.reduce((s, c) => s + parsePoints(c.points), 0);
}

forEachEngine('public credit evaluation', (s) => {
  let rt: TestRuntime;
  const ids: Record<string, number> = {};
  const usccs = {
    clean: testUscc(1),
    general: testUscc(2),
    listed: testUscc(3),
    inspected: testUscc(4),
    honoured: testUscc(5, true),
  };
  const T1 = '2026-06-30T04:00:00.000Z';
  const T2 = '2026-07-02T02:00:00.000Z';

  async function subjectId(uscc: string): Promise<number> {
    const r = await rt.db
      .selectFrom('subject')
      .select('id')
      .where('uscc', '=', uscc)
      .executeTakeFirstOrThrow();
    return r.id;
  }

  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2026-06-29T02:00:00Z');
    const put = async (item: string, provider: string, rows: Record<string, string>[]) => {
      const r = await ingest(rt, {
        actor: system,
        item,
        provider,
        source: { kind: 'rows', rows },
        origin: 'api',
      });
      assert.equal(r.rejected, 0, JSON.stringify(r));
    };
    await put(
      'XZCF',
      'zj-nb-amr',
      [
        penaltyRow(usccs.general, '宁波一般处罚测试有限公司', '2026-03-01', '一般'),
        penaltyRow(usccs.clean, '宁波守法测试有限公司', '2019-01-05', '一般'),
        penaltyRow('', '测试自然人', '2026-03-02', '一般', '自然人'),
      ].map((r, i) =>
        i === 2
          ? {
              ...r,
              CF_XDR_SHXYM: '',
              CF_XDR_ZJLX: '身份证',
              CF_XDR_ZJHM: `33020319900101123${computeRicCheck('33020319900101123')}`,
            }
          : r,
      ),
    );
    await put('SERIOUS_LIST', 'zj-nb-fgw', [
      {
        MD_XDR_MC: '宁波严重失信测试有限公司',
        MD_XDR_LB: '法人及非法人组织',
        MD_XDR_SHXYM: usccs.listed,
        MD_LRJG: '宁波市发展和改革委员会（示例）',
        MD_LRWH: '甬发改信〔2026〕1号',
        MD_LRRQ: '2026-05-01',
        MD_LRYY: '拒不履行法定义务',
        MD_LRYJ: '国办发〔2020〕49号',
        MD_GZRQ: '2026-04-01',
        MD_SSSB: '未提出',
        MD_YCTJ: '履行义务满一年后可申请移出',
        MD_LB: '其他',
      },
    ]);
    await put('XZJC', 'zj-nb-amr', [
      {
        JC_XDR_MC: '宁波检查测试有限公司',
        JC_XDR_LB: '法人及非法人组织',
        JC_XDR_SHXYM: usccs.inspected,
        JC_BH: 'JC-2026-0001',
        JC_SX: '广告发布合规检查',
        JC_RQ: '2026-06-01',
        JC_JG: '宁波市市场监督管理局（示例）',
        JC_JGLX: '立案查处',
      },
    ]);
    await put('RED_LIST', 'zj-nb-fgw', [
      {
        MD_XDR_MC: '宁波荣誉测试商行',
        MD_XDR_LB: '个体工商户',
        MD_XDR_SHXYM: usccs.honoured,
        MD_LRJG: '宁波市发展和改革委员会（示例）',
        MD_LRWH: '甬发改信〔2026〕9号',
        MD_LRRQ: '2026-01-10',
        MD_LRYY: '诚信经营典型',
        MD_LRYJ: '宁波市守信激励办法',
        MD_YXQZ: '2026-01-10',
        MD_YXQZHI: '2027-01-09',
      },
    ]);
    for (const [k, u] of Object.entries(usccs)) ids[k] = await subjectId(u);
  });

  it('evaluates every subject in scope and explains each score exactly', async () => {
    rt.setNow(T1);
    const run = await runEvaluation(rt, system);
    assert.equal(run.kind, 'full');
    assert.equal(run.subjectsEvaluated, 5, 'natural persons are not scored');
    const expected: Record<string, [string, string]> = {
      clean: ['1000.00', 'A'],
      general: ['970.00', 'B'],
      listed: ['600.00', 'D'],
      inspected: ['980.00', 'B'],
      honoured: ['1030.00', 'A'],
    };
    for (const [k, [score, grade]] of Object.entries(expected)) {
      const g = await getSubjectGrade(rt.db, ids[k] as number);
      assert.ok(g, k);
      assert.deepEqual([g.score, g.grade], [score, grade], k);
      assert.equal(explainedTotal(g), parsePoints(g.score), k);
      assert.equal(g.asOf, T1);
      assert.equal(g.asOfDate, '2026-06-30');
    }
    const general = await getSubjectGrade(rt.db, ids.general as number);
    const rec = general?.contributions[0]?.records[0];
    assert.equal(general?.contributions[0]?.indicator, 'penalty_general');
    assert.equal(rec?.item, 'XZCF');
    assert.equal(rec?.version, 1);
    assert.equal(rec?.decisionDate, '2026-03-01');
    const dist = await gradeDistribution(rt, system, { region: '3302' });
    assert.equal(dist.total, 5);
    assert.deepEqual(
      dist.grades.filter((g) => g.count > 0).map((g) => [g.grade, g.count]),
      [
        ['A', 2],
        ['B', 2],
        ['D', 1],
      ],
    );
  });

  it('lets a subject user read its own explanation and nobody else’s', async () => {
    const own: Actor = {
      kind: 'user',
      id: 801,
      name: '主体',
      role: 'subject_user',
      scope: { subjectId: ids.general as number },
    };
    const g = await readSubjectGrade(rt, own, usccs.general);
    assert.equal(g.grade, 'B');
    await assert.rejects(
      readSubjectGrade(rt, own, usccs.listed),
      (e: unknown) => e instanceof AppError && e.code === 'forbidden',
    );
    const credit: Actor = {
      kind: 'user',
      id: 802,
      name: '银行',
      role: 'credit_user',
      scope: { organization: '某银行' },
    };
    await assert.rejects(
      readSubjectGrade(rt, credit, usccs.general),
      (e: unknown) => e instanceof AppError && e.code === 'forbidden',
    );
    const person = await rt.db
      .selectFrom('subject')
      .select('id')
      .where('kind', '=', 'natural_person')
      .executeTakeFirstOrThrow();
    await assert.rejects(
      readSubjectGrade(rt, system, String(person.id)),
      (e: unknown) => e instanceof AppError && e.code === 'not_eligible',
    );
    assert.equal(await getSubjectGrade(rt.db, person.id), null);
  });

  it('re-evaluates only changed subjects; revoked records stop counting; the past grade is reproducible', async () => {
    const first = await getSubjectGrade(rt.db, ids.general as number);
    assert.ok(first);
    rt.setNow(T2);
    const penalty = await rt.db
      .selectFrom('record')
      .select('id')
      .where('subject_id', '=', ids.general as number)
      .where('is_current', '=', 1)
      .executeTakeFirstOrThrow();
    await inTransaction(rt.db, (tx) =>
      revokeRecord(tx, system, penalty.id, '处罚决定被依法撤销', rt.clock()),
    );
    const r = await ingest(rt, {
      actor: system,
      item: 'XZCF',
      provider: 'zj-nb-amr',
      source: { kind: 'rows', rows: [penaltyRow(usccs.clean, '宁波守法测试有限公司', '2026-07-01', '一般')] },
      origin: 'api',
    });
    assert.equal(r.inserted, 1);
    const run = await runEvaluation(rt, system, { changed: true });
    assert.equal(run.kind, 'changed');
    assert.equal(run.resultsWritten, 2, JSON.stringify(run));
    assert.equal((await getSubjectGrade(rt.db, ids.general as number))?.grade, 'A');
    assert.equal((await getSubjectGrade(rt.db, ids.clean as number))?.score, '970.00');
    // nothing changed since: an incremental run writes nothing
    const again = await runEvaluation(rt, system, { changed: true });
    assert.equal(again.resultsWritten, 0);

    // the grade as of T1 is the stored one, and recomputing as of T1 reproduces it exactly
    const stored = await getSubjectGrade(rt.db, ids.general as number, { asOf: T1 });
    assert.deepEqual(stored, first);
    const recomputed = await evaluateSubject(rt.db, ids.general as number, { asOf: T1, now: rt.clock() });
    assert.equal(recomputed.score, first.score);
    assert.equal(recomputed.grade, first.grade);
    assert.equal(explanationText(recomputed), explanationText(first));
    const history = await readGradeHistory(rt, system, usccs.general);
    assert.deepEqual(
      history.results.map((h) => [h.grade, h.current]),
      [
        ['A', true],
        ['B', false],
      ],
    );
  });

  it('stops counting a penalty on its publicity end date', async () => {
    const row = await rt.db
      .selectFrom('record')
      .select(['publicity_end'])
      .where('subject_id', '=', ids.clean as number)
      .where('decision_date', '=', '2026-07-01')
      .executeTakeFirstOrThrow();
    const end = row.publicity_end as string;
    rt.setNow(`${end}T10:00:00Z`);
    const dayBefore = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const before = await evaluateSubject(rt.db, ids.clean as number, { asOf: dayBefore, now: rt.clock() });
    const on = await evaluateSubject(rt.db, ids.clean as number, { asOf: end, now: rt.clock() });
    assert.equal(before.contributions.length, 1);
    assert.deepEqual(on.contributions, []);
    assert.equal(on.score, '1000.00');
    // a run as of a past date is history: it never displaces the newer current result
    const hist = await runEvaluation(rt, system, { asOf: '2026-06-30' });
    assert.equal(hist.kind, 'full');
    const current = await getSubjectGrade(rt.db, ids.clean as number);
    assert.equal(current?.score, '970.00');
    rt.setNow(T2);
  });

  it('runs the quarterly evaluation as of the last quarter end, and the on-change one incrementally', async () => {
    assert.equal(previousQuarterEnd('2026-10-01'), '2026-09-30');
    assert.equal(previousQuarterEnd('2026-01-01'), '2025-12-31');
    assert.equal(previousQuarterEnd('2026-05-17'), '2026-03-31');
    const quarterly = await runScheduledEvaluation(rt, 'quarterly', new Date('2026-07-01T17:30:00Z'));
    assert.equal(quarterly.kind, 'full');
    assert.equal(quarterly.asOfDate, '2026-06-30');
    const onChange = await runScheduledEvaluation(rt, 'on_change', rt.clock());
    assert.equal(onChange.kind, 'changed');
  });

  it('starts one run of a model at a time: the quarterly and the on-change job started together never both run', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.allSettled([
        runEvaluation(rt, system, { asOf: '2026-06-30' }),
        runEvaluation(rt, system, { changed: true }),
      ]);
      // started together, the second finds the first running: one runs, one is refused (never both at once)
      const refused = [a, b].filter((r) => r.status === 'rejected');
      assert.equal(refused.length, 1, `round ${round}: ${[a.status, b.status].join(', ')}`);
      const reason = refused[0]?.status === 'rejected' ? refused[0].reason : undefined;
      assert.ok(reason instanceof AppError, `a raw error: ${String(reason)}`);
      assert.equal(reason.code, 'conflict');
      assert.match(reason.message, /仍在运行/);
    }
    const doubled = await rt.db
      .selectFrom('evaluation_run')
      .select('id')
      .where('status', '=', 'running')
      .execute();
    assert.deepEqual(doubled, [], 'no run left running');
  });

  it('takes administrator model versions: validated, A/B/C/D bands, natural persons only with an impact assessment', async () => {
    const admin: Actor = { kind: 'user', id: 803, name: '信用中心', role: 'platform_admin', scope: {} };
    const four = {
      ...DEFAULT_MODEL,
      code: 'samr-risk',
      name: '信用风险分类',
      grades: [
        { code: 'A', display: 'A', label: '信用风险低', minScore: '1000', confirmed: false },
        { code: 'B', display: 'B', label: '信用风险一般', minScore: '950', confirmed: false },
        { code: 'C', display: 'C', label: '信用风险较高', minScore: '700', confirmed: false },
        { code: 'D', display: 'D', label: '信用风险高', minScore: null, confirmed: false },
      ],
      inspectionMultipliers: { A: '0.5', B: '1', C: '2', D: '3', unrated: '1' },
    };
    const created = await inTransaction(rt.db, (tx) => createModelVersion(tx, admin, four, {}, rt.clock()));
    assert.deepEqual([created.code, created.version, created.isDefault], ['samr-risk', 1, false]);
    const run = await runEvaluation(rt, system, { model: 'samr-risk' });
    assert.equal(run.model.id, created.id);
    assert.equal((await getSubjectGrade(rt.db, ids.listed as number, { model: 'samr-risk' }))?.grade, 'D');
    assert.equal(
      (await getSubjectGrade(rt.db, ids.listed as number))?.grade,
      'D',
      'the default model keeps its own results',
    );

    const bad = {
      ...four,
      subjectKinds: ['legal_entity', 'natural_person'] as const,
      grades: [four.grades[1], four.grades[0], four.grades[3]].filter((g) => g !== undefined),
      indicators: [
        {
          ...DEFAULT_MODEL.indicators[0],
          match: { item: 'XZJC', fields: [{ field: 'JC_JGLX', in: ['nonsense'] }] },
        },
      ],
    };
    await assert.rejects(
      inTransaction(rt.db, (tx) => createModelVersion(tx, admin, bad as never, {}, rt.clock())),
      (e: unknown) => {
        if (!(e instanceof AppError) || e.code !== 'validation_failed') return false;
        const fields = e.details.map((d) => d.field);
        return (
          fields.includes('personalInformationAssessment') &&
          fields.includes('grades.1.minScore') &&
          fields.includes('indicators.0.match.fields.0.in')
        );
      },
    );
    const regulator: Actor = { kind: 'user', id: 804, name: '监管', role: 'regulator', scope: {} };
    await assert.rejects(
      inTransaction(rt.db, (tx) => createModelVersion(tx, regulator, four, {}, rt.clock())),
      (e: unknown) => e instanceof AppError && e.code === 'forbidden',
    );
  });

  it('keeps exact sums for generated record sets (SQL extraction agrees with pure scoring)', async () => {
    const items = await rt.db
      .selectFrom('catalog_item')
      .select(['id', 'code'])
      .orderBy('version', 'desc')
      .execute();
    const itemId = (code: string) => items.find((i) => i.code === code)?.id as number;
    const provider = await rt.db
      .selectFrom('provider')
      .select('id')
      .where('code', '=', 'zj-nb-amr')
      .executeTakeFirstOrThrow();
    const arb = fc.array(
      fc.array(
        fc.record({
          item: fc.constantFrom('XZCF', 'XZJC', 'SERIOUS_LIST', 'XZXK', 'CREDIT_COMMITMENT', 'RED_LIST'),
          severity: fc.constantFrom('minor', 'general', 'serious', null),
          status: fc.constantFrom('active', 'active', 'revoked', 'repaired'),
          days: fc.integer({ min: 0, max: 2500 }),
          window: fc.option(fc.integer({ min: 30, max: 1500 }), { nil: null }),
          result: fc.constantFrom(
            'no_issue',
            'rectify',
            'case_opened',
            'not_found',
            'kept',
            'breached',
            'pending',
          ),
        }),
        { maxLength: 12 },
      ),
      { minLength: 1, maxLength: 12 },
    );
    let batch = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (subjects) => {
        batch += 1;
        const at = rt.clock().toISOString();
        const created = await inTransaction(rt.db, (tx) =>
          bulkInsert<Record<string, unknown>, { id: number }>(
            tx,
            'subject',
            ['kind', 'uscc', 'name', 'name_norm', 'region_code', 'reg_status', 'created_at', 'updated_at'],
            subjects.map((_, k) => {
              const uscc = testUscc(100_000 + batch * 100 + k);
              return {
                kind: 'legal_entity',
                uscc,
                name: `生成${uscc}`,
                name_norm: `生成${uscc}`,
                region_code: '330203',
                reg_status: '存续',
                created_at: at,
                updated_at: at,
              };
            }),
            ['id'],
          ),
        );
        const subjectIds = created.map((c) => c.id).sort((a, b) => a - b);
        const expected = new Map<number, EvalRecord[]>();
        const rows: Record<string, unknown>[] = [];
        subjects.forEach((recs, k) => {
          const sid = subjectIds[k] as number;
          expected.set(sid, []);
          recs.forEach((r, j) => {
            const decision = new Date(Date.parse('2019-06-01T00:00:00Z') + r.days * 86_400_000)
              .toISOString()
              .slice(0, 10);
            const end =
              r.window === null
                ? null
                : new Date(Date.parse(`${decision}T00:00:00Z`) + r.window * 86_400_000)
                    .toISOString()
                    .slice(0, 10);
            const fields: Record<string, string> = {};
            if (r.item === 'XZJC' && ['no_issue', 'rectify', 'case_opened', 'not_found'].includes(r.result))
              fields.JC_JGLX = r.result;
            if (r.item === 'CREDIT_COMMITMENT' && ['kept', 'breached', 'pending'].includes(r.result))
              fields.CN_LYZT = r.result;
            const severity = r.item === 'XZCF' ? r.severity : null;
            rows.push({
              item_id: itemId(r.item),
              item_code: r.item,
              subject_id: sid,
              provider_id: provider.id,
              business_key: `gen-${batch}-${k}-${j}`,
              version: 1,
              is_current: 1,
              status: r.status,
              fields: JSON.stringify(fields),
              content_hmac: `gen-${batch}-${k}-${j}`,
              decision_date: decision,
              polarity: 'neutral',
              disclosure: 'public',
              severity,
              published: 1,
              publicity_start: decision,
              publicity_end: end,
              objection_state: 'none',
              received_at: at,
              late: 0,
              quality: '[]',
              change_kind: 'ingest',
              recorded_at: at,
              recorded_by: 'system:test',
            });
            (expected.get(sid) as EvalRecord[]).push({
              id: 0,
              version: 1,
              itemCode: r.item,
              status: r.status as EvalRecord['status'],
              severity: severity as EvalRecord['severity'],
              published: true,
              decisionDate: decision,
              publicityStart: decision,
              publicityEnd: end,
              fields,
            });
          });
        });
        const inserted = await inTransaction(rt.db, (tx) =>
          bulkInsert<Record<string, unknown>, { id: number; business_key: string }>(
            tx,
            'record',
            Object.keys(rows[0] ?? { item_id: 0 }),
            rows,
            ['id', 'business_key'],
          ),
        );
        // record ids into the expected records, by business key
        const idOf = new Map(inserted.map((r) => [r.business_key, Number(r.id)]));
        subjects.forEach((recs, k) => {
          const list = expected.get(subjectIds[k] as number) as EvalRecord[];
          recs.forEach((_, j) => {
            list[j] = { ...(list[j] as EvalRecord), id: idOf.get(`gen-${batch}-${k}-${j}`) as number };
          });
        });
        rt.setNow(new Date(Date.parse(at) + 1000).toISOString());
        // every other run splits the subjects into several passes over the records
        const run = await runEvaluation(
          rt,
          system,
          batch % 2 === 0 ? { recordsPerPass: 7, chunkSize: 5 } : {},
        );
        const sd = scoringDate(compileModel(DEFAULT_MODEL), run.asOfDate);
        for (const sid of subjectIds) {
          const g = await getSubjectGrade(rt.db, sid);
          assert.ok(g);
          assert.equal(explainedTotal(g), parsePoints(g.score));
          for (const c of g.contributions)
            assert.equal(
              c.records.reduce((sum, r) => sum + parsePoints(r.points), 0),
              parsePoints(c.rawPoints),
            );
          const pure = scoreSubject(sd, expected.get(sid) ?? []);
          assert.equal(parsePoints(g.score), pure.score);
          assert.equal(g.grade, pure.grade);
        }
      }),
      { numRuns: 8 },
    );
  });
});
