import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { before, it } from 'node:test';
import { personPenaltyRow, syntheticPersons } from '../../test/support/auth.js';
import { forEachEngine } from '../../test/support/engines.js';
import { REPO_ROOT } from '../../test/support/files.js';
import { ingestRows } from '../../test/support/ingest-rows.js';
import { createTestRuntime, type TestRuntime } from '../../test/support/runtime.js';

const BIN = path.join(REPO_ROOT, 'bin', 'xinyong.js');

function xinyong(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, XINYONG_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out }));
  });
}

forEachEngine('xinyong dashboard verify|rebuild', (s) => {
  let rt: TestRuntime;

  before(async () => {
    rt = await createTestRuntime(s.test);
    const persons = syntheticPersons(3, 2100);
    const summary = await ingestRows(
      rt,
      'XZCF',
      'zj-nb-sthj',
      persons.map((p, i) => personPenaltyRow(p, i)),
    );
    assert.equal(summary.inserted, 3, JSON.stringify(summary));
  });

  it('finds a tally that disagrees with the tables (exit 1), and rebuild mends it', async () => {
    const ok = await xinyong(['dashboard', 'verify', '--date', '2026-11-20'], s.test.env);
    assert.equal(ok.status, 0, ok.out);
    assert.match(ok.out, /tallies agree with the tables on 2026-11-20/);

    await rt.db
      .updateTable('subject_tally')
      .set({ count: 40 })
      .where('kind', '=', 'natural_person')
      .execute();
    const wrong = await xinyong(['dashboard', 'verify', '--date', '2026-11-20'], s.test.env);
    assert.equal(wrong.status, 1, wrong.out);
    assert.match(wrong.out, /subjects natural_person: tally 40, counted 3/);
    assert.match(wrong.out, /xinyong dashboard rebuild/);

    const rebuilt = await xinyong(['dashboard', 'rebuild'], s.test.env);
    assert.equal(rebuilt.status, 0, rebuilt.out);
    assert.equal((await xinyong(['dashboard', 'verify', '--date', '2026-11-20'], s.test.env)).status, 0);
  });

  it('refuses a malformed date as a usage error', async () => {
    const bad = await xinyong(['dashboard', 'verify', '--date', '20261120'], s.test.env);
    assert.equal(bad.status, 2, bad.out);
  });
});
