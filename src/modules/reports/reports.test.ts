import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it, type TestContext } from 'node:test';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import {
  createTestUser,
  ingestPersons,
  syntheticPersons,
  type TestUser,
  withoutRateLimits,
} from '../../../test/support/auth.js';
import { forEachEngine, type TestDatabase } from '../../../test/support/engines.js';
import { penaltyFields, penaltySubject } from '../../../test/support/rows.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { type Actor, ANONYMOUS, systemActor } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { verifyDigest } from '../../platform/crypto/signing.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { App } from '../../platform/http/create-app.js';
import { saveLocalItem } from '../catalog/catalog.service.js';
import { RED_LIST } from '../catalog/national/list.items.js';
import { REGISTRATION } from '../catalog/national/registration.item.js';
import { ingest } from '../ingestion/ingest.service.js';
import { getProvider, saveProvider } from '../providers/provider.service.js';
import { issueReport, type ReportDeps } from './issue-report.service.js';
import { verifyPdfSignature } from './pdf-signature.js';
import { DEFAULT_REPORT_CONFIG } from './report.config.js';
import type { ReportContent, ReportRecord, ReportSummary } from './report.types.js';
import { EMPTY_TEXT } from './report.types.js';

// jsqr is CommonJS whose module.exports is the function (typed as an ES default export)
const jsQR = jsQRModule.default;

const ROOT = path.resolve(import.meta.dirname, '../../..');
const system = systemActor('test');
const NOW = '2026-06-10T02:00:00Z'; // 2026-06-10 10:00 in Shanghai
const A = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
const B = { uscc: '91330206MACYH2796M', name: '宁波不凡创意设计有限公司' };
const LOCAL_ITEM = 'SX_CONTRACT_HONOUR';

function penalty(subject: { uscc: string; name: string }, o: Record<string, string>): Record<string, string> {
  return penaltyFields({ ...penaltySubject(subject), ...o });
}

const listEntry = (o: Record<string, string>) => ({
  MD_XDR_MC: A.name,
  MD_XDR_LB: '法人及非法人组织',
  MD_XDR_SHXYM: A.uscc,
  MD_LRJG: '宁波市发展和改革委员会（示例）',
  MD_LRYY: '政府采购活动中提供虚假材料',
  MD_LRYJ: '《中华人民共和国政府采购法》第七十七条',
  ...o,
});

async function feed(rt: TestRuntime, item: string, provider: string, rows: Record<string, string>[]) {
  const r = await ingest(rt, {
    actor: system,
    item,
    provider,
    source: { kind: 'rows', rows },
    origin: 'api',
  });
  assert.equal(r.inserted + r.updated, rows.length, `${item}: ${JSON.stringify(r)}`);
}

/** pdftotext / pdftoppm (poppler-utils): required where XINYONG_REQUIRE_POPPLER=1 (CI), skipped otherwise. */
function poppler(t: TestContext): boolean {
  const ok = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' }).error === undefined;
  if (ok) return true;
  if (process.env.XINYONG_REQUIRE_POPPLER === '1')
    assert.fail('pdftotext/pdftoppm (poppler-utils) are missing: apt-get install -y poppler-utils');
  t.skip('poppler-utils not installed (apt-get install -y poppler-utils); PDF text and QR checks skipped');
  return false;
}

function pdfText(dir: string, pdf: Buffer): string {
  const file = path.join(dir, `r-${sm3Hex(pdf).slice(0, 8)}.pdf`);
  fs.writeFileSync(file, pdf);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Renders page 1 at 150 dpi and decodes the QR code found on it. */
function qrOnFirstPage(dir: string, pdf: Buffer): string | null {
  const file = path.join(dir, 'qr.pdf');
  fs.writeFileSync(file, pdf);
  const r = spawnSync('pdftoppm', [
    '-r',
    '150',
    '-f',
    '1',
    '-l',
    '1',
    '-png',
    '-singlefile',
    file,
    path.join(dir, 'page1'),
  ]);
  assert.equal(r.status, 0, String(r.stderr));
  const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'page1.png')));
  return (
    jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)
      ?.data ?? null
  );
}

const records = (c: ReportContent, section: string, group?: string): ReportRecord[] =>
  c.sections
    .find((s) => s.code === section)
    ?.groups.filter((g) => group === undefined || g.code === group)
    .flatMap((g) => g.records) ?? [];
