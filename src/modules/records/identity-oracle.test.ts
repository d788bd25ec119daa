// No identity oracle (issue 15, point 7): a reader not entitled to look a person up by resident id number gets, for
// a person who exists, exactly the answer given for a number nobody holds — reading the file and watching alike; a
// provider reads a person through the provider view only where it reported about the person.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  createTestUser,
  ingestPersons,
  type SyntheticPerson,
  syntheticPersons,
  type TestUser,
  withoutRateLimits,
} from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import type { App } from '../../platform/http/create-app.js';
import { maskName } from '../../standards/mask.js';
import { getProvider } from '../providers/provider.service.js';

type Method = 'GET' | 'PUT' | 'DELETE' | 'POST';

interface Probe {
  readonly who: string;
  readonly method: Method;
  readonly path: (ref: string) => string;
  /** A JSON body naming the subject, for routes that take it there. */
  readonly body?: (ref: string) => Record<string, unknown>;
}

forEachEngine('no identity oracle', (s) => {
  let rt: TestRuntime;
  let app: App;
  let person: SyntheticPerson;
  let subjectId: number;
  let recordId: number;
  let users: Record<string, TestUser>;
  /** What each probe answered for each way of writing P's id number before P existed. */
  const absent = new Map<string, unknown>();

  const refs = () => [
    person.ric,
    `${person.ric.slice(0, 6)} ${person.ric.slice(6, 14)} ${person.ric.slice(14)}`,
    person.ric.toLowerCase(),
  ];
  const probes: Probe[] = [
    { who: 'otherProvider', method: 'GET', path: (r) => `/api/v1/subjects/${r}` },
    { who: 'otherProvider', method: 'GET', path: (r) => `/api/v1/subjects/${r}/records?item=XZCF` },
    { who: 'otherProvider', method: 'PUT', path: (r) => `/api/v1/watches/${r}` },
    { who: 'bank', method: 'GET', path: (r) => `/api/v1/subjects/${r}` },
    { who: 'bank', method: 'PUT', path: (r) => `/api/v1/watches/${r}` },
    { who: 'bank', method: 'DELETE', path: (r) => `/api/v1/watches/${r}` },
    { who: 'stranger', method: 'PUT', path: (r) => `/api/v1/watches/${r}` },
    { who: 'stranger', method: 'GET', path: (r) => `/api/v1/subjects/${r}` },
    { who: 'anonymous', method: 'GET', path: (r) => `/api/v1/subjects/${r}` },
    ...(['bank', 'otherProvider', 'stranger'] as const).map(
      (who): Probe => ({
        who,
        method: 'POST',
        path: () => '/api/v1/reports',
        body: (r) => ({ subject: decodeURIComponent(r), kind: 'standard' }),
      }),
    ),
  ];

  /** Status and problem document of a request, without the request id (new for every request). */
  async function answer(who: string, p: Probe, ref: string): Promise<unknown> {
    const user = users[who];
    const headers = user === undefined ? {} : await user.headers();
    const url = p.path(ref);
    const res = await app.inject({
      method: p.method,
      url,
      headers,
      ...(p.body === undefined ? {} : { payload: p.body(ref) }),
    });
    const body = res.json() as Record<string, unknown>;
    delete body.requestId;
    return { status: res.statusCode, body };
  }

  const accessLog = async (actor: TestUser) =>
    rt.db
      .selectFrom('access_log')
      .select(['resource', 'purpose', 'legal_basis'])
      .where('subject_id', '=', subjectId)
      .where('actor', '=', `user:${actor.id}`)
      .orderBy('id')
      .execute();

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    rt.setNow('2026-12-01T02:00:00.000Z');
    app = await createTestApp(rt);
    [person] = syntheticPersons(1, 4242) as [SyntheticPerson];
    const reporter = await getProvider(rt.db, 'zj-nb-sthj');
    const other = await getProvider(rt.db, 'zj-nb-amr');
    users = {
      reporter: await createTestUser(rt, { role: 'provider_operator', providerId: reporter.id }),
      otherProvider: await createTestUser(rt, { role: 'provider_operator', providerId: other.id }),
      bank: await createTestUser(rt, { role: 'credit_user', organization: '宁波银行（示例）' }),
      authorisedBank: await createTestUser(rt, { role: 'credit_user', organization: '鄞州银行（示例）' }),
      stranger: await createTestUser(rt, { role: 'subject_user' }),
      admin: await createTestUser(rt, { role: 'platform_admin' }),
    };
    // the answers for a person nobody has reported yet: no such person
    for (const ref of refs())
      for (const p of probes) {
        const r = encodeURIComponent(ref);
        absent.set(`${p.who} ${p.method} ${p.path(r)} ${ref}`, await answer(p.who, p, r));
      }
    subjectId = (await ingestPersons(rt, [person], 'zj-nb-sthj')).subjectIds[0] ?? 0;
    recordId = (
      await rt.db
        .selectFrom('record')
        .select('id')
        .where('subject_id', '=', subjectId)
        .executeTakeFirstOrThrow()
    ).id;
    const consent = await app.inject({
      method: 'POST',
      url: '/api/v1/authorisations',
      headers: await (users.authorisedBank as TestUser).headers(),
      payload: {
        subjectId,
        purpose: '个人经营贷款审批',
        validFrom: '2026-11-20',
        validTo: '2027-11-19',
        evidenceRef: '个人信用信息查询授权书 YZB-2026-1120-01',
      },
    });
    assert.equal(consent.statusCode, 201, consent.body);
  });
  after(() => app.close());

  it('answers a reader not entitled to look P up by id number exactly as if P did not exist', async () => {
    let compared = 0;
    for (const ref of refs())
      for (const p of probes) {
        const r = encodeURIComponent(ref);
        const key = `${p.who} ${p.method} ${p.path(r)} ${ref}`;
        assert.deepEqual(await answer(p.who, p, r), absent.get(key), key);
        compared++;
      }
    assert.equal(compared, 36);
    for (const key of [`bank PUT /api/v1/watches/${person.ric}`, 'bank POST /api/v1/reports']) {
      const nobody = absent.get(`${key} ${person.ric}`) as { status: number; body: object };
      assert.equal(nobody.status, 404, JSON.stringify(nobody));
    }
    // (the problem's `instance` repeats the request path; masking it is point 8's)
    const details = [...absent.values()].map((a) => (a as { body: { detail?: string } }).body.detail ?? '');
    assert.ok(!details.join('\n').includes(person.ric.slice(6, 14)), 'no birth date in the detail');
    for (const who of ['otherProvider', 'bank', 'stranger'])
      assert.deepEqual(await accessLog(users[who] as TestUser), [], `${who}: nothing read, nothing logged`);
    const watches = await rt.db
      .selectFrom('watch')
      .select('owner')
      .where('subject_id', '=', subjectId)
      .execute();
    assert.deepEqual(watches, [], 'nobody follows P');
  });

  it('lets a provider read P through the provider view only where it reported about P, with a true purpose', async () => {
    const reporter = users.reporter as TestUser;
    const own = await app.inject({
      url: `/api/v1/subjects/${person.ric}`,
      headers: await reporter.headers(),
    });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().view, 'provider');
    assert.equal(own.json().total, 1);
    const detail = await app.inject({
      url: `/api/v1/records/${recordId}`,
      headers: await reporter.headers(),
    });
    assert.equal(detail.statusCode, 200, detail.body);
    assert.equal(detail.json().view, 'provider');
    assert.deepEqual(await accessLog(reporter), [
      { resource: 'credit_file', purpose: '信息提供单位核对本单位报送的信息', legal_basis: '依法履行职责' },
      {
        resource: `record:${recordId}`,
        purpose: '信息提供单位核对本单位报送的信息',
        legal_basis: '依法履行职责',
      },
    ]);

    // another provider reads P by subject number as anyone may: the public view, nothing logged
    const other = users.otherProvider as TestUser;
    const anyone = await app.inject({ url: `/api/v1/subjects/${subjectId}` });
    const asOther = await app.inject({
      url: `/api/v1/subjects/${subjectId}`,
      headers: await other.headers(),
    });
    assert.equal(asOther.statusCode, 200, asOther.body);
    assert.equal(asOther.json().view, 'public');
    assert.deepEqual(asOther.json(), anyone.json(), 'exactly the public view');
    const record = await app.inject({ url: `/api/v1/records/${recordId}`, headers: await other.headers() });
    const publicRecord = await app.inject({ url: `/api/v1/records/${recordId}` });
    assert.equal(record.statusCode, publicRecord.statusCode, record.body);
    if (record.statusCode === 200) assert.equal(record.json().view, 'public');
    assert.deepEqual(await accessLog(other), []);
  });

  it('lets a reader entitled to look P up by id number watch P, and shows the name masked', async () => {
    for (const who of ['authorisedBank', 'admin']) {
      const user = users[who] as TestUser;
      const res = await app.inject({
        method: 'PUT',
        url: `/api/v1/watches/${person.ric}`,
        headers: await user.headers(),
      });
      assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
      assert.equal(res.json().subjectId, subjectId);
      const list = await app.inject({ url: '/api/v1/watches', headers: await user.headers() });
      assert.deepEqual(
        (list.json() as { subjectId: number; name: string }[]).map((w) => [w.subjectId, w.name]),
        [[subjectId, maskName(person.name)]],
      );
    }
    const read = await app.inject({
      url: `/api/v1/subjects/${person.ric}`,
      headers: await (users.authorisedBank as TestUser).headers(),
    });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().view, 'authorised');
    const unwatch = await app.inject({
      method: 'DELETE',
      url: `/api/v1/watches/${person.ric}`,
      headers: await (users.authorisedBank as TestUser).headers(),
    });
    assert.equal(unwatch.statusCode, 204, unwatch.body);
  });
});
