import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from '../../platform/http/create-app.js';
import { getProvider } from '../providers/provider.service.js';

interface ProfileJson {
  name: string;
  item: string;
  provider: string | null;
  columns: Record<string, string>;
  transforms: Record<string, string>;
  ignore: Record<string, string>;
  origin: 'shipped' | 'custom';
}

interface ProblemJson {
  code: string;
  errors?: { field?: string; code: string; message: string }[];
}

/** A penalty row whose document number sits under the department's own header 决定书编号. */
const row = (wsh: string) => ({
  决定书编号: wsh,
  CF_XDR_MC: '宁波不凡创意设计有限公司',
  CF_XDR_LB: '法人及非法人组织',
  CF_XDR_SHXYM: '91330206MACYH2796M',
  CF_WFXW: '超标排放',
  CF_SY: '超标排放大气污染物',
  CF_YJ: '《中华人民共和国大气污染防治法》第九十九条',
  CF_CFLB: '罚款',
  CF_NR: '罚款人民币2万元',
  罚款金额元: '20000',
  CF_JDRQ: '2025-03-01',
  CF_CFJG: '宁波市生态环境局（示例）',
  CF_CFJGDM: '11330200MB1A000527',
  CF_SJLY: '宁波市生态环境局（示例）',
  CF_SJLYDM: '11330200MB1A000527',
  内部流水号: 'A-1',
});

