import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(import.meta.dirname, '../../..');
export const SCREENSHOT_DIR = path.join(root, 'test-output', 'e2e');

/** Debian's Chromium, headless, with nothing that reaches the network on its own (a fresh profile per launch). */
export async function launchBrowser(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // screenshots of an earlier run's failures would mislead
  for (const f of fs.readdirSync(SCREENSHOT_DIR))
    if (f.startsWith('failed-')) fs.rmSync(path.join(SCREENSHOT_DIR, f));
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Console errors and uncaught exceptions of every page of a context, minus failed requests the test expects. */
export interface ErrorLog {
  readonly errors: string[];
  /** Failed-resource messages for URLs matching this are expected (e.g. an API that answers 404 on purpose). */
  allow(pattern: RegExp): void;
}

export async function newContext(
  browser: Browser,
  options: { width?: number; height?: number; baseURL: string },
): Promise<{ context: BrowserContext; log: ErrorLog }> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    viewport: { width: options.width ?? 1366, height: options.height ?? 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const allowed: RegExp[] = [];
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const where = m.location().url ?? '';
      if (/Failed to load resource/.test(m.text()) && allowed.some((a) => a.test(where))) return;
      errors.push(`${page.url()}: ${m.text()} (${where})`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: uncaught ${e.message}`));
  };
  context.on('page', watch);
  return { context, log: { errors, allow: (p) => allowed.push(p) } };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Share of the page's visible text that is CJK: the UI must read as Chinese, not as codes or English. */
export async function chineseShare(page: Page): Promise<number> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered, visible text
  const text = await page.locator('body').innerText();
  const letters = text.replace(/[\s\d\p{P}\p{S}]/gu, '');
  const cjk = letters.match(/\p{Script=Han}/gu)?.length ?? 0;
  return letters.length === 0 ? 0 : cjk / letters.length;
}
