// Browser suite: the portal and console in Debian's Chromium against a real server on a fresh data directory with
// the shipped sample data. Screenshots of the main pages go to test-output/e2e/. Run by `npm test` when
// /usr/bin/chromium exists (scripts/test.ts; in CI a missing browser fails the run).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { toCsv } from '../support/files.js';
import { penaltyFields, penaltySubject } from '../support/rows.js';
import { chineseShare, type ErrorLog, launchBrowser, newContext, screenshot } from './support/browser.js';
import { type E2eServer, startServer } from './support/server.js';

const PASSWORD = 'E2e-口令-2026-Secure!';
const ENTITY = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
const OTHER = { uscc: '91330206MACYH2796M', name: '宁波不凡创意设计有限公司' };

function penalty(o: Record<string, string>): Record<string, string> {
  return penaltyFields({ CF_WSH: '', ...penaltySubject(ENTITY), CF_JDRQ: '2026-11-02', ...o });
}

describe('web portal and console (Chromium)', { timeout: 420_000 }, () => {
  let server: E2eServer;
  let browser: Browser;
  let openApiPaths: Set<string>;

  before(async () => {
    server = await startServer();
    await server.cli(
      [
        'users',
        'create-admin',
        '--username',
        'e2e-admin',
        '--display-name',
        '信用中心管理员',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    await server.cli(
      [
        'users',
        'create',
        '--username',
        'e2e-op',
        '--role',
        'provider_operator',
        '--provider',
        'zj-nb-sthj',
        '--display-name',
        '生态环境局报送员',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    await server.cli(
      [
        'users',
        'create',
        '--username',
        'e2e-buyer',
        '--role',
        'credit_user',
        '--organization',
        '宁波市公共资源交易中心',
        '--scenario',
        'procurement',
        '--display-name',
        '采购中心核查员',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    openApiPaths = new Set(Object.keys(doc.paths));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page
      .getByRole('button', { name: '登 录' })
      .or(page.getByRole('button', { name: '登录' }))
      .click();
    await page.waitForURL(/\/console/);
  }

  /** A fresh browser context for one scenario; on failure a screenshot of where it stopped; no console errors. */
  async function scenario(
    name: string,
    body: (page: Page, log: ErrorLog, context: BrowserContext) => Promise<void>,
  ): Promise<void> {
    const { context, log } = await newContext(browser, { baseURL: server.url });
    const page = await context.newPage();
    try {
      await body(page, log, context);
    } catch (e) {
      await screenshot(page, `failed-${name}`).catch(() => undefined);
      throw e;
    } finally {
      await context.close();
    }
    assert.deepEqual(log.errors, [], 'no page logged a console error');
  }

  it('loads the home page quickly, in Chinese, with publicity columns and headline figures', async () => {
    await scenario('home', async (page) => {
      const started = Date.now();
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: /信用陕西/ }).waitFor();
      await page.locator('.publicity-list li').first().waitFor();
      const firstLoad = Date.now() - started;
      // Load time is measured by `npm run bench` (portal first load); here, what determines it: the home page
      // loads only its own code-split chunks (no charts, no console pages), within a fixed script budget.
      const scripts = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e as unknown as { name: string; initiatorType: string; decodedBodySize: number })
          .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
          .map((e) => ({ name: new URL(e.name).pathname, bytes: e.decodedBodySize })),
      );
      const scriptBytes = scripts.reduce((n, x) => n + x.bytes, 0);
      console.log(
        `first load: content visible after ${firstLoad} ms; ${scripts.length} scripts, ${Math.round(scriptBytes / 1024)} KiB`,
      );
      assert.deepEqual(
        scripts.filter((x) => /echarts|dashboard|console|upload/i.test(x.name)).map((x) => x.name),
        [],
        'the home page does not load chart or console code',
      );
      assert.ok(scriptBytes > 100_000 && scriptBytes < 1_000_000, `first-load scripts: ${scriptBytes} bytes`);
      assert.match(await page.title(), /信用陕西/);
      for (const title of ['最新行政许可', '最新行政处罚', '守信激励', '失信惩戒'])
        assert.ok(await page.getByRole('heading', { name: title }).isVisible(), title);
      assert.ok((await page.locator('.publicity-list li').count()) >= 4);
      assert.ok(await page.getByText('信用主体', { exact: true }).isVisible());
      assert.ok((await chineseShare(page)) > 0.8, 'the page reads as Chinese');
      assert.ok(await page.getByRole('contentinfo').getByText('数据来源声明').isVisible());
      await screenshot(page, '01-home');

      // phone width: navigation collapses behind a menu button
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('button', { name: '打开导航菜单' }).click();
      await page.getByRole('dialog').getByRole('link', { name: '信用查询' }).waitFor();
      await screenshot(page, '02-home-phone-menu');

      // the API reference renders under its own CSP without violations
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto('/api/docs');
      await page.locator('.swagger-ui .opblock').first().waitFor();
      assert.ok((await page.locator('.swagger-ui .opblock').count()) > 50);
    });
  });

  it('searches a subject, opens its credit file and a record with its publicity window and versions', async () => {
    await scenario('search', async (page) => {
      await page.goto('/');
      await page.getByLabel('主体名称或统一社会信用代码').fill('宁波');
      await page.getByLabel('主体名称或统一社会信用代码').press('Enter');
      await page.waitForURL(/\/search\?q=/);
      const first = page.locator('.ant-list-item').first();
      await first.waitFor();
      assert.ok((await page.locator('.ant-list-item').count()) > 1);
      assert.ok(await page.getByText('统一社会信用代码：').first().isVisible());
      await screenshot(page, '03-search');

      // a subject with penalties: from the home page's penalty column
      await page.goto('/');
      const penaltyLink = page
        .locator('section[aria-label="信用信息公示"] .tone-penalty .publicity-name')
        .first();
      const name = ((await penaltyLink.textContent()) ?? '').trim();
      await penaltyLink.click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      // the link opens the record's drawer directly
      const drawer = page.getByRole('dialog');
      await drawer.getByText('公示期说明').waitFor();
      assert.ok(await drawer.getByText('公示期至', { exact: true }).isVisible());
      assert.ok(await drawer.getByText('版本记录').isVisible());
      await screenshot(page, '04-record-drawer');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      await page.getByRole('tab', { name: /行政处罚/ }).click();
      const card = page.getByRole('tabpanel').locator('.record-card').first();
      await card.waitFor();
      assert.match((await card.textContent()) ?? '', /公示期至 \d{4}年\d{1,2}月\d{1,2}日/);
      for (const tab of ['基本信息', '行政许可', '行政处罚', '守信激励', '失信信息', '信用承诺', '信用评价'])
        assert.ok(await page.getByRole('tab', { name: new RegExp(tab) }).isVisible(), tab);
      await screenshot(page, '05-subject-penalties');
    });
  });

  it('requests a credit report, downloads its PDF and verifies it by number and code', async () => {
    await scenario('report', async (page) => {
      await page.goto(`/reports?subject=${ENTITY.uscc}`);
      assert.equal(await page.getByLabel('统一社会信用代码').inputValue(), ENTITY.uscc);
      await page.getByRole('button', { name: '生成信用报告' }).click();
      await page.getByText('信用报告已生成').waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '下载 PDF' }).click();
      const file = await (await download).path();
      assert.ok(
        file !== null && fs.readFileSync(file).subarray(0, 5).toString() === '%PDF-',
        'a PDF was downloaded',
      );
      // the verification link (the one the QR code on the report carries) verifies at once
      await page.getByRole('button', { name: '核验此报告' }).click();
      await page.waitForURL(/\/reports\/verify\?no=.+&code=.+/);
      await page.getByText('核验通过').waitFor();
      assert.ok(await page.getByText(ENTITY.uscc).first().isVisible());
      await screenshot(page, '06-report-verify');
      // a wrong code does not verify
      const url = new URL(page.url());
      await page.goto(`/reports/verify?no=${url.searchParams.get('no')}&code=WRONG1234`);
      await page
        .getByText(/核验未通过|未找到|不一致/)
        .first()
        .waitFor();
    });
  });

  it('uploads a provider CSV with one bad row and shows the row, field and reason', async () => {
    await scenario('upload', async (page, _log, context) => {
      await signIn(page, 'e2e-op');
      await page.getByRole('link', { name: '上传数据' }).first().click();
      await page.getByRole('heading', { name: '上传数据' }).waitFor();

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-e2e-csv-'));
      const file = path.join(dir, '行政处罚-2026-11.csv');
      fs.writeFileSync(
        file,
        toCsv([
          penalty({ CF_WSH: '甬环罚〔2026〕901号' }),
          penalty({ CF_WSH: '甬环罚〔2026〕902号', CF_JDRQ: '2026-13-45' }),
          penalty({ CF_WSH: '甬环罚〔2026〕903号', CF_XDR_MC: OTHER.name, CF_XDR_SHXYM: OTHER.uscc }),
        ]),
      );
      await page.getByLabel('信息项').click();
      await page.keyboard.type('XZCF');
      await page.getByTitle('行政处罚（XZCF）').click();
      // the operator's own provider comes from the session: shown, not asked for
      assert.equal(await page.getByLabel('信息提供单位').inputValue(), '宁波市生态环境局（示例）');
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByRole('button', { name: '上传并校验' }).click();
      await page.waitForURL(/\/console\/batches\/\d+$/);
      await page.getByText('已完成').first().waitFor({ timeout: 30_000 });
      const batchId = Number(page.url().split('/').pop());

      // the issue the server recorded, and the same on screen
      const cookies = await context.cookies();
      const res = await fetch(`${server.url}/api/v1/batches/${batchId}/issues?severity=error`, {
        headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
      });
      const issues = (await res.json()) as { row: number; field: string; message: string }[];
      assert.equal(issues.length, 1, JSON.stringify(issues));
      const issue = issues[0] as { row: number; field: string; message: string };
      assert.equal(issue.field, 'CF_JDRQ');
      assert.equal(issue.message, '处罚决定日期 2026-13-45 不是有效日期');
      const row = page.locator('.ant-table-row', { hasText: issue.message }).first();
      await row.waitFor();
      const cells = await row.locator('td').allInnerTexts();
      assert.equal(cells[0], String(issue.row));
      assert.match(cells[1] ?? '', /处罚决定日期/);
      assert.match(cells[2] ?? '', /错误/);
      const stats = await page.locator('.ant-statistic').allInnerTexts();
      assert.ok(
        stats.some((s) => /拒收\s*1/.test(s)),
        stats.join(' | '),
      );
      assert.ok(
        stats.some((s) => /新增\s*2/.test(s)),
        stats.join(' | '),
      );
      await screenshot(page, '07-batch-report');

      // the issue list downloads as CSV
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /下载问题明细/ }).click();
      const csv = await (await download).path();
      assert.ok(csv !== null && fs.readFileSync(csv, 'utf8').includes('CF_JDRQ'));
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });

  it('runs a bulk credit check and shows the signed receipt', async (t) => {
    if (!openApiPaths.has('/api/v1/checks')) {
      t.skip('POST /api/v1/checks is not registered');
      return;
    }
    await scenario('check', async (page) => {
      await signIn(page, 'e2e-buyer');
      await page.goto('/console/checks');
      await page.getByLabel('业务场景').click();
      await page.getByTitle('政府采购').click();
      await page.getByText('批量核查').click();
      await page
        .getByLabel('核查名单')
        .fill(`统一社会信用代码\n${ENTITY.uscc}\n${OTHER.uscc}\n不存在的测试公司名称`);
      await page.getByRole('button', { name: '开始核查' }).click();
      await page.getByText(/核查回执 HC\d{8}/).waitFor({ timeout: 30_000 });
      const rows = page.locator('.ant-table-row');
      assert.equal(await rows.count(), 3);
      assert.ok(await page.getByText('未找到主体').first().isVisible());
      await screenshot(page, '08-bulk-check');
    });
  });

  /** Signs in through the API (for setting up data the scenario needs) and returns the request headers. */
  async function apiSession(username: string): Promise<Record<string, string>> {
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  it('files an objection as the subject and decides it in the credit centre console', async (t) => {
    if (!openApiPaths.has('/api/v1/objections') || !openApiPaths.has('/api/v1/objections/{no}/decide')) {
      t.skip('/api/v1/objections is not registered');
      return;
    }
    // a company with a public penalty, and a subject user bound to it
    const feed = (await (await fetch(`${server.url}/api/v1/publicity/latest?item=XZCF&limit=20`)).json()) as {
      recordId: number;
      subject: { uscc: string | null; name: string };
    }[];
    const target = feed.find((e) => e.subject.uscc !== null);
    assert.ok(target !== undefined, 'sample data has a company penalty');
    await server.cli(
      [
        'users',
        'create',
        '--username',
        'e2e-company',
        '--role',
        'subject_user',
        '--display-name',
        '企业经办人',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    const company = await apiSession('e2e-company');
    const bind = await fetch(`${server.url}/api/v1/subject-bindings`, {
      method: 'POST',
      headers: { ...company, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc: target.subject.uscc, evidence: '营业执照副本 E2E-001' }),
    });
    assert.equal(bind.status, 201, await bind.clone().text());
    const admin = await apiSession('e2e-admin');
    const approve = await fetch(
      `${server.url}/api/v1/subject-bindings/${((await bind.json()) as { id: number }).id}/approve`,
      {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: '{}',
      },
    );
    assert.equal(approve.status, 200, await approve.text());

    let applicationNo = '';
    await scenario('objection-file', async (page) => {
      await signIn(page, 'e2e-company');
      await page.goto(`/objections/new?record=${target.recordId}`);
      await page.getByText(target.subject.name).first().waitFor();
      await page.getByLabel('异议类型').click();
      await page.locator('.ant-select-item-option[title="信息内容有误"]').click();
      await page
        .getByLabel('异议内容说明')
        .fill('处罚决定书所列违法事实与实际情况不符，已于决定后整改完毕。');
      await page.getByLabel('申请人').fill('企业经办人');
      await page.getByLabel('联系方式').fill('0574-88888888');
      await page.getByRole('button', { name: '提交异议' }).click();
      await page.getByText('异议申请已提交').waitFor();
      applicationNo = (
        (await page.locator('.ant-descriptions-item-content').first().textContent()) ?? ''
      ).trim();
      assert.ok(applicationNo.length > 4, applicationNo);
      await screenshot(page, '12-objection-filed');
      // the record now carries the objection mark on the public page
      await page.goto(`/subject/${target.subject.uscc}?tab=penalty`);
      await page.getByRole('tabpanel').getByText('异议处理中').first().waitFor();
    });

    await scenario('objection-decide', async (page) => {
      await signIn(page, 'e2e-admin');
      await page.goto('/console/cases');
      const row = page.locator('.ant-table-row', { hasText: applicationNo });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /剩余 \d+ 个工作日/);
      await screenshot(page, '13-cases-queue');
      await row.getByRole('button', { name: '办理' }).click();
      await page.getByLabel('处理结果').click();
      await page.locator('.ant-select-item-option[title="异议不成立：维持原信息"]').click();
      await page.getByLabel('理由', { exact: true }).fill('经核实，原处罚信息准确无误。');
      await page
        .getByRole('button', { name: '提 交' })
        .or(page.getByRole('button', { name: '提交' }))
        .click();
      await page.getByText('已办理').waitFor();
    });

    await scenario('objection-progress', async (page) => {
      await signIn(page, 'e2e-company');
      await page.goto(`/progress?kind=objection&no=${encodeURIComponent(applicationNo)}`);
      await page.getByText('异议不成立，维持原信息').waitFor();
      await screenshot(page, '14-objection-progress');
    });
  });

  it('shows the credit centre dashboard with charts, and the console menus by role', async () => {
    await scenario('dashboard', async (page) => {
      await signIn(page, 'e2e-admin');
      await page.getByRole('heading', { name: /您好/ }).waitFor();
      for (const entry of ['监测统计', '用户管理', '审计链', '信息资源目录'])
        assert.ok(await page.getByRole('link', { name: entry }).first().isVisible(), entry);
      await screenshot(page, '09-console-home');
      await page.goto('/console/dashboard');
      await page.getByRole('heading', { name: '监测统计' }).waitFor();
      assert.equal(await page.locator('main').count(), 1, 'one main landmark');
      await page.locator('.chart canvas').nth(3).waitFor();
      const charts = await page.locator('.chart canvas').count();
      assert.ok(charts >= 4, `${charts} charts`);
      const box = await page.locator('.chart').first().boundingBox();
      assert.ok(box !== null && box.width > 200 && box.height > 200);
      // the sample data's first evaluation run fills the grade distribution from the first start
      const grades = page.locator('.ant-card', { hasText: '信用评价等级分布' }).last();
      await grades.locator('.chart canvas').waitFor();
      assert.equal(await grades.getByText('尚未发布评价结果').count(), 0);
      assert.ok((await chineseShare(page)) > 0.6);
      await page.waitForTimeout(600); // chart animation
      await screenshot(page, '10-dashboard');

      await page.goto('/console/audit');
      await page.getByText('审计链完整').waitFor();
      await screenshot(page, '11-audit');
    });
  });

  /** Creates a subject user bound (approved) to the subject with `uscc`; returns nothing, signs in by name. */
  async function boundSubjectUser(username: string, uscc: string): Promise<void> {
    await server.cli(
      [
        'users',
        'create',
        '--username',
        username,
        '--role',
        'subject_user',
        '--display-name',
        '企业经办人',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );
    const user = await apiSession(username);
    const bind = await fetch(`${server.url}/api/v1/subject-bindings`, {
      method: 'POST',
      headers: { ...user, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc, evidence: '营业执照副本 E2E-002' }),
    });
    assert.equal(bind.status, 201, await bind.clone().text());
    const admin = await apiSession('e2e-admin');
    const approve = await fetch(
      `${server.url}/api/v1/subject-bindings/${((await bind.json()) as { id: number }).id}/approve`,
      { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{}' },
    );
    assert.equal(approve.status, 200, await approve.text());
  }

  it('shows grade distribution and why a subject has its grade; plans, draws and publishes a random inspection anyone can verify', async () => {
    await server.cli(['evaluate']);
    // a graded company whose score has at least one contribution (a penalty or a licence)
    const admin = await apiSession('e2e-admin');
    const feed = (await (await fetch(`${server.url}/api/v1/publicity/latest?item=XZCF&limit=50`)).json()) as {
      subject: { uscc: string | null };
    }[];
    let graded: { uscc: string; score: string; contributions: { records: { id: number }[] }[] } | undefined;
    for (const e of feed) {
      if (e.subject.uscc === null) continue;
      const res = await fetch(`${server.url}/api/v1/evaluation/subjects/${e.subject.uscc}`, {
        headers: admin,
      });
      if (res.status !== 200) continue;
      const g = (await res.json()) as { score: string; contributions: { records: { id: number }[] }[] };
      if (g.contributions.length > 0) {
        graded = { uscc: e.subject.uscc, ...g };
        break;
      }
    }
    assert.ok(graded !== undefined, 'the sample data has a graded company with a penalty');
    const target = graded;

    await scenario('evaluation', async (page, log) => {
      // the refused model version below answers 400 on purpose
      log.allow(/\/api\/v1\/evaluation\/models$/);
      await signIn(page, 'e2e-admin');
      await page.getByRole('link', { name: '信用评价' }).first().click();
      await page.getByRole('heading', { name: '信用评价', level: 1 }).waitFor();
      await page.locator('.chart canvas').first().waitFor();
      const evaluated = (await page.locator('.ant-statistic', { hasText: '已评价主体' }).textContent()) ?? '';
      assert.ok(Number(evaluated.replace(/\D/g, '')) > 0, evaluated);
      await page.waitForTimeout(600); // chart animation
      await screenshot(page, '15-evaluation-distribution');

      // a new model version whose bands do not descend is refused, with the field named
      await page.getByRole('tab', { name: '评价模型' }).click();
      await page.getByRole('button', { name: '新增模型版本' }).click();
      const editor = page.getByLabel('评价模型定义（JSON）');
      const definition = JSON.parse(await editor.inputValue()) as {
        code: string;
        grades: { minScore: string | null }[];
      };
      definition.code = 'e2e-model';
      (definition.grades[1] as { minScore: string | null }).minScore = '2000';
      await editor.fill(JSON.stringify(definition, null, 2));
      await page.getByRole('button', { name: '保存新版本' }).click();
      const problems = page.getByRole('dialog').locator('.ant-alert-error');
      await problems.waitFor();
      assert.match((await problems.textContent()) ?? '', /grades\.1\.minScore/);
      await screenshot(page, '16-evaluation-model-refused');
      await page.getByRole('button', { name: /取\s*消/ }).click();

      // one subject's grade: score = base + Σ contributions, each with the records it came from
      await page.getByRole('tab', { name: '主体评价查询' }).click();
      await page.getByLabel('要查询评价结果的统一社会信用代码').fill(target.uscc);
      await page.getByLabel('要查询评价结果的统一社会信用代码').press('Enter');
      const formula = page.locator('.grade-formula');
      await formula.waitFor();
      assert.match(
        ((await formula.textContent()) ?? '').trim(),
        new RegExp(`= ${target.score.replace('.', '\\.')}$`),
      );
      const recordLinks = page.getByRole('button', { name: /^查看记录 \d+$/ });
      assert.equal(
        await recordLinks.count(),
        target.contributions.reduce((n, c) => n + c.records.length, 0),
      );
      await screenshot(page, '17-evaluation-explanation');
      await recordLinks.first().click();
      await page.getByRole('dialog').getByText('公示期说明').waitFor();

      // a deregistered business (sample file) is not graded: said plainly, without a failed request
      await page.goto('/subject/92330206MA2EL62660?tab=evaluation');
      await page.getByText('该主体尚无评价结果').waitFor();
    });

    let planName = '';
    await scenario('inspection-draw', async (page) => {
      await signIn(page, 'e2e-admin');
      await page.getByRole('link', { name: '双随机抽查' }).first().click();
      await page.getByRole('button', { name: '新建抽查计划' }).click();
      planName = '2026年第四季度企业年报抽查（测试）';
      await page.getByLabel('计划编号').fill('E2E-2026-Q4');
      await page.getByLabel('计划名称').fill(planName);
      await page.getByLabel('检查部门').click();
      await page
        .locator('.ant-select-item-option[title="宁波市市场监督管理局（示例）（zj-nb-amr）"]')
        .click();
      await page.getByLabel('检查事项').fill('企业年度报告公示信息抽查');
      await page.getByLabel('基础抽查比例').fill('0.1');
      await page
        .getByLabel('执法检查人员名录')
        .fill(
          'ZF-001,张明,市场监管局执法支队\nZF-002,李华,市场监管局执法支队\nZF-003,王芳,北仑区市场监管分局',
        );
      await page.getByRole('button', { name: /创\s*建/ }).click();
      await page.waitForURL(/\/console\/inspections\/\d+$/);
      await page.getByText('各等级抽查概率').waitFor();
      await page.getByLabel('公开随机数').fill('福彩3D 第2026315期 5 2 8');
      await page.getByRole('button', { name: '抽取检查对象' }).click();
      await page.waitForURL(/\/console\/inspections\/\d+\/draws\/\d+$/);
      await page.getByRole('heading', { name: /抽取结果/ }).waitFor();
      await page.getByRole('tab', { name: '抽取统计' }).click();
      await page.getByRole('columnheader', { name: '期望抽中' }).waitFor();
      await page.getByRole('tab', { name: /检查对象名录/ }).click();
      await page.getByRole('tabpanel').locator('.ant-table-row').first().waitFor();
      await page.getByRole('tab', { name: '复核' }).click();
      await page.getByRole('button', { name: '复核抽取结果' }).click();
      await page.getByText('复核一致').waitFor();
      await screenshot(page, '18-inspection-draw');

      // the regulator enters one result: it becomes a 行政检查 record on the subject
      await page.getByRole('tab', { name: /抽中对象/ }).click();
      await page
        .getByRole('button', { name: /^录入 .+ 的检查结果$/ })
        .first()
        .click();
      const entry = page.getByRole('dialog');
      await entry.getByLabel('检查结果').click();
      await page.locator('.ant-select-item-option', { hasText: '责令整改' }).click();
      const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      await entry.getByLabel('检查日期').fill(today);
      await entry.getByLabel('检查日期').press('Enter');
      await entry.getByLabel('检查情况说明').fill('年报公示的从业人数与社保缴费人数不符，责令更正');
      await entry.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText(/已录入 .+ 的检查结果/).waitFor();
      await page.getByRole('tabpanel').locator('.ant-tag', { hasText: '责令整改' }).first().waitFor();
      await screenshot(page, '18b-inspection-result');
    });

    await scenario('inspection-public', async (page) => {
      await page.goto('/');
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '抽查公示' }).click();
      await page.getByRole('heading', { name: '双随机抽查公示' }).waitFor();
      await page
        .getByRole('link', { name: new RegExp(planName.replace(/[（）]/g, '.')) })
        .first()
        .click();
      await page.getByText('抽中的检查对象与检查人员').waitFor();
      const items = (await page.locator('.ant-table').first().textContent()) ?? '';
      assert.ok(!items.includes('张明') && !items.includes('李华'), 'inspectors’ names are masked in public');
      await page.getByRole('button', { name: '复核抽取结果' }).click();
      await page.getByText('复核一致').waitFor();
      await screenshot(page, '19-inspection-public');

      // the platform's grade is supervision information: the public is told so on the subject page
      await page.goto(`/subject/${target.uscc}?tab=evaluation`);
      await page.getByText('公共信用综合评价等级不向社会公开').waitFor();
    });
  });

  it('records a credit commitment and the accepting unit’s fulfilment; the credit centre manages providers', async () => {
    await boundSubjectUser('e2e-committer', OTHER.uscc);
    await server.cli(
      [
        'users',
        'create',
        '--username',
        'e2e-amr',
        '--role',
        'provider_operator',
        '--provider',
        'zj-nb-amr',
        '--display-name',
        '市场监管局经办人',
        '--password-stdin',
      ],
      `${PASSWORD}\n`,
    );

    await scenario('commitment', async (page) => {
      await signIn(page, 'e2e-committer');
      await page.getByRole('link', { name: '信用承诺' }).first().click();
      await page.getByRole('heading', { name: '信用承诺', level: 1 }).waitFor();
      await page.getByText(`承诺主体：${OTHER.name}`).waitFor();
      await page.getByLabel('承诺类型').click();
      await page.locator('.ant-select-item-option[title="证明事项告知承诺型"]').click();
      await page.getByLabel('承诺受理单位').click();
      await page
        .locator('.ant-select-item-option[title="宁波市市场监督管理局（示例）（zj-nb-amr）"]')
        .click();
      await page.getByLabel('承诺事由').fill('申请食品经营许可，以告知承诺替代现场核查');
      await page.getByRole('button', { name: '提交信用承诺' }).click();
      await page.getByText('信用承诺已记录').first().waitFor({ timeout: 30_000 });
      await page.getByRole('table').getByText('履约中').first().waitFor();
      await screenshot(page, '20-commitment');
      await page.getByRole('link', { name: '在信用档案中查看' }).click();
      await page.getByRole('dialog').getByText('承诺类型').first().waitFor();
    });

    await scenario('fulfilment', async (page) => {
      await signIn(page, 'e2e-amr');
      await page.getByRole('link', { name: '承诺履约核查' }).first().click();
      await page.getByLabel('作出承诺的主体的统一社会信用代码').fill(OTHER.uscc);
      await page.getByLabel('作出承诺的主体的统一社会信用代码').press('Enter');
      await page.getByRole('button', { name: '登记履约' }).first().click();
      await page.getByLabel('核查情况说明').fill('经现场核查，承诺事项均已落实');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /登\s*记/ })
        .click();
      await page.getByRole('table').getByText('已践诺').first().waitFor({ timeout: 30_000 });
      await screenshot(page, '21-commitment-fulfilment');
    });

    await scenario('providers', async (page) => {
      await signIn(page, 'e2e-admin');
      await page.getByRole('link', { name: '信息提供单位' }).first().click();
      await page.getByRole('button', { name: '新增单位' }).click();
      await page.getByLabel('单位代码').fill('e2e-xa-swj');
      await page.getByLabel('单位名称').fill('西安市商务局（测试）');
      await page.getByLabel('行政区划代码').fill('610100');
      await page.getByLabel('可报送的信息项').click();
      await page.keyboard.type('XZXK');
      await page.locator('.ant-select-item-option[title="行政许可（XZXK）"]').click();
      await page.getByLabel('单位名称').click(); // closes the item list
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await page.locator('.ant-table-row', { hasText: '西安市商务局（测试）' }).waitFor();
      await screenshot(page, '22-providers');
      // the new provider is chosen by name when opening an account for its staff
      await page.goto('/console/users');
      await page.getByRole('button', { name: '新建用户' }).click();
      await page.getByRole('dialog').getByLabel('用户名').waitFor();
      await page.waitForTimeout(500); // the dialog's opening animation
      await page.getByLabel('角色').click();
      await page.locator('.ant-select-item-option[title="信息提供单位经办人"]').click();
      await page.getByRole('combobox', { name: /信息提供单位$/ }).click();
      await page.locator('.ant-select-item-option[title="西安市商务局（测试）（e2e-xa-swj）"]').waitFor();
    });
  });
});
