import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { createTestUser, type TestUser, withoutRateLimits } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { systemActor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/create-app.js';
import { generateUscc } from '../../standards/uscc.js';
import { parsePoints } from '../evaluation/points.js';
import { runEvaluation } from '../evaluation/run-evaluation.service.js';
import { getSubjectGrade } from '../evaluation/subject-grade.service.js';
import { ingest } from '../ingestion/ingest.service.js';
import { drawSeed, runDraw } from './draw-algorithm.js';
import { drawStatistics, getDraw, performDraw, verifyDraw } from './inspection-draw.service.js';
import { createPlan, type PlanInput } from './inspection-plan.service.js';
import { recordInspectionResults } from './inspection-results.service.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const system = systemActor('test');
const FOOD = 40; // food processors (C13) in 海曙 330203 and 江北 330205
const OTHERS = 10; // wholesalers (F51)

function uscc(n: number): string {
  return generateUscc({
    authorityCode: '9',
    categoryCode: '1',
    regionCode: '330203',
    orgBody: `MR${String(n).padStart(6, '0')}`,
  });
}

function registration(n: number, industry: 'C13' | 'F51', status = '存续'): Record<string, string> {
  return {
    DJ_MC: `宁波抽查测试${n}号${industry === 'C13' ? '食品' : '商贸'}有限公司`,
    DJ_TYSHXYDM: uscc(n),
    DJ_ZT: status,
    DJ_CLRQ: '2015-03-01',
    DJ_XZQH: n % 2 === 0 ? '330203' : '330205',
    DJ_HYDM: industry === 'C13' ? 'C1391' : 'F5126',
    DJ_HYMC: industry === 'C13' ? '淀粉及淀粉制品制造' : '食品、饮料及烟草制品批发',
  };
}

function planInput(over: Partial<PlanInput> = {}): PlanInput {
  return {
    code: 'CCJH-330200-2026-001',
    name: '2026年食品生产企业双随机抽查',
    regulator: 'zj-nb-amr',
    matter: '食品生产许可条件保持情况检查',
    population: { regionPrefix: '3302', industryCodes: ['C13'] },
    baseRatio: '0.25',
    multipliers: { D: '4' },
    inspectors: [
      { code: 'ZF001', name: '张执法', organization: '宁波市市场监督管理局', excludeSubjects: [uscc(2)] },
      { code: 'ZF002', name: '李执法', organization: '宁波市市场监督管理局', excludeRegions: ['330205'] },
      { code: 'ZF003', name: '王执法', organization: '海曙区市场监督管理局' },
      { code: 'ZF004', name: '赵执法', organization: '江北区市场监督管理局' },
    ],
    ...over,
  };
}

forEachEngine('tiered supervision and random inspections', (s) => {
  let rt: TestRuntime;
  let app: App;
  let regulator: TestUser;
  let planId: number;
  let drawId: number;
  const today = '2026-07-01';

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    rt.setNow('2026-06-30T02:00:00Z');
    const rows = [
      ...Array.from({ length: FOOD }, (_, i) => registration(i + 1, 'C13', i === FOOD - 1 ? '注销' : '存续')),
      ...Array.from({ length: OTHERS }, (_, i) => registration(FOOD + i + 1, 'F51')),
    ];
    const r = await ingest(rt, {
      actor: system,
      item: 'REGISTRATION',
      provider: 'zj-nb-amr',
      source: { kind: 'rows', rows },
      origin: 'api',
    });
    assert.equal(r.inserted, FOOD + OTHERS, JSON.stringify(r));
    // three food processors are on the serious list (grade D)
    const listed = [3, 4, 5].map((n) => ({
      MD_XDR_MC: `宁波抽查测试${n}号食品有限公司`,
      MD_XDR_LB: '法人及非法人组织',
      MD_XDR_SHXYM: uscc(n),
      MD_LRJG: '宁波市发展和改革委员会（示例）',
      MD_LRWH: `甬发改信〔2026〕${n}号`,
      MD_LRRQ: '2026-05-01',
      MD_LRYY: '食品安全严重违法',
      MD_LRYJ: '国办发〔2020〕49号',
      MD_GZRQ: '2026-04-01',
      MD_SSSB: '未提出',
      MD_YCTJ: '满一年后可申请移出',
      MD_LB: '其他',
    }));
    const l = await ingest(rt, {
      actor: system,
      item: 'SERIOUS_LIST',
      provider: 'zj-nb-fgw',
      source: { kind: 'rows', rows: listed },
      origin: 'api',
    });
    assert.equal(l.inserted, 3);
    await runEvaluation(rt, system);
    rt.setNow(`${today}T02:00:00Z`);
    app = await createTestApp(rt);
    regulator = await createTestUser(rt, { role: 'regulator' });
  });
  after(() => app.close());

  it('stores a plan with every default resolved and its digest', async () => {
    const plan = await inTransaction(rt.db, (tx) => createPlan(tx, regulator.actor, planInput(), rt.clock()));
    planId = plan.id;
    assert.match(plan.definition.model ?? '', /^xy-general@\d+$/);
    assert.equal(plan.definition.inspectorsPerInspection, 2);
    assert.deepEqual(plan.definition.population.subjectKinds, ['individual_business', 'legal_entity']);
    assert.ok(plan.definition.population.excludeRegStatuses.includes('注销'));
    assert.equal(plan.probabilities.D, '1');
    assert.equal(plan.probabilities.A, '0.2');
    assert.match(plan.digest, /^[0-9a-f]{64}$/);
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        createPlan(tx, regulator.actor, planInput({ code: 'X-2', regulator: 'zj-nb-sthj' }), rt.clock()),
      ),
      (e: unknown) => e instanceof AppError && e.code === 'validation_failed' && /XZJC/.test(e.message),
    );
    const subjectUser = {
      kind: 'user',
      id: 5,
      name: 's',
      role: 'subject_user',
      scope: { subjectId: 1 },
    } as const;
    await assert.rejects(
      inTransaction(rt.db, (tx) => createPlan(tx, subjectUser, planInput({ code: 'X-3' }), rt.clock())),
      (e: unknown) => e instanceof AppError && e.code === 'forbidden',
    );
  });

  it('draws reproducibly by grade, with two inspectors each and no conflicted inspector', async () => {
    const draw = await inTransaction(rt.db, (tx) =>
      performDraw(
        tx,
        regulator.actor,
        planId,
        { date: today, publicInput: '2026074 03 11 19 22 27 30+08' },
        rt.clock(),
      ),
    );
    drawId = draw.id;
    assert.equal(draw.populationSize, FOOD - 1, 'food processors in 3302, cancelled one left out');
    const d = draw.strata?.find((x) => x.stratum === 'D');
    assert.deepEqual([d?.population, d?.selected], [3, 3], 'grade D sampled at min(1, 0.25 × 4)');
    for (const item of draw.items) {
      assert.equal(item.inspectors.length, 2);
      assert.notEqual(item.inspectors[0]?.code, item.inspectors[1]?.code);
      if (item.subject.uscc === uscc(2)) assert.ok(!item.inspectors.some((x) => x.code === 'ZF001'));
      const region = await rt.db
        .selectFrom('subject')
        .select('region_code')
        .where('id', '=', item.subject.id)
        .executeTakeFirstOrThrow();
      if (region.region_code === '330205') assert.ok(!item.inspectors.some((x) => x.code === 'ZF002'));
    }
    const v = await verifyDraw(rt.db, system, drawId);
    assert.ok(v.matches, JSON.stringify(v));

    // the same inputs re-run outside the platform give the same result; another public input another one
    const population = (
      await rt.db.selectFrom('inspection_draw_population').selectAll().where('draw_id', '=', drawId).execute()
    ).map((p) => ({
      subjectId: p.subject_id,
      stratum: p.stratum,
      uscc: null,
      regionCode: null,
    }));
    const strata = (draw.strata ?? []).map((x) => ({ stratum: x.stratum, probability: x.probability }));
    const rerun = (input: string) =>
      runDraw({
        seed: drawSeed(draw.planDigest, today, input),
        population,
        strata,
        inspectors: [{ code: 'a' }, { code: 'b' }],
        inspectorsPerInspection: 1,
      }).items.map((i) => i.subjectId);
    assert.deepEqual(
      rerun('2026074 03 11 19 22 27 30+08'),
      draw.items.map((i) => i.subject.id),
    );
    assert.notDeepEqual(
      rerun('2026074 03 11 19 22 27 31+08'),
      draw.items.map((i) => i.subject.id),
    );
    assert.equal(draw.seed, drawSeed(draw.planDigest, today, '2026074 03 11 19 22 27 30+08'));

    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        performDraw(tx, regulator.actor, planId, { date: today, publicInput: 'other' }, rt.clock()),
      ),
      (e: unknown) => e instanceof AppError && e.code === 'conflict',
      'no second draw on the same date',
    );
    await assert.rejects(
      inTransaction(rt.db, (tx) =>
        performDraw(tx, regulator.actor, planId, { date: '2026-07-02', publicInput: 'x' }, rt.clock()),
      ),
      (e: unknown) => e instanceof AppError && e.code === 'validation_failed',
    );
  });

  it('detects a tampered draw', async () => {
    const item = await rt.db
      .selectFrom('inspection_draw_item')
      .selectAll()
      .where('draw_id', '=', drawId)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    await rt.db
      .updateTable('inspection_draw_item')
      .set({
        inspectors: '["ZF003","ZF004"]' === item.inspectors ? '["ZF004","ZF003"]' : '["ZF003","ZF004"]',
      })
      .where('id', '=', item.id)
      .execute();
    const v = await verifyDraw(rt.db, system, drawId);
    assert.equal(v.matches, false);
    assert.equal(v.checks.find((c) => c.check === 'selection and inspectors')?.ok, false);
    await rt.db
      .updateTable('inspection_draw_item')
      .set({ inspectors: item.inspectors })
      .where('id', '=', item.id)
      .execute();
    assert.ok((await verifyDraw(rt.db, system, drawId)).matches);
  });

  it('enters results as 行政检查 records that feed the evaluation', async () => {
    const draw = await getDraw(rt.db, regulator.actor, planId, drawId);
    const [first, second] = draw.items;
    assert.ok(first && second);
    const before = await getSubjectGrade(rt.db, first.subject.id);
    const out = await recordInspectionResults(rt, regulator.actor, planId, drawId, [
      { seq: first.seq, result: 'case_opened', date: today, note: '发现超范围使用食品添加剂' },
      { seq: second.seq, result: 'no_issue', date: today },
    ]);
    assert.deepEqual(out.rejected, []);
    assert.equal(out.recorded.length, 2);
    const rec = await rt.db
      .selectFrom('record')
      .selectAll()
      .where('id', '=', out.recorded[0]?.recordId as number)
      .executeTakeFirstOrThrow();
    assert.equal(rec.item_code, 'XZJC');
    assert.equal(rec.subject_id, first.subject.id);
    const fields = JSON.parse(rec.fields) as Record<string, string>;
    assert.equal(fields.JC_JGLX, 'case_opened');
    assert.equal(fields.JC_CCJH, 'CCJH-330200-2026-001');
    assert.equal(fields.JC_BH, `CCJH-330200-2026-001-${drawId}-${first.seq}`);
    assert.match(rec.recorded_by, /^system:inspection:user:\d+$/);

    const run = await runEvaluation(rt, system, { changed: true });
    assert.ok(run.resultsWritten >= 2);
    const after = await getSubjectGrade(rt.db, first.subject.id);
    assert.equal(parsePoints(after?.score ?? '0') - parsePoints(before?.score ?? '0'), -2000);
    assert.ok(
      after?.contributions.some(
        (c) => c.indicator === 'inspection_case_opened' && c.records[0]?.id === rec.id,
      ),
    );

    const stats = await drawStatistics(rt.db, regulator.actor, planId, drawId);
    assert.equal(stats.results.case_opened, 1);
    assert.equal(stats.results.no_issue, 1);
    assert.equal(stats.results.pending, stats.selectedCount - 2);
    assert.equal(
      stats.inspectors.reduce((sum, x) => sum + x.assignments, 0),
      stats.selectedCount * 2,
    );
    await assert.rejects(
      recordInspectionResults(rt, regulator.actor, planId, drawId, [
        { seq: 999, result: 'no_issue', date: today },
      ]),
      (e: unknown) => e instanceof AppError && e.code === 'not_found',
    );
  });

  it('publishes the draw without grades and keeps the population to regulators (HTTP)', async () => {
    const url = `/api/v1/inspections/plans/${planId}/draws/${drawId}`;
    const pub = await app.inject({ url });
    assert.equal(pub.statusCode, 200, pub.body);
    const body = pub.json();
    assert.equal(body.view, 'public');
    assert.equal(body.strata, undefined);
    assert.ok(body.items.every((i: { stratum?: string }) => i.stratum === undefined));
    assert.ok(
      !pub.body.includes('张执法') && !pub.body.includes('李执法'),
      'inspector names are masked publicly',
    );
    assert.equal(body.seed, drawSeed(body.planDigest, body.drawDate, body.publicInput));
    const full = await app.inject({ url, headers: await regulator.headers() });
    assert.equal(full.json().view, 'full');
    assert.ok(Array.isArray(full.json().strata));
    assert.equal((await app.inject({ url: `${url}/population` })).statusCode, 401);
    const verify = await app.inject({ url: `${url}/verify` });
    assert.equal(verify.json().matches, true);
    const list = await app.inject({ url: '/api/v1/inspections/draws' });
    assert.equal(list.json()[0].id, drawId);
    const stats = await app.inject({ url: `${url}/stats`, headers: await regulator.headers() });
    assert.equal(stats.statusCode, 200);
    const dist = await app.inject({
      url: '/api/v1/evaluation/distribution?region=3302',
      headers: await regulator.headers(),
    });
    assert.equal(dist.json().total, FOOD + OTHERS - 1);
  });

  it('draws and verifies from the CLI', () => {
    const env = { ...process.env, ...s.test.env, XINYONG_SECRET_FILE: path.join(s.test.dir, 'secrets.json') };
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin/xinyong.js'), ...args], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      });
    const verify = cli('inspections', 'verify', String(drawId));
    assert.equal(verify.status, 0, verify.stderr + verify.stdout);
    assert.match(verify.stdout, /ok\s+selection and inspectors/);
    const draw = cli(
      'inspections',
      'draw',
      'CCJH-330200-2026-001',
      '--date',
      '2026-06-30',
      '--public-input',
      '2026073',
      '--json',
    );
    // the plan was made on 2026-07-01 (test clock): a draw dated before it is refused
    assert.notEqual(draw.status, 0);
    assert.match(draw.stderr, /不能早于抽查计划的制定日期/);
    const evaluate = cli('evaluate', '--changed', '--json');
    assert.equal(evaluate.status, 0, evaluate.stderr);
    assert.equal(JSON.parse(evaluate.stdout).kind, 'changed');
  });
});
