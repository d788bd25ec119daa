// Runs the test suites with node's built-in runner. Usage: npm test [-- PATH_SUBSTRING…]
// Integration suites run once per engine (sqlite, postgres); XINYONG_TEST_ENGINES=sqlite narrows that locally.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passthrough = process.argv.slice(2).filter((a) => a.startsWith('-'));

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
}

const files = [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'test'))]
  .map((f) => path.relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...passthrough, ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, XINYONG_LOG_LEVEL: process.env.XINYONG_LOG_LEVEL ?? 'silent' },
  },
);
process.exit(result.status ?? 1);
