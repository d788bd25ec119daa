const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A UTC instant shown in Beijing time, e.g. 2026/11/29 10:36. */
export function formatInstant(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

/** A calendar date `YYYY-MM-DD` as 2026年11月29日. */
export function formatDate(date: string | null | undefined): string {
  if (date === null || date === undefined || date === '') return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) return date;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

const NUMBER = new Intl.NumberFormat('zh-CN');

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : NUMBER.format(n);
}

/** A share 0–1 as a percentage with one decimal. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return `${(share * 100).toFixed(1)}%`;
}

/** Today's calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
