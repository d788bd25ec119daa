// The check API as a caller meets it: one error per bad subject naming its field, whole receipts accepted for
// comparison, one feedback per subject and measure.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { type AuthHeaders, createTestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { ingestRows } from '../../../test/support/ingest-rows.js';
import { judgmentDefaulterEntry } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from '../../platform/http/create-app.js';

const DEFAULTER = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };

interface Problem {
  detail: string;
  errors?: { field: string; code: string; message: string }[];
}

forEachEngine('check API', (s) => {
  let rt: TestRuntime;
  let app: App;
  let buyer: AuthHeaders;
  before(async () => {
    rt = await createTestRuntime(s.test);
    rt.setNow('2026-03-01T02:00:00Z');
    const r = await ingestRows(rt, 'JUDGMENT_DEFAULTER', 'zj-nb-fy', [
      judgmentDefaulterEntry(DEFAULTER, { caseNo: '（2026）浙02执7号', listedOn: '2026-02-20' }),
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
  });
  after(() => app.close());

  const post = (url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: buyer, payload: payload as Record<string, unknown> });

  it('names the one field that is wrong in each subject', async () => {
    const res = await post('/api/v1/checks', {
      scenario: 'procurement',
      subjects: [{ uscc: DEFAULTER.uscc }, { name: '%' }, { uscc: DEFAULTER.uscc, name: '妙乐' }, {}],
    });
    assert.equal(res.statusCode, 400);
    const body = res.json() as Problem;
    assert.deepEqual(
      body.errors?.map((e) => [e.field, e.code]),
      [
        ['body.subjects.1.name', 'minLength'],
        ['body.subjects.2', 'maxProperties'],
        ['body.subjects.3', 'minProperties'],
      ],
      body.detail,
    );
    assert.doesNotMatch(body.detail, /不符合任何一种允许的格式/);
  });

  it('compares a whole receipt, seal included, with the archive', async () => {
    const run = await post('/api/v1/checks', {
      scenario: 'procurement',
      subjects: [{ uscc: DEFAULTER.uscc }],
    });
    assert.equal(run.statusCode, 201, run.body);
    const receipt = run.json() as { payload: { checkNo: string }; signature: string };
    const same = await post('/api/v1/checks/verify', receipt);
    assert.equal(same.statusCode, 200, same.body);
    assert.equal(same.json().valid, true);
    const reSealed = await post('/api/v1/checks/verify', { ...receipt, signature: 'AAAA' });
    assert.equal(reSealed.json().valid, false);
    // a check number typed in lower case finds the same check
    const typed = await app.inject({
      url: `/api/v1/checks/${receipt.payload.checkNo.toLowerCase()}/verify`,
      headers: buyer,
    });
    assert.equal(typed.statusCode, 200, typed.body);
    assert.equal(typed.json().checkNo, receipt.payload.checkNo);
  });

  it('answers a retry with the same Idempotency-Key with the check already run, and refuses the key for another request', async () => {
    const body = { scenario: 'procurement', subjects: [{ uscc: DEFAULTER.uscc }] };
    const send = (key: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/checks',
        headers: { ...buyer, 'idempotency-key': key },
        payload: payload as Record<string, unknown>,
      });
    const countRuns = async () =>
      Number(
        (
          await rt.db
            .selectFrom('check_run')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countRuns();
    const first = await send('order-2026-0001', body);
    assert.equal(first.statusCode, 201, first.body);
    const [again, parallel] = await Promise.all([
      send('order-2026-0001', body),
      send('order-2026-0001', body),
    ]);
    for (const r of [again, parallel]) {
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.headers['idempotent-replayed'], 'true');
      assert.deepEqual(r.json(), first.json(), 'the same receipt, signature and all');
    }
    assert.equal(await countRuns(), before + 1, 'one check');
    // two first tries at once: one runs the check, the other gets it
    const race = await Promise.all([send('order-2026-0002', body), send('order-2026-0002', body)]);
    assert.deepEqual(race.map((r) => r.statusCode).sort(), [200, 201], race.map((r) => r.body).join('\n'));
    assert.deepEqual(race[0]?.json(), race[1]?.json());
    assert.equal(await countRuns(), before + 2);
    const other = await send('order-2026-0001', {
      ...body,
      subjects: [{ uscc: DEFAULTER.uscc }, { name: DEFAULTER.name }],
    });
    assert.equal(other.statusCode, 409, other.body);
    const bad = await send('含中文的键', body);
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.json() as Problem).errors?.[0]?.field, 'headers.idempotency-key');
  });

  it('says in words what a check number and a scenario code look like', async () => {
    const verify = await app.inject({ method: 'GET', url: '/api/v1/checks/HC2026/verify', headers: buyer });
    assert.equal(verify.statusCode, 400);
    assert.match((verify.json() as Problem).detail, /应为核查编号，如 HC20260301A1B2C3D4E5F6/);
    const scenario = await post('/api/v1/checks', {
      scenario: 'Procurement',
      subjects: [{ uscc: DEFAULTER.uscc }],
    });
    assert.equal(scenario.statusCode, 400);
    assert.match((scenario.json() as Problem).detail, /body\.scenario 格式不符合要求，应为场景代码/);
    assert.doesNotMatch((scenario.json() as Problem).detail, /\^\[a-z\]/);
  });

  it('takes one feedback per subject and measure in a request, and counts a later one as a correction', async () => {
    const run = await post('/api/v1/checks', {
      scenario: 'procurement',
      subjects: [{ uscc: DEFAULTER.uscc }],
    });
    const no = (run.json() as { payload: { checkNo: string } }).payload.checkNo;
    const item = { index: 0, measure: 'PROC_BAR_DEFAULTER', applied: true };
    const twice = await post(`/api/v1/checks/${no}/feedback`, { items: [item, item] });
    assert.equal(twice.statusCode, 400);
    assert.deepEqual(
      (twice.json() as Problem).errors?.map((e) => e.field),
      ['items[1]'],
    );
    const wrong = await post(`/api/v1/checks/${no}/feedback`, {
      items: [item, { index: 7, measure: 'PROC_BAR_DEFAULTER', applied: true }],
    });
    assert.deepEqual(
      (wrong.json() as Problem).errors?.map((e) => e.field),
      ['items[1].index'],
      'the field is the position in items, not the subject index',
    );
    const first = await post(`/api/v1/checks/${no}/feedback`, { items: [item] });
    assert.deepEqual([first.statusCode, first.json()], [201, { recorded: 1, corrected: 0 }]);
    const again = await post(`/api/v1/checks/${no}/feedback`, { items: [{ ...item, applied: false }] });
    assert.deepEqual([again.statusCode, again.json()], [201, { recorded: 1, corrected: 1 }]);
  });
});
