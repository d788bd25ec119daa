import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';

export type CheckReceipt = paths['/api/v1/checks']['post']['responses']['201']['content']['application/json'];
export type CheckResult = CheckReceipt['payload']['results'][number];
export type CheckSubject =
  paths['/api/v1/checks']['post']['requestBody']['content']['application/json']['subjects'][number];
export type CheckVerification = GetResponse<'/api/v1/checks/{no}/verify'>;
export type Scenario = GetResponse<'/api/v1/scenarios'>[number];

export function useScenarios() {
  return useQuery({
    queryKey: ['scenarios'],
    queryFn: async () => unwrap(await api.GET('/api/v1/scenarios')),
    staleTime: 10 * 60_000,
  });
}

export function useMeasures() {
  return useQuery({
    queryKey: ['measures'],
    queryFn: async () => unwrap(await api.GET('/api/v1/measures')),
    staleTime: 10 * 60_000,
  });
}

export function useCheckStats(enabled: boolean) {
  return useQuery({
    queryKey: ['check-stats'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/checks/stats')),
  });
}

/** A platform admin confirms (or withdraws, with a reason) the legal basis of a measure; audited. */
export async function decideMeasureBasis(code: string, confirmed: boolean, note?: string): Promise<void> {
  unwrap(
    await api.PUT('/api/v1/measures/{code}/basis', {
      params: { path: { code } },
      body: note === undefined ? { confirmed } : { confirmed, note },
    }),
  );
}

export async function runCheck(scenario: string, subjects: CheckSubject[]): Promise<CheckReceipt> {
  return unwrap(await api.POST('/api/v1/checks', { body: { scenario, subjects } }));
}

export async function verifyCheck(no: string): Promise<CheckVerification> {
  return unwrap(await api.GET('/api/v1/checks/{no}/verify', { params: { path: { no } } }));
}

export interface FeedbackItem {
  index: number;
  measure: string;
  applied: boolean;
  outcome?: string;
  note?: string;
}

export async function sendFeedback(no: string, items: FeedbackItem[]): Promise<number> {
  return unwrap(await api.POST('/api/v1/checks/{no}/feedback', { params: { path: { no } }, body: { items } }))
    .recorded;
}

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/i;
const RIC = /^\d{17}[\dXx]$/;

/** One line of a bulk check: a USCC, a resident id number, or else a name. */
export function parseCheckLine(line: string): CheckSubject | null {
  const t = line.trim().replace(/^["']|["']$/g, '');
  if (t === '') return null;
  if (USCC.test(t)) return { uscc: t.toUpperCase() };
  if (RIC.test(t)) return { ric: t.toUpperCase() };
  return { name: t };
}

/** Lines of pasted text or a CSV/TXT file: the first cell of each row; a header row without a code is skipped. */
export function parseCheckList(text: string): CheckSubject[] {
  const out: CheckSubject[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const cell = raw.split(/[,\t，]/)[0] ?? '';
    if (/^(统一社会信用代码|名称|主体名称|代码|uscc|name)$/i.test(cell.trim())) continue;
    const s = parseCheckLine(cell);
    if (s !== null) out.push(s);
  }
  return out;
}

export const VERDICT_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  clear: { text: '未发现限制', color: 'green' },
  incentive: { text: '适用激励措施', color: 'cyan' },
  restricted: { text: '限制', color: 'orange' },
  prompt: { text: '提示（需人工核实法律依据）', color: 'gold' },
  barred: { text: '禁止', color: 'red' },
  ambiguous: { text: '名称匹配多个主体', color: 'gold' },
  not_found: { text: '未找到主体', color: 'default' },
  not_authorised: { text: '未获授权', color: 'default' },
};

export const EFFECT_LABELS: Readonly<Record<string, string>> = {
  bar: '禁止',
  restrict: '限制',
  incentive: '激励',
};
