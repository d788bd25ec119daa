// Memory of ingests (issue 15 point 1): peak RSS of a server process receiving a 10 MB workbook whose shared
// strings inflate to 450 MiB, once and 14 at once, against the same run's idle server and a server ingesting a
// plain workbook of the same row count. Each scenario runs in a fresh server process (peak = VmHWM).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { JEWELLER, penaltyFields, penaltySubject } from '../test/support/rows.js';
import { buildZip, sheetXml, xlsxEntries } from '../test/support/zip-writer.js';
import { type BenchResult, emit } from './bench-result.js';

const ROWS = 1000;
const SST_BYTES = 450 * 1024 * 1024;
const cacheDir = path.resolve(import.meta.dirname, '.cache');
fs.mkdirSync(cacheDir, { recursive: true });
const HEADER = ['CF_WSH', 'CF_XDR_MC', 'CF_XDR_LB', 'CF_XDR_SHXYM', 'CF_JDRQ'];

function dataRow(i: number): string[] {
  return [
    `甬环罚〔2026〕${100000 + i}号`,
    '宁波市北仑区新碶万祥珠宝行',
    '个体工商户',
    '92330206MA2EL62660',
    '2026-11-20',
  ];
}

/** A workbook of ROWS rows whose cells point into a shared-strings part of SST_BYTES of varied text. */
async function inflatingWorkbook(file: string): Promise<void> {
  if (fs.existsSync(file)) return;
  const deflate = zlib.createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const open = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
  deflate.write(open);
  let size = open.length;
  let n = 0;
  for (const r of Array.from({ length: ROWS }, (_, i) => dataRow(i)))
    for (const text of r) {
      const si = `<si><t>${text}</t></si>`;
      deflate.write(si);
      size += Buffer.byteLength(si);
      n++;
    }
  const pad = '宁波市北仑区示例贸易有限公司行政处罚决定书'.repeat(4);
  while (size < SST_BYTES) {
    const si = `<si><t>${randomBytes(6).toString('hex')}${pad}${n}</t></si>`;
    size += Buffer.byteLength(si);
    n++;
    if (!deflate.write(si)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end('</sst>');
  size += 6;
  await done;
  const cell = (ref: string, k: number) => `<c r="${ref}" t="s"><v>${k}</v></c>`;
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const r = i + 2;
    return `<row r="${r}">${HEADER.map((_, j) => cell(`${String.fromCharCode(65 + j)}${r}`, i * HEADER.length + j)).join('')}</row>`;
  }).join('');
  const xml = sheetXml([HEADER]).replace('</sheetData>', `${rows}</sheetData>`);
  fs.writeFileSync(
    file,
    buildZip([
      ...xlsxEntries([{ name: '行政处罚', xml }]),
      { name: 'xl/sharedStrings.xml', data: '', compressed: Buffer.concat(out), declaredSize: size },
    ]),
  );
}

/** A valid 行政处罚 workbook of ROWS rows (every field), ingested in full: the baseline of one real ingest. */
function plainWorkbook(file: string): void {
  if (fs.existsSync(file)) return;
  const record = (i: number): Record<string, string> => ({
    CF_WSH: `甬环罚〔2026〕${100000 + i}号`,
    ...penaltySubject(JEWELLER),
    ...penaltyFields({ CF_JDRQ: '2026-11-20' }),
  });
  const header = Object.keys(record(0));
  const rows = [header, ...Array.from({ length: ROWS }, (_, i) => header.map((h) => record(i)[h] ?? null))];
  fs.writeFileSync(file, buildZip(xlsxEntries([{ name: '行政处罚', xml: sheetXml(rows) }])));
}

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly dir: string;
}

async function startServer(): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-bench-mem-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'ingest-memory-child.ts'), dir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const { port, headers } = JSON.parse(line) as { port: number; headers: Record<string, string> };
  return { child, url: `http://127.0.0.1:${port}`, headers, dir };
}

function memory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function upload(s: Server, file: string): Promise<{ status: string; message: string | null }> {
  const form = new FormData();
  form.append('item', 'XZCF');
  form.append('file', new Blob([fs.readFileSync(file)]), path.basename(file));
  const res = await fetch(`${s.url}/api/v1/batches?wait=true`, {
    method: 'POST',
    headers: s.headers,
    body: form,
  });
  const body = (await res.json()) as { status: string; message: string | null };
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Peak RSS (MB) of a fresh server after `uploads` uploads of `file` at once (none: idle after a warm-up). */
async function scenario(
  file: string | undefined,
  uploads: number,
): Promise<{ peak: number; outcome: string }> {
  const s = await startServer();
  try {
    await fetch(`${s.url}/healthz`);
    const answers =
      file === undefined ? [] : await Promise.all(Array.from({ length: uploads }, () => upload(s, file)));
    const pid = s.child.pid ?? 0;
    const alive = s.child.exitCode === null && (await fetch(`${s.url}/healthz`)).ok;
    const outcome = `${alive ? 'server alive' : 'SERVER DEAD'}; ${[...new Set(answers.map((a) => `${a.status}: ${(a.message ?? '').slice(0, 60)}`))].join(' | ') || 'idle'}`;
    return { peak: Math.round(memory(pid).peak), outcome };
  } finally {
    s.child.kill('SIGTERM');
    await new Promise((resolve) => s.child.once('exit', resolve));
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
}

const bomb = path.join(cacheDir, `inflating-sst-${ROWS}.xlsx`);
const plain = path.join(cacheDir, `plain-valid-${ROWS}.xlsx`);
await inflatingWorkbook(bomb);
plainWorkbook(plain);
const bombMb = (fs.statSync(bomb).size / 1048576).toFixed(1);

const idle = await scenario(undefined, 0);
const plainOne = await scenario(plain, 1);
const bombOne = await scenario(bomb, 1);
const bombMany = await scenario(bomb, 14);

const results: BenchResult[] = [
  {
    name: `peak RSS, 1 upload of a ${bombMb} MB workbook whose shared strings inflate to 450 MiB`,
    metric: 'MB',
    value: bombOne.peak,
    unit: 'MB',
    baseline: `1 upload of a plain ${ROWS}-row workbook`,
    baselineValue: plainOne.peak,
    ratio: plainOne.peak / bombOne.peak,
    goal: 'bounded: ratio ≥ 0.8 (was 691 MB from 224 idle)',
    notes: `${bombOne.outcome}; plain: ${plainOne.outcome}`,
  },
  {
    name: 'peak RSS, 14 such uploads at once',
    metric: 'MB',
    value: bombMany.peak,
    unit: 'MB',
    baseline: 'idle server after a warm-up request',
    baselineValue: idle.peak,
    ratio: idle.peak / bombMany.peak,
    goal: '< 600 MB total (was: process killed)',
    notes: bombMany.outcome,
  },
];
emit(results);
