import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, it, mock } from 'node:test';
import fc from 'fast-check';
import { createTestUser, type TestUser, withoutRateLimits } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import { toCsv } from '../../../test/support/files.js';
import { ingestRows } from '../../../test/support/ingest-rows.js';
import {
  leakedDigits,
  PERSONAL_NUMBER_SEED,
  personalNumberArb,
  samplePersonalNumbers,
} from '../../../test/support/personal-numbers.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { buildApplication } from '../../app.js';
import { main } from '../../main.js';
import type { App } from '../../platform/http/create-app.js';
import { NATIONAL_ITEMS } from '../catalog/national-items.js';
import { SAMPLE_PROVIDERS } from '../providers/sample-providers.js';

// Issue 15 point 8 / ADR 0006: resident id numbers and mobile numbers put into every field of every catalog item's
// file never come back with 6 consecutive digits in clear — not in a batch issue message or raw value, the issue
// CSV, an API answer, the CLI's output or a log line.

const PROVIDER = 'zj-nb-sthj';

/** A sample provider that may report `item`. */
function providerOf(item: string): string {
  const p = SAMPLE_PROVIDERS.find((x) => x.items?.includes(item));
  assert.ok(p, `no sample provider reports ${item}`);
  return p.code;
}

/** A multipart body with the form fields and one file. */
function multipart(fields: Record<string, string>, fileName: string, content: string) {
  const boundary = `----xinyong${Date.now()}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const file =
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    `content-type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return {
    payload: Buffer.from(parts.join('') + file, 'utf8'),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Every field of `item` holding `value`, by national code. */
function rowOf(item: (typeof NATIONAL_ITEMS)[number], value: string): Record<string, string> {
  return Object.fromEntries(item.fields.map((f) => [f.code, value]));
}

/** The CLI run in this process against the test database; what it printed. */
async function cli(env: Readonly<Record<string, string>>, args: readonly string[]): Promise<string> {
  const out: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env, { XINYONG_LOG_LEVEL: 'silent' });
  const log = mock.method(console, 'log', (...a: unknown[]) => void out.push(a.join(' ')));
  const error = mock.method(console, 'error', (...a: unknown[]) => void out.push(a.join(' ')));
  try {
    const status = await main(['node', 'xinyong', ...args]);
    out.push(`exit ${status}`);
  } finally {
    log.mock.restore();
    error.mock.restore();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  return out.join('\n');
}

forEachEngine('personal numbers in every field of every item never come back in clear', (s) => {
  let rt: TestRuntime;
  let app: App;
  let admin: TestUser;
  const logLines: string[] = [];
  let env: Record<string, string>;

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    const stream = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await buildApplication(rt, { logger: { level: 'info', stream } });
    await app.ready();
    admin = await createTestUser(rt, { role: 'platform_admin' });
    env = {
      ...s.test.env,
      XINYONG_DATA_DIR: s.test.dir,
      XINYONG_SECRET_FILE: path.join(s.test.dir, 'secrets.json'),
      XINYONG_SAMPLE_DATA: 'false',
    };
  });
  after(() => app.close());

  /** Everything a batch shows through the API and the CLI, after ingesting `rows` of `item` from a file. */
  async function everyOutput(item: string, rows: readonly Record<string, string>[]): Promise<string[]> {
    const headers = await admin.headers();
    const upload = multipart({ item, provider: providerOf(item) }, `${item}.csv`, toCsv(rows));
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/batches?wait=true',
      headers: { ...headers, ...upload.headers },
      payload: upload.payload,
    });
    assert.ok(posted.statusCode < 500, posted.body);
    const batchId = (posted.json() as { id?: number; batchId?: number }).id;
    assert.ok(typeof batchId === 'number', posted.body);
    const get = (url: string) => app.inject({ method: 'GET', url, headers });
    const answers = await Promise.all([
      get(`/api/v1/batches/${batchId}`),
      get(`/api/v1/batches/${batchId}/issues`),
      get(`/api/v1/batches/${batchId}/issues.csv`),
    ]);
    const issues = answers[1]?.json() as { row: number }[];
    assert.ok(
      issues.some((i) => i.row > 0),
      `${item}: the rows reached validation (row issues expected): ${answers[1]?.body.slice(0, 300)}`,
    );
    return [
      posted.body,
      JSON.stringify(posted.headers),
      ...answers.flatMap((a) => [a.body, JSON.stringify(a.headers)]),
    ];
  }

  for (const item of NATIONAL_ITEMS) {
    it(`${item.code}: files with id and mobile numbers in every field (alone and inside text)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(personalNumberArb, { minLength: 3, maxLength: 3 }), async (numbers) => {
          const logFrom = logLines.length;
          const rows = numbers.flatMap((n) => [rowOf(item, n), rowOf(item, `备注${n}号`)]);
          const outputs = await everyOutput(item.code, rows);
          // timings are the one place random digits appear in a log line
          outputs.push(
            logLines
              .slice(logFrom)
              .join('')
              .replace(/"responseTime":[\d.]+/g, ''),
          );
          for (const n of numbers)
            for (const [k, out] of outputs.entries()) {
              const leaked = leakedDigits(out, n);
              assert.deepEqual(leaked, [], `${item.code}: output ${k} shows ${leaked.join(', ')} of ${n}`);
            }
        }),
        { seed: PERSONAL_NUMBER_SEED, numRuns: 2, endOnFailure: true },
      );
    });
  }

  it('through the rows API and the CLI (ingest, batch show, batch issues, issue CSV)', async () => {
    const numbers = samplePersonalNumbers(2);
    const batches: number[] = [];
    for (const item of NATIONAL_ITEMS) {
      const summary = await ingestRows(rt, item.code, providerOf(item.code), [
        ...numbers.map((n) => rowOf(item, n)),
        ...numbers.map((n) => rowOf(item, `${n}，`)),
      ]);
      batches.push(summary.batchId);
    }
    const file = path.join(s.test.dir, 'xzcf-numbers.csv');
    const xzcf = NATIONAL_ITEMS.find((i) => i.code === 'XZCF');
    assert.ok(xzcf);
    fs.writeFileSync(file, toCsv(numbers.map((n) => rowOf(xzcf, n))));
    const printed = [
      await cli(env, ['ingest', file, '--item', 'XZCF', '--provider', PROVIDER]),
      await cli(env, ['ingest', file, '--item', 'XZCF', '--provider', PROVIDER, '--json']),
    ];
    const csvFile = path.join(s.test.dir, 'issues.csv');
    for (const id of batches) {
      printed.push(await cli(env, ['batch', 'show', String(id)]));
      printed.push(await cli(env, ['batch', 'issues', String(id)]));
      await cli(env, ['batch', 'issues', String(id), '--csv', csvFile]);
      printed.push(fs.readFileSync(csvFile, 'utf8'));
    }
    assert.ok(printed.join('\n').includes('错误'), 'the CLI printed the issues');
    for (const n of numbers)
      for (const out of printed) assert.deepEqual(leakedDigits(out, n), [], `CLI output shows part of ${n}`);
    assert.ok(numbers.length === 6);
  });
});
