import fs from 'node:fs';
import path from 'node:path';

/**
 * Report settings, from `<dataDir>/reports.json` when present (e.g. `{"validDays": 30}`), else the defaults:
 * a report is valid for 30 calendar days from its issue date (inclusive), a special report without a window covers
 * the last 3 years (政府采购法第二十二条: 参加政府采购活动前三年内), and a window may be at most 5 years
 * (发改财金〔2025〕565号 commentary, REFERENCE §9.3).
 */
export interface ReportConfig {
  readonly validDays: number;
  readonly specialDefaultYears: number;
  readonly maxWindowYears: number;
}

export const DEFAULT_REPORT_CONFIG: ReportConfig = Object.freeze({
  validDays: 30,
  specialDefaultYears: 3,
  maxWindowYears: 5,
});

const LIMITS: Readonly<Record<keyof ReportConfig, readonly [number, number]>> = {
  validDays: [1, 366],
  specialDefaultYears: [1, 5],
  maxWindowYears: [1, 5],
};

/** @throws Error naming the file and key for an unknown key or a value out of range. */
export function loadReportConfig(dataDir: string): ReportConfig {
  const file = path.join(dataDir, 'reports.json');
  if (!fs.existsSync(file)) return DEFAULT_REPORT_CONFIG;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...DEFAULT_REPORT_CONFIG, ...parsed };
  for (const [k, v] of Object.entries(merged)) {
    const limits = LIMITS[k as keyof ReportConfig];
    if (limits === undefined) throw new Error(`${file}: unknown key ${k}`);
    if (!Number.isInteger(v) || (v as number) < limits[0] || (v as number) > limits[1])
      throw new Error(`${file}: ${k} must be an integer from ${limits[0]} to ${limits[1]}`);
  }
  if ((merged.specialDefaultYears as number) > (merged.maxWindowYears as number))
    throw new Error(`${file}: specialDefaultYears exceeds maxWindowYears`);
  return Object.freeze(merged as unknown as ReportConfig);
}
