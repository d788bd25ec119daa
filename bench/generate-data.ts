import fs from 'node:fs';
import {
  generatePenalties,
  type SampleProvider,
  type SampleSubject,
} from '../src/sample/generate-records.js';
import { createRng } from '../src/sample/random.js';
import { generateUscc, USCC_CHARSET } from '../src/standards/uscc.js';

/** `n` synthetic subjects with valid, distinct codes (deterministic). Reused by every benchmark. */
export function syntheticSubjects(n: number, seed = 7): SampleSubject[] {
  const rng = createRng(seed);
  const out: SampleSubject[] = [];
  const regions = [
    '610102',
    '610103',
    '610104',
    '610111',
    '610112',
    '610113',
    '610114',
    '610115',
    '610116',
    '610403',
    '610502',
    '610602',
  ];
  for (let i = 0; i < n; i++) {
    let body = '';
    let x = i;
    for (let k = 0; k < 6; k++) {
      body = (USCC_CHARSET[x % 31] ?? '0') + body;
      x = Math.floor(x / 31);
    }
    const individual = rng.chance(0.4);
    const uscc = generateUscc({
      authorityCode: '9',
      categoryCode: individual ? '2' : '1',
      regionCode: rng.pick(regions),
      orgBody: `MA${body}`,
    });
    out.push({
      name: `${individual ? '西安市' : '陕西'}${['华', '秦', '长', '安', '泰', '和', '兴', '隆', '锦', '程'][i % 10]}${i}${individual ? '商行' : '科技有限公司'}`,
      uscc,
      kind: individual ? 'individual_business' : 'legal_entity',
      legalRep: null,
    });
  }
  return out;
}

export const BENCH_PROVIDER: SampleProvider = {
  code: 'zj-nb-sthj',
  name: '宁波市生态环境局（示例）',
  uscc: '11330200MB1A000527',
  sector: 'ecology_environment',
};

const HEADERS = [
  'CF_WSH',
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_XDR_SHXYM',
  'CF_FRDB',
  'CF_XDR_ZJLX',
  'CF_XDR_ZJHM',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_NR_FK',
  'CF_NR_WFFF',
  'CF_NR_ZKDX',
  'CF_JDRQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
  'CF_JYCX',
  'BZ',
] as const;

/** Writes a 行政处罚 CSV of `rows` rows about `subjects` (one provider), and returns the rows as arrays. */
export function writePenaltyCsv(
  file: string,
  rows: number,
  subjects: readonly SampleSubject[],
  seed = 11,
): void {
  const rng = createRng(seed);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${HEADERS.join(',')}\n`);
  const chunk = 10_000;
  let n = 1;
  for (let done = 0; done < rows; done += chunk) {
    const batch = generatePenalties(rng, subjects, [BENCH_PROVIDER], Math.min(chunk, rows - done), {
      from: '2019-01-01',
      to: '2026-11-20',
      naturalPersonShare: 0,
      firstNumber: n,
    });
    n += batch.length;
    const lines = batch.map(({ row }) => HEADERS.map((h) => csvCell(row[h] ?? '')).join(','));
    fs.writeSync(fd, `${lines.join('\n')}\n`);
  }
  fs.closeSync(fd);
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
