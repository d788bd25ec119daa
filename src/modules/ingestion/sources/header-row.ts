import type { RawValue } from '../../catalog/values/raw-value.js';
import type { HeaderProbe, HeaderScorer, SourceNotice } from './tabular-source.js';

/** Non-empty rows at the top of a file or sheet searched for the header row. */
export const HEADER_SEARCH_ROWS = 10;

export interface CandidateRow {
  readonly row: number;
  readonly cells: readonly RawValue[];
}

export function cellText(c: RawValue): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

export function isBlankRow(cells: readonly RawValue[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/**
 * The header among the first non-empty rows: the first row that gives every required column, else the row that
 * matches most fields (the earliest on a tie), else the first row (so "missing columns" names what it found).
 * Rows above it are title rows ("2025年行政处罚信息") and are skipped.
 */
export function pickHeaderRow(
  candidates: readonly CandidateRow[],
  score: HeaderScorer | undefined,
): { index: number; probe: HeaderProbe } {
  if (candidates.length === 0) return { index: -1, probe: { matched: 0, complete: false } };
  if (score === undefined) return { index: 0, probe: { matched: 0, complete: true } };
  let best = -1;
  let bestProbe: HeaderProbe = { matched: 0, complete: false };
  for (const [i, c] of candidates.entries()) {
    const probe = score(c.cells.map(cellText));
    if (probe.complete && probe.matched > 0) return { index: i, probe };
    if (probe.matched > bestProbe.matched) {
      best = i;
      bestProbe = probe;
    }
  }
  return best < 0 ? { index: 0, probe: bestProbe } : { index: best, probe: bestProbe };
}

/** `已跳过表头之前的 1 行（第 1 行“2025年行政处罚信息”）`, or nothing when the header is the first row. */
export function titleRowsNotice(skipped: readonly CandidateRow[], headerRow: number): SourceNotice[] {
  if (skipped.length === 0) return [];
  const quote = (c: CandidateRow) => {
    const text = c.cells.map(cellText).filter((t) => t !== '')[0] ?? '';
    return `第 ${c.row} 行“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
  };
  return [
    {
      code: 'title_rows_skipped',
      message: `表头在第 ${headerRow} 行：已跳过表头之前的 ${skipped.length} 行（${skipped.slice(0, 3).map(quote).join('、')}${skipped.length > 3 ? ' 等' : ''}），这些行不作为数据导入`,
    },
  ];
}
