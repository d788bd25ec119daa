import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HTTPMethods } from 'fastify';
import {
  type AuthHeaders,
  createTestUser,
  personPenaltyRow,
  type SyntheticPerson,
  syntheticPersons,
  withoutRateLimits,
} from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from './create-app.js';
import { MAX_DEPTH, nonFiniteNumbers, textProblem, textProblems } from './input-guard.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

describe('input guard (pure)', () => {
  it('names NUL, lone surrogates and non-finite numbers by their path', () => {
    assert.equal(textProblem('甲乙'), undefined);
    assert.equal(textProblem('😀 emoji pairs are fine'), undefined);
    assert.match(textProblem('a\u0000b') ?? '', /NUL/);
    assert.match(textProblem('x\ud800') ?? '', /代理项/);
    assert.match(textProblem('\udc00x') ?? '', /代理项/);
    assert.deepEqual(
      textProblems({ rows: [{ ok: 'x' }, { CF_WSH: 'a\u0000' }], 'k\u0000': 1 }, 'body').map((d) => d.field),
      ['body.rows.1.CF_WSH', 'body.k\u0000'],
    );
    assert.deepEqual(
      nonFiniteNumbers(
        { limit: Number.POSITIVE_INFINITY, ids: [1, Number.NEGATIVE_INFINITY] },
        'querystring',
      ).map((d) => d.field),
      ['querystring.limit', 'querystring.ids.1'],
    );
  });

  it('walks any depth without recursion: past MAX_DEPTH levels the input is one problem naming its part', () => {
    const nested = (levels: number, leaf: unknown, wrap: (v: unknown) => unknown) => {
      let v = leaf;
      for (let i = 0; i < levels; i += 1) v = wrap(v);
      return v;
    };
    const inArray = (v: unknown) => [v];
    const inObject = (v: unknown) => ({ a: v });
    for (const wrap of [inArray, inObject]) {
      // 200,000 levels: what JSON.parse accepts and a recursive walker could not walk (RangeError)
      const deep = nested(200_000, 'x', wrap);
      for (const check of [textProblems, nonFiniteNumbers])
        assert.deepEqual(
          check(deep, 'body').map((d) => [d.field, d.code]),
          [['body', 'too_deep']],
        );
      assert.match(textProblems(deep, 'body')[0]?.message ?? '', /嵌套层数过深.*64/);
      assert.deepEqual(textProblems(nested(MAX_DEPTH, 'x', wrap), 'body'), [], 'MAX_DEPTH levels pass');
      assert.deepEqual(
        textProblems(nested(MAX_DEPTH + 1, 'x', wrap), 'body').map((d) => d.code),
        ['too_deep'],
      );
    }
    // problems above the deep part are still named, in document order
    assert.deepEqual(
      textProblems({ a: 'x\u0000', b: nested(100, 1, inArray) }, 'querystring').map((d) => [d.field, d.code]),
      [
        ['querystring.a', 'invalid_text'],
        ['querystring', 'too_deep'],
      ],
    );
    assert.deepEqual(
      nonFiniteNumbers(nested(MAX_DEPTH, Number.NaN, inObject), 'body').map((d) => d.code),
      ['not_finite'],
    );
  });
});

const NUL = '\u0000';