const docNumbers = (rs: readonly ReportRecord[]) => rs.map((r) => r.documentNumber);

function cli(test: TestDatabase, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/xinyong.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...test.env },
    encoding: 'utf8',
  });
}

function multipart(pdf: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----xinyong${Date.now()}`;
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

forEachEngine('credit reports', (s) => {
  let rt: TestRuntime;
  let app: App;
  let deps: ReportDeps;
  let subjectA: number;
  let owner: TestUser;

  const issue = (actor: Actor, req: Parameters<typeof issueReport>[2]) => issueReport(deps, actor, req);
  const documentOf = async (
    r: ReportSummary,
  ): Promise<{ content: ReportContent; contentDigest: string; signature: string; keyId: string }> => {
    const res = await app.inject({ url: r.jsonUrl, headers: await owner.headers() });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const pdfOf = async (r: ReportSummary): Promise<Buffer> => {
    const res = await app.inject({ url: r.pdfUrl, headers: await owner.headers() });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    return res.rawPayload;
  };

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    rt.setNow(NOW);
    app = await createTestApp(rt);
    deps = { ...rt, reports: DEFAULT_REPORT_CONFIG };
    await feed(rt, 'REGISTRATION', 'zj-nb-amr', [
      { DJ_MC: A.name, DJ_TYSHXYDM: A.uscc, DJ_ZT: '存续', DJ_CLRQ: '2019-03-01', DJ_FDDBR: '欧阳娜娜' },
    ]);
    await feed(rt, 'XZCF', 'zj-nb-sthj', [
      penalty(A, { CF_WSH: '甬环罚〔2026〕11号', CF_JDRQ: '2026-05-01' }),
      penalty(A, {
        CF_WSH: '甬环简罚〔2026〕12号',
        CF_JDRQ: '2026-05-20',
        CF_JYCX: '是',
        CF_NR: '罚款人民币100元',
        CF_NR_FK: '0.01',
      }),
      penalty(A, { CF_WSH: '甬环罚〔2022〕7号', CF_JDRQ: '2022-03-01' }),
      penalty(B, { CF_WSH: '甬环罚〔2026〕21号', CF_JDRQ: '2026-05-02' }),
    ]);
    await feed(rt, 'XZQZ', 'zj-nb-sthj', [
      {
        QZ_XDR_MC: A.name,
        QZ_XDR_LB: '法人及非法人组织',
        QZ_XDR_SHXYM: A.uscc,
        QZ_WSH: '甬环强〔2026〕3号',
        QZ_LB: '行政强制措施',
        QZ_SY: '违法排放污染物',
        QZ_YJ: '《中华人民共和国环境保护法》第二十五条',
        QZ_NR: '查封排污设备',
        QZ_JDRQ: '2026-04-15',
        QZ_JG: '宁波市生态环境局（示例）',
      },
    ]);
    await feed(rt, 'SERIOUS_LIST', 'zj-nb-fgw', [
      listEntry({
        MD_LRWH: '甬发改信〔2026〕5号',
        MD_LRRQ: '2026-03-01',
        MD_GZRQ: '2026-02-01',
        MD_SSSB: '未提出陈述申辩',
        MD_YCTJ: '列入满三年且已履行义务',
        MD_LB: '政府采购严重违法失信行为记录名单',
      }),
    ]);
    await feed(rt, 'CREDIT_COMMITMENT', 'zj-nb-fgw', [
      {
        CN_XDR_MC: A.name,
        CN_XDR_LB: '法人及非法人组织',
        CN_XDR_SHXYM: A.uscc,
        CN_BH: 'CN-2026-001',
        CN_LX: '主动公示型',
        CN_SY: '主动公示信用承诺',
        CN_NR: '依法诚信经营',
        CN_RQ: '2026-01-10',
        CN_SLDW: '宁波市发展和改革委员会（示例）',
      },
    ]);
    // a local supplementary item (地方补充目录) fed by the development-reform provider
    await inTransaction(rt.db, async (tx) => {
      await saveLocalItem(
        tx,
        system,
        { ...RED_LIST, code: LOCAL_ITEM, name: '守合同重信用企业（地方）', list: undefined },
        new Date(NOW),
      );
      const fgw = await getProvider(tx, 'zj-nb-fgw');
      await saveProvider(tx, system, { ...fgw, items: [...fgw.items, LOCAL_ITEM] }, new Date(NOW));
    });
    await feed(rt, LOCAL_ITEM, 'zj-nb-fgw', [
      listEntry({
        MD_LRWH: '甬守重〔2025〕8号',
        MD_LRRQ: '2025-12-01',
        MD_LRYY: '守合同重信用',
        RY_LX: '守合同重信用企业',
      }),
    ]);
    subjectA = (
      await rt.db.selectFrom('subject').select('id').where('uscc', '=', A.uscc).executeTakeFirstOrThrow()
    ).id;
    owner = await createTestUser(rt, { role: 'subject_user', subjectId: subjectA });
    assert.ok(REGISTRATION.fields.some((f) => f.code === 'DJ_FDDBR' && f.personal === 'name'));
  });
  after(() => app.close());

  it('issues the public report with publicly visible records in the sections of the report standard', async () => {
    rt.setNow(NOW);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { subject: A.uscc, kind: 'standard' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const issued = res.json() as { report: ReportSummary; reportNo: string; verificationCode: string };
    assert.equal(issued.report.view, 'public');
    assert.equal(issued.reportNo, issued.report.reportNo);
    assert.match(issued.reportNo, /^XYB20260610[0-9A-Z]{8}$/);
    assert.match(issued.verificationCode, /^[0-9A-Z]{8}$/);
    assert.equal(issued.report.validUntil, '2026-07-09');

    // the public reads it with the code only
    assert.equal((await app.inject({ url: `/api/v1/reports/${issued.reportNo}` })).statusCode, 401);
    const doc = await app.inject({ url: issued.report.jsonUrl });
    assert.equal(doc.statusCode, 200, doc.body);
    const body = doc.json() as {
      content: ReportContent;
      contentDigest: string;
      signature: string;
      keyId: string;
    };
    // the JSON served is exactly the signed content
    assert.equal(sm3Hex(canonicalJson(body.content)), body.contentDigest);
    assert.ok(verifyDigest(rt.secrets, body.contentDigest, body.signature, body.keyId));

    const c = body.content;
    assert.deepEqual(
      c.sections.map((x) => x.title),
      [
        '一、基本信息',
        '二、行政管理',
        '三、诚实守信',
        '四、严重失信主体名单',
        '五、经营异常',
        '六、信用承诺',
        '七、信用评价',
        '八、司法判决',
        '九、其他信息',
        '十、信用状况提升建议',
        '十一、公共信用信息地方补充内容',
      ],
    );
    assert.deepEqual(docNumbers(records(c, 'administrative', 'XZCF')), ['甬环罚〔2026〕11号']);
    assert.deepEqual(records(c, 'administrative', 'XZQZ'), [], 'enforcement is not public');
    assert.deepEqual(docNumbers(records(c, 'serious', 'SERIOUS_LIST')), ['甬发改信〔2026〕5号']);
    assert.deepEqual(docNumbers(records(c, 'commitment', 'CREDIT_COMMITMENT')), ['CN-2026-001']);
    assert.deepEqual(docNumbers(records(c, 'local')), ['甬守重〔2025〕8号']);
    const admin = c.sections.find((x) => x.code === 'administrative');
    assert.equal(admin?.groups.find((g) => g.code === 'XZXK')?.note, EMPTY_TEXT);
    assert.deepEqual(c.sections.find((x) => x.code === 'judicial')?.paragraphs, [EMPTY_TEXT]);
    assert.match(c.sections.find((x) => x.code === 'evaluation')?.paragraphs.join('') ?? '', /不含评价结果/);
    const suggestions = c.sections.find((x) => x.code === 'suggestions')?.paragraphs.join('\n') ?? '';
    assert.match(suggestions, /甬环罚〔2026〕11号」自 2026-08-01 起/);
    assert.match(suggestions, /甬发改信〔2026〕5号」移出条件：列入满三年且已履行义务/);
    // the legal representative's name is masked, sources and rules are stated
    const registration = records(c, 'basic')[0];
    assert.equal(registration?.fields.find((f) => f.code === 'DJ_FDDBR')?.text, '欧阳**');
    assert.ok(c.sources.some((x) => x.code === 'zj-nb-sthj' && x.records === 1));
    assert.ok(c.rules.some((r) => r.id === 'ndrc-order36-2026' && r.citation.includes('第36号')));
    // a public report reads no non-public data: no access-log entry
    const logged = await rt.db
      .selectFrom('access_log')
      .select('id')
      .where('resource', '=', `report:${issued.reportNo}`)
      .execute();
    assert.equal(logged.length, 0);
  });

  it('returns the same report (number and bytes) for the same parameters on the same Shanghai day', async () => {
    rt.setNow(NOW);
    const first = await issue(ANONYMOUS, { subject: A.uscc, kind: 'standard' });
    rt.setNow('2026-06-10T15:59:00Z'); // 23:59 in Shanghai
    const again = await issue(ANONYMOUS, { subject: A.uscc, kind: 'standard' });
    assert.equal(again.report.reportNo, first.report.reportNo);
    assert.equal(again.reused, true);
    const a = await app.inject({ url: first.report.pdfUrl });
    const b = await app.inject({ url: again.report.pdfUrl });
    assert.equal(a.statusCode, 200);
    assert.ok(a.rawPayload.equals(b.rawPayload));
    assert.equal(sm3Hex(a.rawPayload), first.report.pdfSm3);
    // another window is another report; the next Shanghai day too
    const window = await issue(owner.actor, {
      subject: A.uscc,
      kind: 'standard',
      view: 'public',
      from: '2026-01-01',
    }).catch((e: Error) => e);
    assert.match(String(window), /不能指定查询期间/);
    const own = await issue(owner.actor, { subject: A.uscc, kind: 'standard', from: '2026-01-01' });
    assert.notEqual(own.report.reportNo, first.report.reportNo);
    rt.setNow('2026-06-10T16:00:00Z'); // 00:00 on 2026-06-11
    const tomorrow = await issue(ANONYMOUS, { subject: A.uscc, kind: 'standard' });
    assert.notEqual(tomorrow.report.reportNo, first.report.reportNo);
    assert.equal(tomorrow.reused, false);
    rt.setNow(NOW);
  });

  it('gives the subject its full view, including simple-procedure penalties, and logs the issuance', async () => {
    rt.setNow(NOW);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: await owner.headers(),
      payload: { subject: A.uscc, kind: 'standard', purpose: '银行贷款申请' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const r = (res.json() as { report: ReportSummary }).report;
    assert.equal(r.view, 'subject');
    const c = (await documentOf(r)).content;
    const penalties = records(c, 'administrative', 'XZCF');
    assert.deepEqual(docNumbers(penalties), ['甬环简罚〔2026〕12号', '甬环罚〔2026〕11号']);
    assert.deepEqual(penalties[0]?.tags, ['简易程序', '不予公示']);
    assert.deepEqual(docNumbers(records(c, 'administrative', 'XZQZ')), ['甬环强〔2026〕3号']);
    assert.match(
      c.sections.find((x) => x.code === 'evaluation')?.paragraphs.join('') ?? '',
      /尚未对该主体开展/,
    );
    const log = await rt.db
      .selectFrom('access_log')
      .selectAll()
      .where('resource', '=', `report:${r.reportNo}`)
      .execute();
    assert.equal(log.length, 1);
    assert.equal(log[0]?.purpose, '银行贷款申请');
    // listed among the subject's reports; another subject user may not list them
    const list = await app.inject({ url: '/api/v1/reports', headers: await owner.headers() });
    assert.equal(list.statusCode, 200);
    assert.ok((list.json() as ReportSummary[]).some((x) => x.reportNo === r.reportNo));
    const subjectB = await rt.db
      .selectFrom('subject')
      .select('id')
      .where('uscc', '=', B.uscc)
      .executeTakeFirstOrThrow();
    const stranger = await createTestUser(rt, { role: 'subject_user', subjectId: subjectB.id });
    const other = await app.inject({ url: r.jsonUrl, headers: await stranger.headers() });
    assert.equal(other.statusCode, 403);
  });

  it('issues the special report: penalties incl. simple procedure, enforcement, lists, in a window of at most 5 years', async () => {
    rt.setNow(NOW);
    const denied = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { subject: A.uscc, kind: 'special' },
    });
    assert.equal(denied.statusCode, 401, 'the public cannot issue the special report');

    const r = (await issue(owner.actor, { subject: A.uscc, kind: 'special' })).report;
    assert.match(r.reportNo, /^XYZ20260610/);
    assert.equal(r.from, '2023-06-11');
    assert.equal(r.to, '2026-06-10');
    const c = (await documentOf(r)).content;
    assert.deepEqual(
      c.sections.map((x) => x.title),
      [
        '一、基本信息',
        '二、行政处罚（含简易程序）',
        '三、行政强制',
        '四、严重失信主体名单',
        '五、刑事裁判（犯罪记录）',
      ],
    );
    assert.deepEqual(docNumbers(records(c, 'penalty')), ['甬环简罚〔2026〕12号', '甬环罚〔2026〕11号']);
    assert.deepEqual(docNumbers(records(c, 'enforcement')), ['甬环强〔2026〕3号']);
    assert.deepEqual(docNumbers(records(c, 'serious', 'SERIOUS_LIST')), ['甬发改信〔2026〕5号']);
    assert.match(c.sections.find((x) => x.code === 'criminal')?.paragraphs[0] ?? '', /未归集刑事裁判/);

    // five years back: the 2022 penalty whose publicity has ended is listed, marked
    const wide = (await issue(owner.actor, { subject: A.uscc, kind: 'special', from: '2021-06-10' })).report;
    const old = records((await documentOf(wide)).content, 'penalty').find(
      (x) => x.documentNumber === '甬环罚〔2022〕7号',
    );
    assert.ok(old?.tags.includes('公示期已届满'));
    await assert.rejects(
      issue(owner.actor, { subject: A.uscc, kind: 'special', from: '2021-06-09' }),
      /查询期间最长 5 年/,
    );
    // domains: market regulation only → no penalty of the environment bureau
    const domain = (
      await issue(owner.actor, { subject: A.uscc, kind: 'special', domains: ['market_regulation'] })
    ).report;
    const dc = (await documentOf(domain)).content;
    assert.deepEqual(records(dc, 'penalty'), []);
    assert.equal(dc.sections.find((x) => x.code === 'penalty')?.groups[0]?.note, EMPTY_TEXT);
    assert.deepEqual(dc.parameters.domains, [{ code: 'market_regulation', label: '市场监管' }]);
  });

  it('requires a natural person’s authorisation of a credit user and masks personal data in every stored report', async () => {
    rt.setNow(NOW);
    const persons = syntheticPersons(1, 4200);
    const [person] = persons;
    assert.ok(person);
    const { subjectIds } = await ingestPersons(rt, persons);
    const personId = subjectIds[0] as number;
    const bank = await createTestUser(rt, { role: 'credit_user', organization: '宁波银行（报告测试）' });
    await assert.rejects(
      issue(bank.actor, { subject: String(personId), kind: 'standard' }),
      /authorisation|授权/,
    );
    // a legal entity needs none; the read is logged
    const entity = (await issue(bank.actor, { subject: A.uscc, kind: 'standard' })).report;
    assert.equal(entity.view, 'authorised');
    assert.equal(
      (
        await rt.db
          .selectFrom('access_log')
          .select('id')
          .where('resource', '=', `report:${entity.reportNo}`)
          .execute()
      ).length,
      1,
    );
    // the person's own report: masked name and id number, nothing in plaintext in the stored row
    const self: Actor = {
      kind: 'user',
      id: 9901,
      name: '本人',
      role: 'subject_user',
      scope: { subjectId: personId },
    };
    const own = (await issue(self, { subject: String(personId), kind: 'special' })).report;
    const row = await rt.db
      .selectFrom('report')
      .selectAll()
      .where('report_no', '=', own.reportNo)
      .executeTakeFirstOrThrow();
    assert.ok(!row.content.includes(person.name) && !row.content.includes(person.ric));
    const content = JSON.parse(row.content) as ReportContent;
    assert.equal(
      content.subject.idNumber,
      `${person.ric.slice(0, 1)}${'*'.repeat(16)}${person.ric.slice(17)}`,
    );
    assert.equal(records(content, 'penalty').length, 1);
  });

  it('renders an A4 PDF whose text holds the name, the sections and the document numbers, with a QR code to the verification page', async (t) => {
    rt.setNow(NOW);
    const r = (await issue(owner.actor, { subject: A.uscc, kind: 'standard' })).report;
    const pdf = await pdfOf(r);
    assert.ok(pdf.length < 600_000, `a subset font keeps the file small (${pdf.length} bytes)`);
    assert.ok(verifyPdfSignature(pdf, rt.secrets.signing.publicKeyPem).valid);
    if (!poppler(t)) return;
    const text = pdfText(s.test.dir, pdf);
    for (const expected of [
      A.name,
      r.reportNo,
      r.verificationCode,
      '公共信用信息报告',
      '一、基本信息',
      '二、行政管理',
      '四、严重失信主体名单',
      '十、信用状况提升建议',
      '十一、公共信用信息地方补充内容',
      '甬环罚〔2026〕11号',
      '甬环简罚〔2026〕12号',
      '信息来源',
      '适用的公示规则',
    ])
      assert.ok(text.includes(expected), `PDF text lacks ${expected}`);
    const pages = [...text.matchAll(/第\s*(\d+)\s*页\s*共\s*(\d+)\s*页/g)];
    assert.ok(pages.length >= 2);
    assert.ok(
      pages.every((m) => m[2] === String(pages.length)),
      'page x of y on every page',
    );
    assert.equal(qrOnFirstPage(s.test.dir, pdf), r.verificationUrl);
    assert.equal(
      r.verificationUrl,
      `${rt.config.publicUrl}/reports/verify?no=${r.reportNo}&code=${r.verificationCode}`,
    );
  });

  it('verifies by number and code: valid, unknown, expired, superseded', async () => {
    rt.setNow(NOW);
    const first = (await issue(ANONYMOUS, { subject: B.uscc, kind: 'standard' })).report;
    const verify = async (no: string, code: string) => {
      const res = await app.inject({ url: `/api/v1/reports/${no}/verify?code=${code}` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as {
        status: string;
        valid: boolean;
        subject?: { name: string };
        digest?: string;
        supersededOn?: string;
      };
    };
    const ok = await verify(first.reportNo, first.verificationCode.toLowerCase());
    assert.equal(ok.status, 'valid');
    assert.equal(ok.subject?.name, B.name);
    assert.equal(ok.digest, first.contentDigest);
    assert.equal((await verify(first.reportNo, 'ZZZZZZZZ')).status, 'unknown');
    assert.equal((await verify('XYB20260610ZZZZZZZZ', first.verificationCode)).status, 'unknown');

    // the next day with the same information: still valid, not superseded
    rt.setNow('2026-06-11T02:00:00Z');
    await issue(ANONYMOUS, { subject: B.uscc, kind: 'standard' });
    assert.equal((await verify(first.reportNo, first.verificationCode)).status, 'valid');
    // a new penalty, then a newer report of the series: the first one is superseded
    await feed(rt, 'XZCF', 'zj-nb-sthj', [
      penalty(B, { CF_WSH: '甬环罚〔2026〕22号', CF_JDRQ: '2026-06-05' }),
    ]);
    rt.setNow('2026-06-12T02:00:00Z');
    const newer = (await issue(ANONYMOUS, { subject: B.uscc, kind: 'standard' })).report;
    const old = await verify(first.reportNo, first.verificationCode);
    assert.equal(old.status, 'superseded');
    assert.equal(old.supersededOn, '2026-06-12');
    assert.equal((await verify(newer.reportNo, newer.verificationCode)).status, 'valid');
    rt.setNow('2026-07-12T02:00:00Z');
    assert.equal((await verify(newer.reportNo, newer.verificationCode)).status, 'expired');
    rt.setNow(NOW);
  });

  it('fails verification when one byte of the PDF or of the stored report changes', async () => {
    rt.setNow(NOW);
    const r = (await issue(owner.actor, { subject: A.uscc, kind: 'standard', view: 'public' })).report;
    const pdf = (await app.inject({ url: r.pdfUrl })).rawPayload;
    const key = rt.secrets.signing.publicKeyPem;
    assert.equal(verifyPdfSignature(pdf, key).valid, true);
    const upload = async (file: Buffer) => {
      const m = multipart(file);
      const res = await app.inject({ method: 'POST', url: '/api/v1/reports/verify', ...m });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as {
        status: string;
        signatureValid: boolean;
        matchesStored: boolean;
        reportNo: string;
      };
    };
    const good = await upload(pdf);
    assert.deepEqual(
      [good.status, good.signatureValid, good.matchesStored, good.reportNo],
      ['valid', true, true, r.reportNo],
    );

    // one byte inside the page content, and one byte of the report number in the Info dictionary
    for (const offset of [Math.floor(pdf.length / 2), pdf.indexOf(Buffer.from(r.reportNo)) + 5]) {
      const bad = Buffer.from(pdf);
      bad[offset] = (bad[offset] ?? 0) ^ 0x01;
      assert.equal(verifyPdfSignature(bad, key).valid, false);
      const answer = await upload(bad);
      assert.equal(answer.status, 'invalid');
      assert.equal(answer.signatureValid, false);
    }

    const verify = async () =>
      (
        (
          await app.inject({ url: `/api/v1/reports/${r.reportNo}/verify?code=${r.verificationCode}` })
        ).json() as {
          status: string;
        }
      ).status;
    const row = await rt.db
      .selectFrom('report')
      .selectAll()
      .where('report_no', '=', r.reportNo)
      .executeTakeFirstOrThrow();
    const at = row.content.indexOf('甬环罚');
    const edited = `${row.content.slice(0, at)}甬环赏${row.content.slice(at + 3)}`;
    await rt.db.updateTable('report').set({ content: edited }).where('id', '=', row.id).execute();
    assert.equal(await verify(), 'invalid');
    await rt.db.updateTable('report').set({ content: row.content }).where('id', '=', row.id).execute();
    assert.equal(await verify(), 'valid');
    const pdfEdited = Buffer.from(row.pdf);
    pdfEdited[100] = (pdfEdited[100] ?? 0) ^ 0x01;
    await rt.db.updateTable('report').set({ pdf: pdfEdited }).where('id', '=', row.id).execute();
    assert.equal(await verify(), 'invalid');
    await rt.db
      .updateTable('report')
      .set({ pdf: Buffer.from(row.pdf) })
      .where('id', '=', row.id)
      .execute();
    await rt.db.updateTable('report').set({ valid_until: '2026-12-31' }).where('id', '=', row.id).execute();
    assert.equal(await verify(), 'invalid', 'a column must agree with the signed content');
    await rt.db
      .updateTable('report')
      .set({ valid_until: row.valid_until })
      .where('id', '=', row.id)
      .execute();
    assert.equal(await verify(), 'valid');
  });

  it('publishes the public key, and the CLI issues a report and verifies it offline', async () => {
    const keyRes = await app.inject({ url: '/api/v1/reports/public-key' });
    assert.equal(keyRes.statusCode, 200);
    const { publicKeyPem, keyId } = keyRes.json() as { publicKeyPem: string; keyId: string };
    assert.equal(keyId, rt.secrets.signing.id);
    const dir = s.test.dir;
    const out = path.join(dir, 'cli-report.pdf');
    const issued = cli(s.test, 'report', A.uscc, '--kind', 'special', '--out', out);
    assert.equal(issued.status, 0, issued.stderr);
    assert.match(issued.stdout, /issued XYZ\d{8}[0-9A-Z]{8} \(special, authorised\)/);
    const json = path.join(dir, 'cli-report.json');
    const again = cli(s.test, 'report', A.uscc, '--kind', 'special', '--out', json);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^reused /);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      content: ReportContent;
      contentDigest: string;
    };
    assert.equal(sm3Hex(canonicalJson(doc.content)), doc.contentDigest);

    const ok = cli(s.test, 'report', 'verify', out);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /VALID/);
    const keyFile = path.join(dir, 'public.pem');
    fs.writeFileSync(keyFile, publicKeyPem);
    assert.equal(cli(s.test, 'report', 'verify', out, '--key', keyFile).status, 0);
    const pdf = fs.readFileSync(out);
    pdf[Math.floor(pdf.length / 3)] = (pdf[Math.floor(pdf.length / 3)] ?? 0) ^ 0x20;
    const tampered = path.join(dir, 'tampered.pdf');
    fs.writeFileSync(tampered, pdf);
    const bad = cli(s.test, 'report', 'verify', tampered, '--key', keyFile);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /INVALID/);
  });
});
