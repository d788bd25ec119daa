import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
    ]) {
      const r = xinyong(args);
      assert.equal(r.status, 0, args.join(' '));
      assert.match(r.stdout, /Usage: xinyong/);
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
