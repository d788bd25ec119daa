import { formatDate } from '../../../lib/format';

/** 公示期至 text from the API's last day of publicity (`publicity.lastDay`), or null when the record has no end. */
export function publicityUntil(lastDay: string | null): string | null {
  return lastDay === null ? null : `公示期至 ${formatDate(lastDay)}`;
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
