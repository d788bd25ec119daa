// Credit reports: p95 of building the signed JSON content and of rendering + signing the PDF for a subject with
// 200 records, each against a same-run baseline — JSON.stringify of the same subject's credit file, and pdfkit
// writing the same text (same embedded CJK font) as plain flowing text without layout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { ingest } from '../src/modules/ingestion/ingest.service.js';
import { getCreditFile } from '../src/modules/records/credit-file.service.js';
import { platformOf } from '../src/modules/reports/issue-report.service.js';
import { signPdf } from '../src/modules/reports/pdf-signature.js';
import type { ReportContent } from '../src/modules/reports/report.types.js';
import { buildReportContent } from '../src/modules/reports/report-content.service.js';
import { renderReportPdf } from '../src/modules/reports/report-pdf.js';
import { getSubjectByRef } from '../src/modules/subjects/subject.service.js';
import { systemActor } from '../src/platform/actor.js';
import { fixedClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import { canonicalJson } from '../src/platform/crypto/canonical-json.js';
import { signDigest } from '../src/platform/crypto/signing.js';
import { sm3Hex } from '../src/platform/crypto/sm.js';
import { openRuntime } from '../src/runtime.js';
import { type BenchResult, emit } from './bench-result.js';

const RECORDS = Number(process.env.BENCH_REPORT_RECORDS ?? 200);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 30);
const SUBJECT = { uscc: '91330206MA2GT3XNX2', name: '妙乐（宁波）文化创意有限公司' };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-report-bench-'));
const config = loadConfig({
  XINYONG_DATA_DIR: dir,
  XINYONG_SAMPLE_DATA: 'true',
  XINYONG_LOG_LEVEL: 'silent',
});
const rt = await openRuntime(config, { clock: fixedClock('2026-06-10T02:00:00Z') });

const facts = [
  '超标排放大气污染物',
  '未按规定设置排污口',
  '未批先建',
  '危险废物贮存不规范',
  '未如实记录台账',
];
const rows = Array.from({ length: RECORDS }, (_, i) => ({
  CF_WSH: `甬环罚〔2026〕${1000 + i}号`,
  CF_XDR_MC: SUBJECT.name,
  CF_XDR_LB: '法人及非法人组织',
  CF_XDR_SHXYM: SUBJECT.uscc,
  CF_WFXW: facts[i % facts.length] ?? '',
  CF_SY: `经查，当事人${facts[i % facts.length]}，违反了《中华人民共和国大气污染防治法》等规定。`.repeat(
    1 + (i % 3),
  ),
  CF_YJ: '《中华人民共和国大气污染防治法》第九十九条',
  CF_CFLB: i % 7 === 0 ? '警告；罚款' : '罚款',
  CF_NR: `罚款人民币${(i + 1) * 1000}元`,
  CF_NR_FK: String((i + 1) / 10),
  CF_JDRQ: `2026-0${1 + (i % 5)}-${String(1 + (i % 28)).padStart(2, '0')}`,
  CF_CFJG: '宁波市生态环境局（示例）',
  CF_CFJGDM: '11330200MB1A000527',
  CF_SJLY: '宁波市生态环境局（示例）',
  CF_SJLYDM: '11330200MB1A000527',
  ...(i % 10 === 0 ? { CF_JYCX: '是' } : {}),
}));
const summary = await ingest(rt, {
  actor: systemActor('bench'),
  item: 'XZCF',
  provider: 'zj-nb-sthj',
  source: { kind: 'rows', rows },
  origin: 'api',
});
if (summary.inserted !== RECORDS) throw new Error(`ingest: ${JSON.stringify(summary)}`);

const subject = await getSubjectByRef(rt.db, SUBJECT.uscc);
const input = {
  reportNo: 'XYB20260610BENCH000',
  kind: 'standard' as const,
  view: 'subject' as const,
  subject,
  params: {
    from: null,
    to: '2026-06-10',
    domains: [],
    includeGrade: false,
    requested: { from: null, to: null },
  },
  issuedAt: new Date('2026-06-10T02:00:00Z'),
  issueDate: '2026-06-10',
  validUntil: '2026-07-09',
  platform: platformOf(config.region),
  keyId: rt.secrets.signing.id,
  grade: null,
};
const extras = {
  contentDigest: '0'.repeat(64),
  verificationCode: 'BENCH000',
  verificationUrl: `${config.publicUrl}/reports/verify?no=XYB20260610BENCH000&code=BENCH000`,
};

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? 0;

let content: ReportContent | undefined;
const jsonTimes = await time(async () => {
  content = (await buildReportContent(rt, input)).content;
  sm3Hex(canonicalJson(content));
});
if (content === undefined) throw new Error('no content');
const shown = content.sections.flatMap((s) => s.groups).reduce((n, g) => n + g.records.length, 0);
const file = await getCreditFile(rt, systemActor('bench'), SUBJECT.uscc);
const stringifyTimes = await time(async () => JSON.stringify(file));

let pdfBytes = 0;
const report = content;
const pdfTimes = await time(async () => {
  const pdf = signPdf(await renderReportPdf(report, extras), (d) =>
    Buffer.from(signDigest(rt.secrets, d).signature, 'base64'),
  );
  pdfBytes = pdf.length;
});

// baseline: the same text through the same font, as one flowing text run (no tables, no page furniture, no QR)
const text = [
  ...report.statements,
  ...report.sections.flatMap((s) => [
    s.title,
    ...s.facts.map((f) => `${f.label} ${f.text}`),
    ...s.groups.flatMap((g) => [
      g.title,
      ...g.records.flatMap((r) => r.fields.map((f) => `${f.label} ${f.text}`)),
    ]),
    ...s.paragraphs,
  ]),
].join('\n');
const fontFile = path.join(
  import.meta.dirname,
  '../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);
const font = fs.readFileSync(fontFile);
const plainTimes = await time(
  () =>
    new Promise<void>((resolve, reject) => {
      const doc = new PDFDocument({ size: 'A4', margin: 50 });
      doc.on('data', () => {});
      doc.on('end', () => resolve());
      doc.on('error', reject);
      doc.font(font).fontSize(9).text(text);
      doc.end();
    }),
);

await rt.close();
fs.rmSync(dir, { recursive: true, force: true });

const results: BenchResult[] = [
  {
    name: `report PDF p95 (${RECORDS} records, ${shown} shown)`,
    metric: 'ms',
    value: Number(p95(pdfTimes).toFixed(1)),
    unit: 'ms',
    baseline: `pdfkit plain text of the same ${text.length} characters, same font`,
    baselineValue: Number(p95(plainTimes).toFixed(1)),
    ratio: p95(plainTimes) / p95(pdfTimes),
    goal: '< 300 ms',
    notes: `render + sign, ${Math.round(pdfBytes / 1024)} KiB with the subset font; median ${[...pdfTimes].sort((a, b) => a - b)[Math.floor(RUNS / 2)]?.toFixed(1)} ms`,
  },
  {
    name: `report JSON p95 (${RECORDS} records)`,
    metric: 'ms',
    value: Number(p95(jsonTimes).toFixed(1)),
    unit: 'ms',
    baseline: 'JSON.stringify of the same credit file',
    baselineValue: Number(p95(stringifyTimes).toFixed(2)),
    ratio: p95(stringifyTimes) / p95(jsonTimes),
    goal: '< 100 ms',
    notes: 'read + select + shape + canonical JSON + SM3',
  },
];
emit(results);
