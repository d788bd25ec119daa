import { formatDate } from '../../../lib/format';

/** The day before a `YYYY-MM-DD` date (the API's publicity end is exclusive: the first day no longer shown). */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** 公示期 text of a record: 2026年11月27日 至 2027年11月26日, or 长期公示 when it has no end. */
export function publicityText(p: { start: string | null; end: string | null; published: boolean }): string {
  if (!p.published) return '不予公示';
  const start = p.start === null ? '' : `${formatDate(p.start)} 起`;
  if (p.end === null) return `${start}持续公示`;
  return `${p.start === null ? '' : `${formatDate(p.start)} 至 `}${formatDate(dayBefore(p.end))}`;
}

/** 公示期至 text, or null when the record has no end. */
export function publicityUntil(end: string | null): string | null {
  return end === null ? null : `公示期至 ${formatDate(dayBefore(end))}`;
}

export const CHANGE_KIND_LABELS: Readonly<Record<string, string>> = {
  ingest: '报送',
  correction: '更正',
  revocation: '撤销',
  repair: '信用修复',
  removal: '移出名单',
  objection: '异议处理',
  expiry: '公示期满',
};
