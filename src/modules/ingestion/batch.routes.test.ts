import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestUser } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { toCsv } from '../../../test/support/files.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from '../../platform/http/create-app.js';
import { getProvider } from '../providers/provider.service.js';

function multipart(
  fields: Record<string, string>,
  file: { name: string; content: string },
): { body: Buffer; contentType: string } {
  const boundary = '----xinyongTestBoundary7MA4YWxk';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
  );
  parts.push(Buffer.from(file.content, 'utf8'));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const row = (o: Record<string, string>) => ({
  CF_WSH: '甬环罚〔2025〕7号',
  CF_XDR_MC: '宁波不凡创意设计有限公司',
  CF_XDR_LB: '法人及非法人组织',
  CF_XDR_SHXYM: '91330206MACYH2796M',
  CF_WFXW: '超标排放',
  CF_SY: '超标排放大气污染物',
  CF_YJ: '《中华人民共和国大气污染防治法》第九十九条',
  CF_CFLB: '罚款',
  CF_NR: '罚款人民币2万元',
  CF_NR_FK: '2',
  CF_JDRQ: '2025-03-01',
  CF_CFJG: '宁波市生态环境局（示例）',
  CF_CFJGDM: '11330200MB1A000527',
  CF_SJLY: '宁波市生态环境局（示例）',
  CF_SJLYDM: '11330200MB1A000527',
  ...o,
});

forEachEngine('collection API', (s) => {
  let rt: TestRuntime;
  let app: App;
  let headers: Record<string, string>;
  before(async () => {
    rt = await createTestRuntime(s.test);
    app = await createTestApp(rt);
    const provider = await getProvider(rt.db, 'zj-nb-sthj');
    headers = await (
      await createTestUser(rt, { role: 'provider_operator', providerId: provider.id })
    ).headers();
  });
  after(() => app.close());

  it('accepts a multipart upload, reports the bad row, and serves the issues as CSV with a BOM', async () => {
    const csv = toCsv([row({}), row({ CF_WSH: '甬环罚〔2025〕8号', CF_JDRQ: '2025-02-30' })]);
    const { body, contentType } = multipart(
      { item: 'XZCF', provider: 'zj-nb-sthj' },
      { name: '处罚.csv', content: csv },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/batches?wait=true',
      payload: body,
      headers: { ...headers, 'content-type': contentType },
    });
    assert.equal(res.statusCode, 201, res.body);
    const batch = res.json() as {
      id: number;
      status: string;
      counts: Record<string, number>;
      fileName: string;
    };
    assert.equal(batch.status, 'completed');
    assert.deepEqual([batch.counts.read, batch.counts.inserted, batch.counts.rejected], [2, 1, 1]);
    assert.equal(batch.fileName, '处罚.csv');
    const issues = await app.inject({ url: `/api/v1/batches/${batch.id}/issues?severity=error`, headers });
    assert.deepEqual(
      (issues.json() as { row: number; field: string; code: string }[]).map((i) => [i.row, i.field, i.code]),
      [[3, 'CF_JDRQ', 'invalid_date']],
    );
    const file = await app.inject({ url: `/api/v1/batches/${batch.id}/issues.csv`, headers });
    assert.equal(file.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
    assert.match(file.body, /行号,字段,级别,代码,说明,原始值/);
    assert.match(file.body, /3,CF_JDRQ,错误,invalid_date/);
  });

  it('defaults the provider to the operator’s own, names the submitter, and lists providers publicly', async () => {
    const session = (await app.inject({ url: '/api/v1/session', headers })).json() as {
      provider?: { code: string; items: string[] };
    };
    assert.equal(session.provider?.code, 'zj-nb-sthj');
    assert.ok(session.provider?.items.includes('XZCF'));
    const { body, contentType } = multipart(
      { item: 'XZCF' },
      { name: 'no-provider.csv', content: toCsv([row({ CF_WSH: '甬环罚〔2025〕21号' })]) },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/batches?wait=true',
      payload: body,
      headers: { ...headers, 'content-type': contentType },
    });
    assert.equal(res.statusCode, 201, res.body);
    const batch = res.json() as { provider: { code: string }; createdBy: string; createdByName: string };
    assert.equal(batch.provider.code, 'zj-nb-sthj');
    assert.match(batch.createdBy, /^user:\d+$/);
    assert.notEqual(batch.createdByName, batch.createdBy, 'the submitter is shown by name');

    const list = await app.inject({ url: '/api/v1/providers' });
    assert.equal(list.statusCode, 200, 'the provider list is public');
    const providers = list.json() as { code: string; sectorName: string }[];
    assert.equal(providers.find((p) => p.code === 'zj-nb-sthj')?.sectorName, '生态环境');

    const put = (h: Record<string, string>) =>
      app.inject({
        method: 'PUT',
        url: '/api/v1/providers/sx-xa-swj',
        headers: h,
        payload: {
          name: '西安市商务局',
          uscc: null,
          regionCode: '610100',
          sector: 'general',
          items: ['XZXK'],
        },
      });
    assert.equal((await put(headers)).statusCode, 403, 'a provider operator cannot add providers');
    const admin = await (await createTestUser(rt, { role: 'platform_admin' })).headers();
    const created = await put(admin);
    assert.equal(created.statusCode, 200, created.body);
    assert.deepEqual((created.json() as { items: string[] }).items, ['XZXK']);
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/providers/sx-xa-swj',
      headers: admin,
      payload: {
        name: '西安市商务局',
        uscc: '91610000XXXXXXXXXX',
        regionCode: '610100',
        sector: 'general',
        items: [],
      },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /uscc/);
  });

  it('answers an upload at once with 202 and the batch to poll', async () => {
    const { body, contentType } = multipart(
      { item: 'XZCF', provider: 'zj-nb-sthj' },
      { name: 'p.csv', content: toCsv([row({ CF_WSH: '甬环罚〔2025〕9号' })]) },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      payload: body,
      headers: { ...headers, 'content-type': contentType },
    });
    assert.equal(res.statusCode, 202, res.body);
    const location = String(res.headers.location);
    let status = 'applying';
    for (let i = 0; i < 50 && status === 'applying'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await app.inject({ url: location, headers })).json().status as string;
    }
    assert.equal(status, 'completed');
  });

  it('takes JSON pushes and validates them against the schema', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      payload: { item: 'XZCF', provider: 'zj-nb-sthj', rows: [row({ CF_WSH: '甬环罚〔2025〕10号' })] },
      headers,
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().counts.inserted, 1);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/batches',
      payload: { item: 'XZCF', rows: [], extra: 1 },
      headers,
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'validation_failed');
  });

  it('serves fill-in templates with Chinese headers and national codes', async () => {
    const csv = await app.inject('/api/v1/catalog/XZCF/template.csv');
    assert.match(csv.body, /^\ufeff行政处罚决定书文号\(CF_WSH\),/);
    const xlsx = await app.inject('/api/v1/catalog/XZCF/template.xlsx');
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
  });
});