forEachEngine('mapping profiles API', (s) => {
  let rt: TestRuntime;
  let app: App;
  let operator: Record<string, string>;
  let admin: Record<string, string>;

  before(async () => {
    rt = await createTestRuntime(s.test);
    app = await createTestApp(rt);
    const provider = await getProvider(rt.db, 'zj-nb-sthj');
    operator = await (
      await createTestUser(rt, { role: 'provider_operator', providerId: provider.id })
    ).headers();
    admin = await (await createTestUser(rt, { role: 'platform_admin' })).headers();
  });
  after(() => app.close());

  const put = (name: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    app.inject({ method: 'PUT', url: `/api/v1/profiles/${name}`, headers, payload });

  it('lists the operator’s own and shared profiles only; the credit centre sees all', async () => {
    const own = await app.inject({ url: '/api/v1/profiles', headers: operator });
    assert.equal(own.statusCode, 200, own.body);
    const names = (own.json() as ProfileJson[]).map((p) => p.name);
    assert.ok(names.includes('zhejiang-xzxk'), 'the shared shipped profile');
    assert.ok(!names.includes('zhejiang-warehouse'), 'another provider’s profile is not listed');
    const all = (await app.inject({ url: '/api/v1/profiles', headers: admin })).json() as ProfileJson[];
    const warehouse = all.find((p) => p.name === 'zhejiang-warehouse');
    assert.equal(warehouse?.origin, 'shipped');
    assert.equal(warehouse?.transforms.reg_capt, 'yuan_to_wan');

    const other = await app.inject({ url: '/api/v1/profiles/zhejiang-warehouse', headers: operator });
    assert.equal(other.statusCode, 403, other.body);
    assert.equal(
      (await app.inject({ url: '/api/v1/profiles/no-such-profile', headers: admin })).statusCode,
      404,
    );
    assert.equal((await app.inject({ url: '/api/v1/profiles' })).statusCode, 401);
    const regulator = await (await createTestUser(rt, { role: 'regulator' })).headers();
    assert.equal((await app.inject({ url: '/api/v1/profiles', headers: regulator })).statusCode, 403);
  });

  it('saves an operator’s profile, and an upload naming it maps the department’s headers', async () => {
    const saved = await put('sthj-penalties', operator, {
      item: 'xzcf',
      provider: 'zj-nb-sthj',
      description: '生态环境局执法系统导出',
      columns: { 决定书编号: 'CF_WSH', 罚款金额元: 'CF_NR_FK' },
      transforms: { 罚款金额元: 'yuan_to_wan' },
      ignore: { 内部流水号: '执法系统内部编号' },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const profile = saved.json() as ProfileJson;
    assert.equal(profile.item, 'XZCF');
    assert.equal(profile.origin, 'custom');
    const read = await app.inject({ url: '/api/v1/profiles/sthj-penalties', headers: operator });
    assert.deepEqual((read.json() as ProfileJson).columns, { 决定书编号: 'CF_WSH', 罚款金额元: 'CF_NR_FK' });

    const batch = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: operator,
      payload: { item: 'XZCF', profile: 'sthj-penalties', rows: [row('甬环罚〔2025〕31号')] },
    });
    assert.equal(batch.statusCode, 201, batch.body);
    const counts = (batch.json() as { counts: Record<string, number> }).counts;
    assert.equal(counts.inserted, 1, batch.body);
    const fine = await rt.db
      .selectFrom('record')
      .select('fields')
      .where('batch_id', '=', (batch.json() as { id: number }).id)
      .executeTakeFirstOrThrow();
    const fields = JSON.parse(fine.fields) as Record<string, unknown>;
    assert.equal(fields.CF_WSH, '甬环罚〔2025〕31号');
    assert.equal(String(fields.CF_NR_FK), '2', 'yuan_to_wan: 20000 元 = 2 万元');

    // saving again replaces the mapping
    const again = await put('sthj-penalties', operator, {
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      description: '第二版',
      columns: { 决定书编号: 'CF_WSH' },
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual((again.json() as ProfileJson).transforms, {});
  });

  it('names every problem of an invalid profile as problem+json details', async () => {
    const res = await put('sthj-broken', operator, {
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      description: '',
      columns: { 文号: 'CF_WSH', 决定文号: 'CF_WSH', 金额: 'CF_NO_SUCH_FIELD' },
      ignore: { 文号: '重复' },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    const problem = res.json() as ProblemJson;
    assert.equal(problem.code, 'validation_failed');
    const found = (problem.errors ?? []).map((e) => `${e.field} ${e.code}`).sort();
    assert.deepEqual(found, ['columns.决定文号 duplicate', 'columns.金额 unknown', 'ignore.文号 conflict']);

    const item = await put('sthj-broken', admin, {
      item: 'NO_SUCH_ITEM',
      provider: null,
      description: '',
      columns: {},
    });
    assert.equal(item.statusCode, 400, item.body);
    assert.deepEqual(
      ((item.json() as ProblemJson).errors ?? []).map((e) => e.field),
      ['item'],
    );
    // an item the provider does not submit
    const notAllowed = await put('sthj-registration', operator, {
      item: 'REGISTRATION',
      provider: 'zj-nb-sthj',
      description: '',
      columns: {},
    });
    assert.equal(notAllowed.statusCode, 400, notAllowed.body);
    assert.equal((notAllowed.json() as ProblemJson).errors?.[0]?.code, 'not_allowed');
    // schema errors are problem documents with details too
    const schema = await put('sthj-schema', operator, {
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      description: '',
      columns: {},
      transforms: { 金额: 'to_dollars' },
    });
    assert.equal(schema.statusCode, 400, schema.body);
    assert.match((schema.json() as ProblemJson).errors?.[0]?.field ?? '', /^body\.transforms/);
  });

  it('keeps operators to their own provider and shipped profiles read-only', async () => {
    const body = { item: 'XZCF', description: '', columns: { 文号: 'CF_WSH' } };
    assert.equal((await put('amr-xzcf', operator, { ...body, provider: 'zj-nb-amr' })).statusCode, 403);
    assert.equal(
      (await put('shared-xzcf', operator, { ...body, provider: null })).statusCode,
      403,
      'shared profiles are the credit centre’s',
    );
    const shared = await put('shared-xzcf', admin, { ...body, provider: null });
    assert.equal(shared.statusCode, 200, shared.body);
    const shipped = await put('zhejiang-xzxk', admin, { ...body, item: 'XZXK', columns: {}, provider: null });
    assert.equal(shipped.statusCode, 409, shipped.body);
  });

  it('never lets one provider take over another provider’s or a shared profile by saving under its name', async () => {
    const amr = await getProvider(rt.db, 'zj-nb-amr');
    const other = await (
      await createTestUser(rt, { role: 'provider_operator', providerId: amr.id })
    ).headers();
    const mine = {
      item: 'XZCF',
      provider: 'zj-nb-sthj',
      description: '生态环境局的方案',
      columns: { 决定书编号: 'CF_WSH' },
      ignore: { 内部流水号: '内部编号', 罚款金额元: '不报送' },
    };
    assert.equal((await put('sthj-owned', operator, mine)).statusCode, 200);
    const upload = (headers: Record<string, string>, wsh: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/batches',
        headers,
        payload: { item: 'XZCF', profile: 'sthj-owned', rows: [row(wsh)] },
      });
    const before = await upload(admin, '甬环罚〔2025〕41号');
    assert.equal(before.statusCode, 201, before.body);
    const batchId = (before.json() as { id: number }).id;
    const providerOfBatch = async (id: number) =>
      (
        await rt.db
          .selectFrom('batch as b')
          .innerJoin('provider as p', 'p.id', 'b.provider_id')
          .select('p.code')
          .where('b.id', '=', id)
          .executeTakeFirstOrThrow()
      ).code;
    assert.equal(await providerOfBatch(batchId), 'zj-nb-sthj', 'filed under the profile’s provider');

    // another provider saving a profile under that name, naming itself or nobody: refused, nothing changed
    for (const provider of ['zj-nb-amr', null]) {
      const taken = await put('sthj-owned', other, { ...mine, provider, description: '被接管' });
      assert.equal(taken.statusCode, 403, taken.body);
      const problem = taken.json() as ProblemJson & { detail: string };
      assert.equal(problem.code, 'forbidden');
      assert.match(problem.detail, provider === null ? /无权|只能/ : /属于其他信息提供单位，不能覆盖/);
    }
    const stored = (
      await app.inject({ url: '/api/v1/profiles/sthj-owned', headers: admin })
    ).json() as ProfileJson & { description: string };
    assert.equal(stored.provider, 'zj-nb-sthj');
    assert.equal(stored.description, '生态环境局的方案');
    assert.deepEqual(stored.columns, mine.columns);
    assert.equal(
      (await app.inject({ url: '/api/v1/profiles/sthj-owned', headers: operator })).statusCode,
      200,
    );
    assert.equal(await providerOfBatch(batchId), 'zj-nb-sthj', 'the earlier batch is still the provider’s');
    const after = await upload(admin, '甬环罚〔2025〕42号');
    assert.equal(after.statusCode, 201, after.body);
    assert.equal(await providerOfBatch((after.json() as { id: number }).id), 'zj-nb-sthj');
    // nor may it file its own batch through the other provider's profile
    const borrowed = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      headers: other,
      payload: {
        item: 'XZCF',
        provider: 'zj-nb-amr',
        profile: 'sthj-owned',
        rows: [row('甬市监罚〔2025〕1号')],
      },
    });
    assert.equal(borrowed.statusCode, 403, borrowed.body);
    assert.match((borrowed.json() as { detail: string }).detail, /属于其他信息提供单位，本单位不能使用/);
    const audit = await rt.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'profile.saved')
      .where('entity_id', '=', 'sthj-owned')
      .execute();
    assert.equal(audit.length, 1, 'only the owner’s save is audited');

    // a shared profile: no provider may overwrite it; the credit centre may
    const shared = { item: 'XZCF', provider: null, description: '通用', columns: { 文号: 'CF_WSH' } };
    assert.equal((await put('shared-penalties', admin, shared)).statusCode, 200);
    const grab = await put('shared-penalties', other, {
      ...shared,
      provider: 'zj-nb-amr',
      description: '接管',
    });
    assert.equal(grab.statusCode, 403, grab.body);
    assert.match((grab.json() as { detail: string }).detail, /是通用方案，只有信用中心可以修改/);
    const still = (
      await app.inject({ url: '/api/v1/profiles/shared-penalties', headers: admin })
    ).json() as ProfileJson & { description: string };
    assert.equal(still.provider, null);
    assert.equal(still.description, '通用');
    const changed = await put('shared-penalties', admin, { ...shared, description: '通用第二版' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((changed.json() as { description: string }).description, '通用第二版');
    // the owner still edits its own profile
    assert.equal((await put('sthj-owned', operator, { ...mine, description: '第二版' })).statusCode, 200);
  });
});
