// Issue 16 point 13: a bar whose legal basis is not confirmed answers 提示 (prompt), never 禁止, in the check result,
// the signed receipt and the stored result; a platform admin confirms (or withdraws) the basis, audited.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { type AuthHeaders, createTestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { ingestRows } from '../../../test/support/ingest-rows.js';
import { judgmentDefaulterEntry } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from '../../platform/http/create-app.js';
import { verifyAuditChain } from '../audit/audit.service.js';
import type { CheckReceipt } from './check.types.js';

const DEFAULTER = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };

interface MeasureView {
  code: string;
  version: number;
  spec: { nationalListEntry: string | null; basisConfirmed: boolean };
  basisConfirmed: boolean;
  basisDecision: { confirmed: boolean; decidedBy: string; note: string | null } | null;
}

forEachEngine('measure legal basis: 提示 until confirmed', (s) => {
  let rt: TestRuntime;
  let app: App;
  let buyer: AuthHeaders;
  let admin: AuthHeaders;
  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2026-03-01T02:00:00Z');
    const r = await ingestRows(rt, 'JUDGMENT_DEFAULTER', 'zj-nb-fy', [
      judgmentDefaulterEntry(DEFAULTER, { caseNo: '（2026）浙02执9号', listedOn: '2026-02-20' }),
    ]);
    assert.equal(r.inserted, 1, JSON.stringify(r));
    app = await createTestApp(rt);
    buyer = await (
      await createTestUser(rt, {
        role: 'credit_user',
        organization: '宁波市政府采购中心',
        scenarios: ['procurement'],
      })
    ).headers();
    admin = await (await createTestUser(rt, { role: 'platform_admin' })).headers();
  });
  after(() => app.close());

  const check = async (): Promise<CheckReceipt> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers: buyer,
      payload: { scenario: 'procurement', subjects: [{ uscc: DEFAULTER.uscc }] },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as CheckReceipt;
  };
  const decide = (headers: AuthHeaders, payload: { confirmed: boolean; note?: string }) =>
    app.inject({ method: 'PUT', url: '/api/v1/measures/PROC_BAR_DEFAULTER/basis', headers, payload });
  const storedVerdict = async (checkNo: string) =>
    (
      await rt.db
        .selectFrom('check_result as r')
        .innerJoin('check_run as c', 'c.id', 'r.check_id')
        .select('r.verdict')
        .where('c.check_no', '=', checkNo)
        .executeTakeFirstOrThrow()
    ).verdict;

  it('lists every shipped measure with its national list entry, unconfirmed', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/measures' });
    const list = res.json() as MeasureView[];
    const proc = list.find((m) => m.code === 'PROC_BAR_DEFAULTER');
    assert.match(proc?.spec.nationalListEntry ?? '', /失信惩戒措施基础清单（2024年版）第一类/);
    assert.deepEqual(
      list.filter((m) => m.basisConfirmed).map((m) => m.code),
      [],
    );
    assert.equal(list.find((m) => m.code === 'GREEN_CHANNEL')?.spec.nationalListEntry, null);
  });

  it('answers 提示, not 禁止, for an unconfirmed bar: in the result, the signed receipt and the stored result', async () => {
    const receipt = await check();
    const [r] = receipt.payload.results;
    assert.equal(r?.verdict, 'prompt');
    assert.match(r?.note ?? '', /需人工核实法律依据/);
    const m = r?.measures.find((x) => x.code === 'PROC_BAR_DEFAULTER');
    assert.deepEqual([m?.effect, m?.basisConfirmed], ['bar', false]);
    const verify = await app.inject({
      method: 'GET',
      url: `/api/v1/checks/${receipt.payload.checkNo}/verify`,
      headers: buyer,
    });
    const v = verify.json() as { valid: boolean; receipt: CheckReceipt | null };
    assert.equal(v.valid, true);
    assert.equal(v.receipt?.payload.results[0]?.verdict, 'prompt');
    assert.equal(await storedVerdict(receipt.payload.checkNo), 'prompt');
  });

  it('a credit user cannot confirm a basis', async () => {
    const res = await decide(buyer, { confirmed: true, note: '已核实' });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal((await check()).payload.results[0]?.verdict, 'prompt');
  });

  it('after an admin confirms the basis the check answers 禁止; the decision is in the audit chain; withdrawing needs a reason and answers 提示 again', async () => {
    const res = await decide(admin, { confirmed: true, note: '已核实财库〔2016〕125号第二条原文' });
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json() as MeasureView;
    assert.deepEqual([view.basisConfirmed, view.basisDecision?.confirmed], [true, true]);

    const barred = await check();
    assert.equal(barred.payload.results[0]?.verdict, 'barred');
    assert.equal(barred.payload.results[0]?.measures[0]?.basisConfirmed, true);
    assert.equal(await storedVerdict(barred.payload.checkNo), 'barred');

    const events = await rt.db
      .selectFrom('audit_event')
      .select(['action', 'entity_id', 'payload'])
      .where('entity_type', '=', 'measure')
      .where('action', 'like', 'measure.basis_%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      events.map((e) => e.action),
      ['measure.basis_confirmed'],
    );
    assert.match(events[0]?.entity_id ?? '', /^PROC_BAR_DEFAULTER@\d+$/);
    assert.match(events[0]?.payload ?? '', /财库〔2016〕125号/);
    assert.equal((await verifyAuditChain(rt.db)).ok, true);

    assert.equal((await decide(admin, { confirmed: false })).statusCode, 400);
    const withdrawn = await decide(admin, { confirmed: false, note: '条款引用有误，待重新核实' });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    assert.equal((await check()).payload.results[0]?.verdict, 'prompt');
  });
});
