import { api, downloadResponse, type GetResponse, rawFetch, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';

export type ReportRequest = paths['/api/v1/reports']['post']['requestBody']['content']['application/json'];
export type ReportIssued =
  paths['/api/v1/reports']['post']['responses']['201']['content']['application/json'];
export type ReportKind = ReportRequest['kind'];
export type ReportVerification = GetResponse<'/api/v1/reports/{no}/verify'>;

/** POST /api/v1/reports: issues (or reuses an identical) signed report; answers its number, code and PDF URL. */
export async function requestReport(input: ReportRequest): Promise<ReportIssued> {
  return unwrap(await api.POST('/api/v1/reports', { body: input }));
}

export async function downloadReport(issued: Pick<ReportIssued, 'pdfUrl' | 'reportNo'>): Promise<void> {
  await downloadResponse(await rawFetch(issued.pdfUrl), `信用报告-${issued.reportNo}.pdf`);
}

export async function verifyReport(no: string, code: string): Promise<ReportVerification> {
  return unwrap(await api.GET('/api/v1/reports/{no}/verify', { params: { path: { no }, query: { code } } }));
}

/** Report number and code from a scanned QR text: a verification URL (…/reports/verify?no=…&code=…) or "no code". */
export function parseVerificationText(text: string): { no: string; code: string } | null {
  try {
    const url = new URL(text);
    const no = url.searchParams.get('no');
    const code = url.searchParams.get('code');
    if (no !== null && code !== null) return { no, code };
  } catch {
    // not a URL
  }
  const m = /^\s*([A-Za-z0-9-]{6,40})[\s,;，；]+([A-Za-z0-9-]{4,40})\s*$/.exec(text);
  return m === null ? null : { no: m[1] ?? '', code: m[2] ?? '' };
}

export const VERIFY_STATUS_LABELS: Readonly<Record<string, string>> = {
  valid: '核验通过：报告真实有效',
  expired: '报告已过有效期',
  superseded: '报告内容已有更新',
  unknown: '未找到该报告',
  invalid: '报告内容与平台存档不一致',
};
