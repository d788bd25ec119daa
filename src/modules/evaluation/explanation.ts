import type { Contribution, RecordPart } from './score-subject.js';

/**
 * Stored form of an explanation (`evaluation_result.explanation`), compact because a full run writes one per
 * subject: `[{"i":indicator,"p":points,"w":raw,"r":[[recordId,version,percent,points],…]},…]` with every number
 * in hundredths of a point. Key order is fixed, so equal explanations are equal strings.
 */
export function storeExplanation(contributions: readonly Contribution[]): string {
  let out = '[';
  contributions.forEach((c, k) => {
    if (k > 0) out += ',';
    out += `{"i":${JSON.stringify(c.indicator)},"p":${c.points},"w":${c.raw},"r":${JSON.stringify(c.records)}}`;
  });
  return `${out}]`;
}

/** Reads a stored explanation back. */
export function readExplanation(text: string): Contribution[] {
  const parsed = JSON.parse(text) as { i: string; p: number; w: number; r: RecordPart[] }[];
  return parsed.map((c) => ({ indicator: c.i, points: c.p, raw: c.w, records: c.r }));
}
