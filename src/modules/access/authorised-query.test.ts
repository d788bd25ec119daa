import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  createTestClient,
  createTestUser,
  ingestPersons,
  type SyntheticPerson,
  syntheticPersons,
  type TestUser,
  withoutRateLimits,
} from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/create-app.js';
import { maskName } from '../../standards/mask.js';
import { logAccess } from './access-log.service.js';
import { requireAuthorisation } from './authorisation.service.js';

const BANK = '宁波银行海曙支行（示例）';
const isForbidden = (e: unknown) => e instanceof AppError && e.code === 'forbidden';

forEachEngine('authorised queries and the access log', (s) => {
  let rt: TestRuntime;
  let app: App;
  let subjectId: number;
  let otherSubjectId: number;
  let banker: TestUser;
  let person: TestUser;
  let admin: TestUser;
  let persons: SyntheticPerson[];

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    app = await createTestApp(rt);
    persons = syntheticPersons(2, 80);
    const ids = (await ingestPersons(rt, persons)).subjectIds;
    [subjectId, otherSubjectId] = ids as [number, number];
    banker = await createTestUser(rt, { role: 'credit_user', organization: BANK, scenarios: ['financing'] });
    person = await createTestUser(rt, { role: 'subject_user', subjectId });
    admin = await createTestUser(rt, { role: 'platform_admin' });
  });
  after(() => app.close());

  it('a subject user sees the access-log entry that a credit user’s authorised query created', async () => {
    rt.setNow('2026-12-15T02:00:00.000Z');
    await assert.rejects(requireAuthorisation(rt.db, banker.actor, subjectId, rt.clock()), isForbidden);

    const registered = await app.inject({
      method: 'POST',
      url: '/api/v1/authorisations',
      headers: await banker.headers(),
      payload: {
        // the id number written on the consent, as the bank's officer typed it (grouped with spaces)
        subject: (persons[0]?.ric ?? '').replace(/^(\d{6})(\d{8})/, '$1 $2 '),
        purpose: '个人经营贷款审批',
        validFrom: '2026-12-01',
        validTo: '2027-11-30',
        evidenceRef: '个人信用信息查询授权书 NBB-2026-1201-07',
      },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    assert.equal(registered.json().granteeOrganization, BANK);
    assert.equal(registered.json().subjectId, subjectId);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/authorisations',
      headers: await banker.headers(),
      payload: {
        subject: persons[0]?.ric,
        purpose: '个人经营贷款审批',
        validFrom: '2026-12-01',
        validTo: '2027-11-30',
        evidenceRef: '个人信用信息查询授权书 NBB-2026-1201-07',
      },
    });
    assert.equal(again.json().id, registered.json().id, 'the same consent again changes nothing');
    assert.equal(registered.json().subjectName, maskName(persons[0]?.name ?? ''), 'named, masked');
    assert.ok(!registered.body.includes(persons[0]?.ric ?? '-'), 'the id number is not echoed');
    const neither = await app.inject({
      method: 'POST',
      url: '/api/v1/authorisations',
      headers: await banker.headers(),
      payload: { purpose: 'x', validFrom: '2026-12-01', validTo: '2027-01-01', evidenceRef: 'y' },
    });
    assert.equal(neither.statusCode, 400);
    assert.match(neither.json().detail, /身份证号码/);
    const ric = persons[0]?.ric ?? '';
    const wrongCheck = `${ric.slice(0, 17)}${ric.endsWith('0') ? '1' : '0'}`;
    const attempts: [string, 400 | 404, RegExp][] = [
      ['1000', 400, /统一社会信用代码或身份证号码/], // an internal id is not a reference on a consent
      [wrongCheck, 400, /校验码不正确/],
      [syntheticPersons(1, 999)[0]?.ric ?? '', 404, /\*{8}/], // valid but unknown: masked
    ];
    for (const [subject, status, detail] of attempts) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/authorisations',
        headers: await banker.headers(),
        payload: { subject, purpose: 'x', validFrom: '2026-12-01', validTo: '2027-01-01', evidenceRef: 'y' },
      });
      assert.equal(res.statusCode, status, `${subject}: ${res.body}`);
      assert.match(res.json().detail, detail);
      for (const digits of [ric, subject.replace(/\D/g, '')])
        if (digits.length >= 15) assert.ok(!res.body.includes(digits), `${subject} not echoed`);
    }

    // what the credit-file read endpoint does for a credit user:
    const authorisation = await requireAuthorisation(rt.db, banker.actor, subjectId, rt.clock());
    assert.ok(authorisation !== null);
    assert.equal(authorisation.id, registered.json().id);
    await logAccess(
      rt.db,
      banker.actor,
      {
        subjectId,
        resource: 'credit_file',
        purpose: authorisation.purpose,
        legalBasis: '信息主体书面授权',
        authorisationId: authorisation.id,
      },
      rt.clock(),
    );

    const log = await app.inject({ url: '/api/v1/access-log', headers: await person.headers() });
    assert.equal(log.statusCode, 200, log.body);
    const entries = log.json();
    assert.equal(entries.length, 1);
    const [entry] = entries;
    assert.equal(entry.at, '2026-12-15T02:00:00.000Z');
    assert.deepEqual(entry.actor, {
      label: `user:${banker.id}`,
      name: banker.actor.kind === 'user' ? banker.actor.name : '',
      role: 'credit_user',
      organization: BANK,
    });
    assert.equal(entry.subjectId, subjectId);
    assert.equal(entry.resource, 'credit_file');
    assert.equal(entry.purpose, '个人经营贷款审批');
    assert.equal(entry.legalBasis, '信息主体书面授权');
    assert.equal(entry.authorisation.evidenceRef, '个人信用信息查询授权书 NBB-2026-1201-07');
    assert.equal(entry.authorisation.validTo, '2027-11-30');

    // someone else's subject user does not see it; an administrator does, filtered by subject
    const stranger = await createTestUser(rt, { role: 'subject_user', subjectId: otherSubjectId });
    assert.deepEqual(
      (await app.inject({ url: '/api/v1/access-log', headers: await stranger.headers() })).json(),
      [],
    );
    const all = await app.inject({
      url: `/api/v1/access-log?subjectId=${subjectId}`,
      headers: await admin.headers(),
    });
    assert.equal(all.json().length, 1);
    assert.equal(
      (await app.inject({ url: '/api/v1/access-log', headers: await banker.headers() })).statusCode,
      403,
    );
    rt.setNow(null);
  });

  it('needs an authorisation valid today, for the credit user’s own organisation, not withdrawn', async () => {
    rt.setNow('2028-01-05T02:00:00.000Z');
    await assert.rejects(
      requireAuthorisation(rt.db, banker.actor, subjectId, rt.clock()),
      isForbidden,
      'expired',
    );
    rt.setNow('2026-12-20T02:00:00.000Z');
    const otherBank = await createTestUser(rt, { role: 'credit_user', organization: '另一家银行' });
    await assert.rejects(requireAuthorisation(rt.db, otherBank.actor, subjectId, rt.clock()), isForbidden);
    const machine = await createTestClient(rt, { role: 'credit_user', organization: BANK });
    assert.ok(
      (await requireAuthorisation(rt.db, machine.actor, subjectId, rt.clock())) !== null,
      'API client of BANK',
    );
    assert.equal(
      await requireAuthorisation(rt.db, admin.actor, subjectId, rt.clock()),
      null,
      'statutory reader',
    );

    const foreignRegistration = await app.inject({
      method: 'POST',
      url: '/api/v1/authorisations',
      headers: await otherBank.headers(),
      payload: {
        subjectId,
        granteeOrganization: BANK,
        purpose: 'x',
        validFrom: '2026-12-01',
        validTo: '2027-01-01',
        evidenceRef: 'y',
      },
    });
    assert.equal(foreignRegistration.statusCode, 403, 'only for one’s own organisation');

    // the person withdraws its consent
    const mine = await app.inject({ url: '/api/v1/authorisations', headers: await person.headers() });
    assert.equal(mine.json().length, 1);
    const withdraw = await app.inject({
      method: 'POST',
      url: `/api/v1/authorisations/${mine.json()[0].id}/revoke`,
      headers: await person.headers(),
      payload: { reason: '贷款已结清' },
    });
    assert.equal(withdraw.statusCode, 200, withdraw.body);
    assert.equal(withdraw.json().revokedBy, `user:${person.id}`);
    await assert.rejects(
      requireAuthorisation(rt.db, banker.actor, subjectId, rt.clock()),
      isForbidden,
      'withdrawn',
    );
    const twice = await app.inject({
      method: 'POST',
      url: `/api/v1/authorisations/${mine.json()[0].id}/revoke`,
      headers: await person.headers(),
    });
    assert.equal(twice.statusCode, 409);
    const events = await rt.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_type', '=', 'authorisation')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      events.map((e) => e.action),
      ['authorisation.registered', 'authorisation.revoked'],
    );
    rt.setNow(null);
  });

  it('masks id numbers typed into free text and refuses an empty legal basis', async () => {
    const entry = await logAccess(
      rt.db,
      admin.actor,
      {
        subjectId,
        resource: 'record:1',
        purpose: '核查 330203199001011234 的处罚',
        legalBasis: '条例第二十条',
        authorisationId: null,
      },
      new Date(),
    );
    assert.equal(entry.purpose, '核查 3****************4 的处罚');
    await assert.rejects(
      logAccess(
        rt.db,
        admin.actor,
        { subjectId, resource: 'x', purpose: 'y', legalBasis: ' ', authorisationId: null },
        new Date(),
      ),
      (e: unknown) => e instanceof AppError && e.code === 'bad_request',
    );
  });

  it('bounds a consent’s validity by XINYONG_CONSENT_MAX_DAYS, first and last day included', async () => {
    const register = async (validFrom: string, validTo: string, ref: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/authorisations',
        headers: await banker.headers(),
        payload: { subject: persons[1]?.ric, purpose: '授信审批', validFrom, validTo, evidenceRef: ref },
      });
    assert.equal(rt.config.security.consentMaxDays, 365, 'the default');
    const year = await register('2027-01-01', '2027-12-31', '授权书 MAX-365');
    assert.equal(year.statusCode, 201, year.body);
    const leap = await register('2028-01-01', '2028-12-31', '授权书 MAX-366');
    assert.equal(leap.statusCode, 400, '366 days of a leap year are one too many');
    assert.match(leap.json().detail, /共 366 天，超过上限 365 天.*最晚 2028-12-30/);
    const decade = await register('2026-12-01', '2099-12-31', '授权书 MAX-LONG');
    assert.equal(decade.statusCode, 400);
    const listed = await app.inject({ url: '/api/v1/authorisations', headers: await banker.headers() });
    assert.ok(!listed.body.includes('MAX-366') && !listed.body.includes('MAX-LONG'), 'nothing written');
  });
});
