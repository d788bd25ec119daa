import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ingestPersons, type SyntheticPerson, syntheticPersons } from '../../test/support/auth.js';
import { forEachEngine } from '../../test/support/engines.js';
import { REPO_ROOT, toCsv, writeEncoded } from '../../test/support/files.js';
import { ingestRows } from '../../test/support/ingest-rows.js';
import { confirmBarBases } from '../../test/support/measure-basis.js';
import { judgmentDefaulterEntry } from '../../test/support/rows.js';
import { createTestRuntime } from '../../test/support/runtime.js';
import { main } from '../main.js';
import { toQuery, validAsUsccAndRic } from './check.command.js';

const BIN = path.join(REPO_ROOT, 'bin', 'xinyong.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in a child process (several can run at once). */
function xinyong(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, XINYONG_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `main` (what bin/xinyong.js runs) in this process, capturing what the command prints. */
async function inProcess(args: readonly string[]): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = mock.method(console, 'log', (...a: unknown[]) => {
    stdout.push(a.join(' '));
  });
  const error = mock.method(console, 'error', (...a: unknown[]) => {
    stderr.push(a.join(' '));
  });
  try {
    const status = await main(['node', 'xinyong', ...args]);
    return { status, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  } finally {
    log.mock.restore();
    error.mock.restore();
  }
}

/** Awaits runs one after another (in-process runs share the console). */
async function sequentially(runs: readonly (() => Promise<Run>)[]): Promise<Run[]> {
  const out: Run[] = [];
  for (const run of runs) out.push(await run());
  return out;
}

/** A digit-only USCC (valid, and also shaped like a resident id) of a company in the Ningbo sample. */
const DIGITS_USCC = { uscc: '913302125670477823', name: '宁波晨鑫汽车客运有限公司' };
const DEFAULTER = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };
/** Valid both as a USCC (a 机构编制 code, 11…) and as a Beijing identity number; only the first is registered. */
const DOUBLE = { uscc: '110101196003250019', name: '北京市测试双码事务中心' };
const DOUBLE_UNREGISTERED = '110101196402074569';
const TWINS = [
  { uscc: '91330206MA2J48WJ0D', name: '宁波同名商贸有限公司' },
  { uscc: '91330206MA282UG88P', name: '宁波同名商贸有限公司' },
];

describe('xinyong check: queries from codes', () => {
  it('classifies values with the identifier classifier: a digit-only USCC is a uscc, invalid codes still go to the check', () => {
    const [person] = syntheticPersons(1);
    assert.ok(person !== undefined);
    assert.deepEqual(toQuery(DIGITS_USCC.uscc), { uscc: DIGITS_USCC.uscc });
    assert.deepEqual(toQuery(` ${DEFAULTER.uscc} `), { uscc: DEFAULTER.uscc });
    assert.deepEqual(toQuery(person.ric), { ric: person.ric });
    assert.deepEqual(toQuery('44011320141005001x'), { ric: '44011320141005001X' });
    // valid both as a USCC and as a resident id (a Beijing identity number): a USCC only when one is registered
    const both = '110101196003250019';
    assert.equal(validAsUsccAndRic(both), both);
    assert.equal(validAsUsccAndRic(DIGITS_USCC.uscc), undefined);
    assert.deepEqual(toQuery(both), { ric: both });
    assert.deepEqual(toQuery(both, new Set([both])), { uscc: both });
    // invalid, but code-shaped: the check's note explains them
    assert.deepEqual(toQuery('9.13502E+17'), { uscc: '9.13502E+17' });
    assert.deepEqual(toQuery('91330206MA2GT3XNX3'), { uscc: '91330206MA2GT3XNX3' });
    assert.deepEqual(toQuery('913302125670477824'), { uscc: '913302125670477824' });
    assert.deepEqual(
      toQuery('330203196001010012'),
      { ric: '330203196001010012' },
      'id with a bad check digit',
    );
    assert.deepEqual(toQuery('91330212567047782'), { uscc: '91330212567047782' }, 'a digit short');
    // names, including ones as long as a code
    assert.deepEqual(toQuery(DIGITS_USCC.name), { name: DIGITS_USCC.name });
    assert.deepEqual(toQuery('宁波市北仑区新碶万祥珠宝'), { name: '宁波市北仑区新碶万祥珠宝' });
    assert.deepEqual(toQuery('宁波梅山保税港区金湛蔡平华商务服务部有限公司'), {
      name: '宁波梅山保税港区金湛蔡平华商务服务部有限公司',
    });
  });
});

describe('xinyong check: bad usage exits 2 with a Chinese message', () => {
  // In-process through `main` (what bin/xinyong.js runs): a usage error is found before any database is opened.
  // Should one not be, the command opens a throw-away SQLite database in `dir`.
  let dir: string;
  const saved = { ...process.env };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-check-usage-'));
    process.env.XINYONG_DATA_DIR = dir;
    process.env.XINYONG_DATABASE_URL = `sqlite:${path.join(dir, 'x.sqlite')}`;
    process.env.XINYONG_LOG_LEVEL = 'silent';
  });
  after(() => {
    for (const key of ['XINYONG_DATA_DIR', 'XINYONG_DATABASE_URL', 'XINYONG_LOG_LEVEL']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('requires --scenario', async () => {
    const r = await inProcess(['check', DEFAULTER.uscc]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /缺少 --scenario/);
  });

  it('accepts only what the API accepts for --as-of: an ISO-8601 instant with a zone, not in the future', async () => {
    const bad = ['1', 'Sun Nov 29 2026', '2026-11-29', '2026-11-29T10:00:00', '2025-02-30T00:00:00Z'];
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const runs = await sequentially(
      [...bad, future].map(
        (v) => () => inProcess(['check', '--scenario', 'procurement', '--as-of', v, DEFAULTER.uscc]),
      ),
    );
    runs.forEach((r, i) => {
      assert.equal(r.status, 2, `${[...bad, future][i]}: ${r.stderr}`);
      assert.match(r.stderr, /^--as-of .*(无效：应为带时区的 ISO-8601 时间|晚于当前时间)/);
    });
    assert.match(runs.at(-1)?.stderr ?? '', /晚于当前时间/);
  });

  it('refuses a missing file, an unclosed quote (naming the line), and an empty or header-only file', async () => {
    const quote = path.join(dir, 'quote.csv');
    fs.writeFileSync(quote, `名称\n${DEFAULTER.name}\n\n"${TWINS[0]?.name}\n${DIGITS_USCC.uscc}\n`);
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const headerOnly = path.join(dir, 'header.csv');
    fs.writeFileSync(headerOnly, '\ufeff统一社会信用代码,名称\r\n,\r\n');
    const [missing, unclosed, none, onlyHeader] = await sequentially(
      [path.join(dir, 'nope.csv'), quote, empty, headerOnly].map(
        (f) => () => inProcess(['check', '--scenario', 'procurement', '--file', f]),
      ),
    );
    assert.equal(missing?.status, 2);
    assert.match(missing?.stderr ?? '', /--file .*nope\.csv 不存在/);
    assert.doesNotMatch(missing?.stderr ?? '', /ENOENT/);
    assert.equal(unclosed?.status, 2);
    assert.match(unclosed?.stderr ?? '', /第 4 行的引号没有闭合/);
    for (const r of [none, onlyHeader]) {
      assert.equal(r?.status, 2);
      assert.match(r?.stderr ?? '', /中没有要核查的行（文件为空或只有表头）/);
    }
  });

  it('refuses a file of several columns without a recognised header, naming the recognised titles', async () => {
    const file = path.join(dir, 'foo.csv');
    fs.writeFileSync(file, `foo,bar\n${DEFAULTER.uscc},x\n`);
    const r = await inProcess(['check', '--scenario', 'procurement', '--file', file]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /第一行没有可识别的列名/);
    assert.match(r.stderr, /统一社会信用代码、uscc、code、代码、主体名称、名称、name/);
  });

  it('refuses a file that is not valid text in any supported encoding', async () => {
    const mixed = path.join(dir, 'mixed.csv');
    fs.writeFileSync(
      mixed,
      Buffer.concat([
        iconv.encode(`名称\n${TWINS[0]?.name}\n${DEFAULTER.name}\n`, 'gb18030'),
        Buffer.from(`${DIGITS_USCC.name}\n`, 'utf8'),
      ]),
    );
    const broken = path.join(dir, 'broken.csv');
    fs.writeFileSync(
      broken,
      Buffer.concat([iconv.encode(`名称\n${TWINS[0]?.name}\n`, 'gb18030'), Buffer.from([0x81, 0x0a])]),
    );
    const runs = await sequentially(
      [mixed, broken].map((f) => () => inProcess(['check', '--scenario', 'procurement', '--file', f])),
    );
    for (const r of runs) {
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /的编码无法识别/);
    }
  });
});

forEachEngine('xinyong check', (s) => {
  let person: SyntheticPerson;
  let env: Record<string, string>;
  before(async () => {
    const rt = await createTestRuntime(s.test);
    const reg = await ingestRows(
      rt,
      'REGISTRATION',
      'zj-nb-amr',
      [DIGITS_USCC, DOUBLE, ...TWINS].map((x) => ({
        DJ_MC: x.name,
        DJ_TYSHXYDM: x.uscc,
        DJ_ZT: '存续',
        DJ_CLRQ: '2016-11-01',
      })),
    );
    assert.equal(reg.rejected, 0, JSON.stringify(reg));
    const listed = await ingestRows(rt, 'JUDGMENT_DEFAULTER', 'zj-nb-fy', [
      judgmentDefaulterEntry(DEFAULTER, { caseNo: '（2024）浙02执123号', listedOn: '2024-12-20' }),
    ]);
    assert.equal(listed.inserted, 1, JSON.stringify(listed));
    await confirmBarBases(rt);
    [person] = syntheticPersons(1, 700) as [SyntheticPerson];
    await ingestPersons(rt, [person]);
    env = { ...s.test.env };
  });

  it('finds a subject by a digit-only USCC, exits 0 when every row was checked and prints a summary', async () => {
    const r = await xinyong(['check', '--scenario', 'procurement', DIGITS_USCC.uscc, DEFAULTER.uscc], env);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^ +1  未发现相关记录  ${DIGITS_USCC.name}$`));
    assert.match(lines[1] ?? '', new RegExp(`^ +2  禁止  ${DEFAULTER.name}  `));
    assert.equal(lines.at(-1), '共 2 行：未发现相关记录 1，禁止 1；全部完成核查');

    const json = await xinyong(['check', '--scenario', 'procurement', '--json', DIGITS_USCC.uscc], env);
    assert.equal(json.status, 0, json.stderr);
    const receipts = JSON.parse(json.stdout) as { payload: { results: { verdict: string }[] } }[];
    assert.equal(receipts[0]?.payload.results[0]?.verdict, 'clear');
    assert.equal(json.stderr.trim(), '共 1 行：未发现相关记录 1；全部完成核查');
  });

  it('checks a value valid both as a USCC and as a resident id as a USCC only when that USCC is registered', async () => {
    const r = await xinyong(['check', '--scenario', 'procurement', DOUBLE.uscc, DOUBLE_UNREGISTERED], env);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^ +1  未发现相关记录  ${DOUBLE.name}$`));
    assert.match(lines[1] ?? '', /^ +2 {2}未找到主体 {2}1\*{16}9 {2}说明：平台未收录该自然人$/);
    assert.equal(r.stdout.includes(DOUBLE_UNREGISTERED), false, 'echoed masked, as a resident id');
  });

  it('reads a GBK file, explains every unchecked row (note, candidates) on the console and in 说明, adds 核查时点, masks persons and exits 1', async () => {
    const file = writeEncoded(
      s.test.dir,
      'gbk.csv',
      toCsv(
        [
          { 名称: DIGITS_USCC.name, 统一社会信用代码: DIGITS_USCC.uscc },
          { 名称: '', 统一社会信用代码: '9.13502E+17' },
          { 名称: DEFAULTER.name, 统一社会信用代码: '91330206MA2GT3XNX3' },
          { 名称: TWINS[0]?.name ?? '', 统一社会信用代码: '' },
          { 名称: person.name, 统一社会信用代码: person.ric },
        ],
        ['名称', '统一社会信用代码'],
      ),
      'gb18030',
    );
    const out = path.join(s.test.dir, 'out.csv');
    const asOf = new Date().toISOString();
    const r = await xinyong(
      ['check', '--scenario', 'procurement', '--file', file, '--out', out, '--as-of', asOf],
      env,
    );
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^ +1  未发现相关记录  ${DIGITS_USCC.name}$`), 'GBK decoded');
    assert.match(
      lines[1] ?? '',
      /^ +2 {2}未找到主体 {2}9\.13502E\+17 {2}说明：统一社会信用代码无效：.*科学计数法/,
    );
    assert.match(lines[2] ?? '', /^ +3 {2}未找到主体 {2}91330206MA2GT3XNX3 {2}说明：.*应为 "2"/);
    assert.match(
      lines[3] ?? '',
      /^ +4 {2}名称对应多个主体 {2}宁波同名商贸有限公司 {2}说明：2 个主体名称完全一致/,
    );
    for (const t of TWINS) assert.ok(lines[3]?.includes(`宁波同名商贸有限公司（${t.uscc}）`), lines[3]);
    assert.match(lines[4] ?? '', /^ +5 {2}\S+ {2}测\*+$/, 'the person is shown masked');
    assert.equal(lines.at(-1)?.startsWith('共 5 行：'), true, lines.at(-1));
    assert.match(lines.at(-1) ?? '', /名称对应多个主体 1，未找到主体 2；3 行未能核查/);

    const csv = parse(fs.readFileSync(out, 'utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    assert.equal(csv.length, 5);
    assert.match(csv[1]?.说明 ?? '', /科学计数法/);
    assert.match(csv[2]?.说明 ?? '', /应为 "2"/);
    assert.match(csv[3]?.说明 ?? '', /91330206MA2J48WJ0D/);
    assert.equal(csv[3]?.核查结论, '名称对应多个主体');
    assert.deepEqual(new Set(csv.map((row) => row.核查时点)), new Set([asOf]));
    assert.equal(csv[0]?.主体名称, DIGITS_USCC.name);

    const everything = r.stdout + r.stderr + fs.readFileSync(out, 'utf8');
    assert.equal(everything.includes(person.ric), false, 'resident id never printed in full');
    assert.equal(everything.includes(person.name), false, 'natural person name never printed in full');
    assert.equal(
      everything.includes(`${person.ric.slice(0, 1)}${'*'.repeat(16)}${person.ric.slice(17)}`),
      true,
    );
  });

  it('reads a one-column file without a header as all values, from the first row on', async () => {
    const file = path.join(s.test.dir, 'one.csv');
    fs.writeFileSync(file, `${DIGITS_USCC.uscc}\n${DEFAULTER.uscc}\n`);
    const r = await xinyong(['check', '--scenario', 'procurement', '--file', file], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').at(-1), '共 2 行：未发现相关记录 1，禁止 1；全部完成核查');
  });

  it('refuses an unknown scenario with exit 2, listing the scenarios', async () => {
    const r = await xinyong(['check', '--scenario', 'nonesuch', DEFAULTER.uscc], env);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /未知的业务场景 --scenario nonesuch；可用的场景：.*procurement（政府采购）/);
  });
});
