import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { forEachEngine } from './support/engines.js';
import { NINGBO_SAMPLE } from './support/files.js';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'xinyong.js');

function xinyong(args: readonly string[], env: Record<string, string> = {}, input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, XINYONG_LOG_LEVEL: 'silent', ...env },
    ...(input === undefined ? {} : { input }),
    timeout: 120_000,
  });
}

describe('xinyong CLI basics', () => {
  it('reports every invalid configuration key in one message and exits 2', () => {
    const r = xinyong(['serve'], { XINYONG_DATABASE_URL: 'nonsense', XINYONG_PORT: 'abc' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /XINYONG_DATABASE_URL/);
    assert.match(r.stderr, /XINYONG_PORT/);
    assert.equal(r.stderr.trim().split('\n')[0]?.includes('2 keys'), true);
  });

  it('classifies identifiers one JSON object per line, from arguments and from stdin', () => {
    const r = xinyong(['id', 'check', '91110000600037341L', '91350100M0001TGQXM', '9.13502E+17']);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    assert.deepEqual(
      lines.map((l) => [l.kind, l.status, l.reason ?? null]),
      [
        ['uscc', 'valid', null],
        ['uscc', 'legacy_pilot', null],
        ['unknown', 'invalid', 'scientific_notation'],
      ],
    );
    assert.equal(r.status, 1, 'exit 1 when something is invalid');
    const fromStdin = xinyong(['id', 'check'], {}, 'MA2EL626-6\n44011320141005001x\n');
    assert.equal(fromStdin.status, 0);
    assert.deepEqual(
      fromStdin.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { kind: string }).kind),
      ['org_code', 'ric'],
    );
  });

  it('prints help for every command', () => {
    for (const args of [
      ['--help'],
      ['ingest', '--help'],
      ['id', 'check', '--help'],
      ['subject', 'show', '--help'],
      ['check', '--help'],
      ['migrate', '--help'],
      ['calendar', 'load', '--help'],
      ['batch', 'issues', '--help'],
    ]) {
      const r = xinyong(args);
      assert.equal(r.status, 0, args.join(' '));
      assert.match(r.stdout, /Usage: xinyong/);
    }
  });

  it('exits 2 on bad usage: an unknown command or option, a missing argument or option value', () => {
    for (const args of [
      ['no-such-command'],
      ['id', 'check', '--no-such-option'],
      ['batch', 'show'],
      ['ingest', 'file.csv', '--item'],
    ]) {
      const r = xinyong(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /error:/);
    }
  });
});

describe('xinyong publicity refresh', () => {
  it('ends due publicity as of --date through the daily job, so watchers are notified too', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-publicity-'));
    try {
      const r = xinyong(['publicity', 'refresh', '--date', '2026-11-30'], { XINYONG_DATA_DIR: dataDir });
      assert.equal(r.status, 0, r.stderr);
      const summary = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(summary).sort(), ['date', 'ended', 'notified']);
      assert.equal(summary.date, '2026-11-30');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('xinyong calendar', () => {
  it('refuses a 2027 date until an administrator loads the 2027 calendar, then honours its 调休 days', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-calendar-'));
    const env = { XINYONG_DATA_DIR: dataDir };
    const fixture = path.resolve(
      import.meta.dirname,
      '..',
      'src/standards/fixtures/calendar-2027.test-fixture.json',
    );
    try {
      const before = xinyong(['calendar', 'day', '2027-02-20'], env);
      assert.equal(before.status, 1);
      assert.match(before.stderr, /2027 is not published/);
      assert.equal(xinyong(['calendar', 'day', '2025-10-08'], env).stdout.includes('"working":false'), true);

      const load = xinyong(['calendar', 'load', fixture], env);
      assert.equal(load.status, 0, load.stderr);
      assert.equal(fs.existsSync(path.join(dataDir, 'calendar', '2027.json')), true);
      const after = JSON.parse(xinyong(['calendar', 'day', '2027-02-20'], env).stdout) as {
        working: boolean;
        kind: string;
      };
      assert.deepEqual([after.working, after.kind], [true, 'adjusted_workday']);

      const again = xinyong(['calendar', 'load', fixture], env);
      assert.equal(again.status, 1, 'loading the same year twice needs --replace');
      assert.match(again.stderr, /already has 2027/);
      assert.equal(xinyong(['calendar', 'load', '--replace', fixture], env).status, 0);

      const bad = path.join(dataDir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ format: 'xinyong.statutory-calendar/v1', year: 2028 }));
      const refused = xinyong(['calendar', 'load', bad], env);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /invalid calendar document/);
      assert.equal(fs.existsSync(path.join(dataDir, 'calendar', '2028.json')), false);

      const years = JSON.parse(xinyong(['calendar', 'list', '--json'], env).stdout) as {
        year: number;
        origin: string;
      }[];
      assert.deepEqual(years.at(-1), { ...years.at(-1), year: 2027, origin: 'loaded' });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

forEachEngine('xinyong ingest (acceptance command)', (s) => {
  it('ingests the Ningbo registration file: 999 inserted, then 999 unchanged', () => {
    const env = { ...s.test.env, XINYONG_SAMPLE_DATA: 'true' };
    const args = [
      'ingest',
      NINGBO_SAMPLE,
      '--item',
      'REGISTRATION',
      '--profile',
      'zhejiang-warehouse',
      '--json',
    ];
    const first = xinyong(args, env);
    assert.equal(first.status, 0, first.stderr);
    const a = JSON.parse(first.stdout) as Record<string, unknown>;
    assert.deepEqual(
      [a.read, a.inserted, a.rejected, a.status, a.encoding],
      [999, 999, 0, 'completed', 'utf-8'],
    );
    assert.deepEqual(Object.keys(a).sort(), [
      'batchId',
      'encoding',
      'inserted',
      'read',
      'rejected',
      'status',
      'unchanged',
      'updated',
      'warned',
    ]);
    const second = JSON.parse(xinyong(args, env).stdout) as Record<string, unknown>;
    assert.deepEqual([second.read, second.unchanged, second.inserted], [999, 999, 0]);
  });
});