forEachEngine('no 5xx from any input', (s) => {
  let rt: TestRuntime;
  let app: App;
  let admin: AuthHeaders;

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    app = await createTestApp(rt);
    admin = await (await createTestUser(rt, { role: 'platform_admin' })).headers();
  });
  after(() => app.close());

  async function expectField(
    req: { method?: HTTPMethods; url: string; payload?: string; headers?: Record<string, string> },
    field: RegExp,
    status = 400,
  ): Promise<void> {
    const res = await app.inject({ method: req.method ?? 'GET', ...req });
    const label = `${req.method ?? 'GET'} ${req.url}`;
    assert.equal(res.statusCode, status, `${label}: ${res.body}`);
    assert.equal(res.headers['content-type'], PROBLEM_CONTENT_TYPE, label);
    const problem = res.json() as { detail: string; errors?: { field: string }[] };
    assert.ok(
      problem.errors?.some((e) => field.test(e.field)),
      `${label}: no error names ${field}: ${res.body}`,
    );
    assert.match(problem.detail, /\p{Script=Han}/u, `${label}: the detail is for a Chinese reader`);
  }

  const json = (body: unknown) => ({
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

  it('refuses NUL in a sign-in name, a search, a subject code and deep in a pushed row, naming the field', async () => {
    await expectField(
      { method: 'POST', url: '/api/v1/session', ...json({ username: `admin${NUL}`, password: 'x' }) },
      /^body\.username$/,
    );
    await expectField({ url: `/api/v1/subjects?q=${encodeURIComponent(`测试${NUL}`)}` }, /^querystring\.q$/);
    await expectField({ url: '/api/v1/subjects/91330200MA2%00' }, /^params\.subject$/);
    await expectField({ url: '/api/v1/catalog/XZCF%00' }, /^params\.item$/);
    await expectField(
      {
        method: 'POST',
        url: '/api/v1/batches',
        payload: JSON.stringify({
          item: 'XZCF',
          provider: 'zj-nb-sthj',
          rows: [{ CF_WSH: `甬罚${NUL}1号` }],
        }),
        headers: { ...admin, 'content-type': 'application/json' },
      },
      /^body\.rows\.0\.CF_WSH$/,
    );
    await expectField(
      {
        method: 'POST',
        url: '/api/v1/checks',
        payload: JSON.stringify({ scenario: 'procurement', subjects: [{ name: `\ud800测试` }] }),
        headers: { ...admin, 'content-type': 'application/json' },
      },
      /^body\.subjects\.0\.name$/,
    );
  });

  it('refuses 1e309 and 23-digit numbers as limit, offset, days and path ids', async () => {
    const huge = '12345678901234567890123';
    for (const value of ['1e309', '-1e309', huge]) {
      await expectField({ url: `/api/v1/subjects?q=测试&limit=${value}` }, /^querystring\.limit$/);
      await expectField({ url: `/api/v1/subjects?q=测试&offset=${value}` }, /^querystring\.offset$/);
      await expectField(
        { url: `/api/v1/dashboard/collection?days=${value}`, headers: admin },
        /^querystring\.days$/,
      );
      await expectField({ url: `/api/v1/records/${value}` }, /^params\.id$/);
      await expectField({ url: `/api/v1/evaluation/models/${value}` }, /^params\.id$/);
      await expectField({ url: `/api/v1/batches/${value}`, headers: admin }, /^params\.id$/);
      await expectField(
        { url: `/api/v1/audit/events?limit=${value}`, headers: admin },
        /^querystring\.limit$/,
      );
    }
  });

  it('answers a JSON body of 200,000 nested arrays or objects with a 400 naming the body, on public and signed-in routes', async () => {
    const n = 200_000;
    const bodies = ['['.repeat(n) + ']'.repeat(n), `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`];
    for (const payload of bodies) {
      for (const [url, headers] of [
        ['/api/v1/session', {}],
        ['/api/v1/checks/verify', {}],
        ['/api/v1/reports', {}],
        ['/api/v1/checks', admin],
        ['/api/v1/batches', admin],
      ] as const) {
        await expectField(
          { method: 'POST', url, payload, headers: { ...headers, 'content-type': 'application/json' } },
          /^body$/,
        );
        const res = await app.inject({
          method: 'POST',
          url,
          payload,
          headers: { ...headers, 'content-type': 'application/json' },
        });
        assert.match((res.json() as { detail: string }).detail, /请求体.*嵌套层数过深/);
      }
    }
  });

  it('answers a POST to the batch route without a body with a 400 naming the body', async () => {
    await expectField({ method: 'POST', url: '/api/v1/batches', headers: admin }, /^body$/);
  });

  it('answers malformed multipart on the batch, evidence and report-verify routes with a 400', async () => {
    const forms: [string, string][] = [
      ['multipart/form-data', 'no boundary at all'],
      ['multipart/form-data; boundary=', '--\r\n'],
      ['multipart/form-data; boundary=X', 'garbage without any boundary'],
      [
        'multipart/form-data; boundary=X',
        '--X\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nCF_WSH\n1',
      ],
      [`multipart/form-data; boundary=${'b'.repeat(300)}`, `--${'b'.repeat(300)}\r\n`],
    ];
    for (const url of ['/api/v1/batches', '/api/v1/evidence', '/api/v1/reports/verify'])
      for (const [type, payload] of forms)
        await expectField(
          { method: 'POST', url, payload, headers: { ...admin, 'content-type': type } },
          /^body$/,
        );
  });

  it('rejects the row of an uploaded file whose cell holds NUL, naming the field, instead of failing the batch', async () => {
    const row = personPenaltyRow(syntheticPersons(1, 40)[0] as SyntheticPerson, 40);
    const keys = Object.keys(row);
    const cells = keys.map((k) => (k === 'CF_WFXW' ? `违规${NUL}倾倒` : (row[k] ?? '')));
    const boundary = 'nul-cell';
    const payload = [
      `--${boundary}\r\nContent-Disposition: form-data; name="item"\r\n\r\nXZCF\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="provider"\r\n\r\nzj-nb-sthj\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="nul.csv"\r\n\r\n`,
      `${keys.join(',')}\n${cells.join(',')}\n\r\n--${boundary}--\r\n`,
    ].join('');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/batches?wait=true',
      payload,
      headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(res.statusCode, 201, res.body);
    const batch = res.json() as { id: number; status: string; counts: { rejected: number } };
    assert.deepEqual([batch.status, batch.counts.rejected], ['completed', 1]);
    const issues = await app.inject({ url: `/api/v1/batches/${batch.id}/issues`, headers: admin });
    const [issue] = issues.json() as { field: string; code: string; rawValue: string }[];
    assert.equal(issue?.field, 'CF_WFXW');
    assert.equal(issue?.rawValue, '违规\u2400倾倒');
  });

  it('refuses NUL in multipart form fields and file names, naming the field', async () => {
    const boundary = 'nul-boundary';
    const form = (fields: Record<string, string>, fileName: string) =>
      [
        ...Object.entries(fields).map(
          ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
        ),
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\nCF_WSH\r\nx\r\n`,
        `--${boundary}--\r\n`,
      ].join('');
    const headers = { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` };
    await expectField(
      { method: 'POST', url: '/api/v1/batches', payload: form({ item: `XZCF${NUL}` }, 'a.csv'), headers },
      /^body\.item$/,
    );
    await expectField(
      { method: 'POST', url: '/api/v1/batches', payload: form({ item: 'XZCF' }, `a${NUL}.csv`), headers },
      /^body\.filename$/,
    );
    await expectField(
      { method: 'POST', url: '/api/v1/evidence', payload: form({}, `证明${NUL}.pdf`), headers },
      /^body\.filename$/,
    );
  });
});
