// Portal first load: time until a fresh Chromium context shows the home page's heading and publicity columns
// (code-split bundles, API calls for the columns), p50/p95 over fresh contexts; baseline: the same browser
// loading a static HTML page with the same heading from a bare node:http server in the same run. The e2e suite
// checks what determines this figure deterministically (what the first load fetches); the time is measured here.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHROMIUM, launchBrowser } from '../test/e2e/support/browser.js';
import { startServer } from '../test/e2e/support/server.js';
import { type BenchResult, emit } from './bench-result.js';

const RUNS = Number(process.env.BENCH_PORTAL_RUNS ?? 15);

if (!fs.existsSync(CHROMIUM)) {
  process.stderr.write(`portal benchmark skipped: ${CHROMIUM} is not installed (apt-get install chromium)\n`);
  emit([]);
  process.exit(0);
}

const server = await startServer();
const page =
  '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>信用陕西</title><h1>信用陕西</h1></html>';
const bare = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page);
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
const browser = await launchBrowser();

async function firstLoad(url: string, ready: (p: import('playwright-core').Page) => Promise<void>) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const p = await context.newPage();
  const started = performance.now();
  await p.goto(url);
  await ready(p);
  const ms = performance.now() - started;
  await context.close();
  return ms;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? Number.NaN;
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const portal: number[] = [];
const baseline: number[] = [];
try {
  // one warm-up each: the server's first requests compile routes and fill caches
  await firstLoad(
    `${server.url}/`,
    async (p) => void (await p.locator('.publicity-list li').first().waitFor()),
  );
  await firstLoad(bareUrl, async (p) => void (await p.getByRole('heading', { name: '信用陕西' }).waitFor()));
  for (let i = 0; i < RUNS; i++) {
    portal.push(
      await firstLoad(`${server.url}/`, async (p) => {
        await p.getByRole('heading', { level: 1, name: /信用陕西/ }).waitFor();
        await p.locator('.publicity-list li').first().waitFor();
      }),
    );
    baseline.push(
      await firstLoad(
        bareUrl,
        async (p) => void (await p.getByRole('heading', { name: '信用陕西' }).waitFor()),
      ),
    );
  }
} finally {
  await browser.close();
  bare.close();
  await server.stop();
}

const results: BenchResult[] = [
  {
    name: 'portal first load (home page, fresh browser context)',
    metric: 'p95',
    value: Math.round(p95(portal)),
    unit: 'ms',
    baseline: 'static HTML page, same browser',
    baselineValue: Math.round(p95(baseline)),
    ratio: p95(baseline) / p95(portal),
    goal: '< 2,000 ms',
    notes: `p50 ${Math.round(p50(portal))} ms vs ${Math.round(p50(baseline))} ms static; ${RUNS} runs each`,
  },
];
emit(results);
