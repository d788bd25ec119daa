import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, rawFetch, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';

/** Statutory deadlines in working days and whether the anonymous public may object (public). */
export type WorkflowSettings = GetResponse<'/api/v1/workflows/settings'>;

export function useWorkflowSettings() {
  return useQuery({
    queryKey: ['workflow-settings'],
    queryFn: async () => unwrap(await api.GET('/api/v1/workflows/settings')),
    staleTime: 10 * 60_000,
  });
}

/** An objection (异议) or repair (信用修复) application with its deadline and history. */
export type Application = GetResponse<'/api/v1/objections/{no}'>;
export type ApplicationKind = 'objection' | 'repair';
export type ObjectionInput =
  paths['/api/v1/objections']['post']['requestBody']['content']['application/json'];
export type RepairInput = paths['/api/v1/repairs']['post']['requestBody']['content']['application/json'];
export type Evidence = NonNullable<ObjectionInput['evidence']>[number];
export type ObjectionOutcome =
  paths['/api/v1/objections/{no}/decide']['post']['requestBody']['content']['application/json']['outcome'];

export async function fileObjection(input: ObjectionInput): Promise<Application> {
  return unwrap(await api.POST('/api/v1/objections', { body: input }));
}

export async function applyForRepair(input: RepairInput): Promise<Application> {
  return unwrap(await api.POST('/api/v1/repairs', { body: input }));
}

export async function getApplication(kind: ApplicationKind, no: string): Promise<Application> {
  return kind === 'objection'
    ? unwrap(await api.GET('/api/v1/objections/{no}', { params: { path: { no } } }))
    : unwrap(await api.GET('/api/v1/repairs/{no}', { params: { path: { no } } }));
}

/** Applications visible to the signed-in user (a provider's on its records, the centre's all, an applicant's own). */
export function useApplications(kind: ApplicationKind, enabled = true) {
  return useQuery({
    queryKey: ['applications', kind],
    enabled,
    queryFn: async () =>
      kind === 'objection'
        ? unwrap(await api.GET('/api/v1/objections', { params: { query: { limit: 200 } } }))
        : unwrap(await api.GET('/api/v1/repairs', { params: { query: { limit: 200 } } })),
  });
}

export async function decideObjection(
  no: string,
  outcome: ObjectionOutcome,
  reason: string,
): Promise<Application> {
  return unwrap(
    await api.POST('/api/v1/objections/{no}/decide', { params: { path: { no } }, body: { outcome, reason } }),
  );
}

export async function extendObjection(no: string, reason: string): Promise<Application> {
  return unwrap(
    await api.POST('/api/v1/objections/{no}/extend', { params: { path: { no } }, body: { reason } }),
  );
}

export async function acceptRepair(no: string): Promise<Application> {
  return unwrap(await api.POST('/api/v1/repairs/{no}/accept', { params: { path: { no } } }));
}

export async function decideRepair(no: string, approve: boolean, reason: string): Promise<Application> {
  return unwrap(
    await api.POST('/api/v1/repairs/{no}/decide', { params: { path: { no } }, body: { approve, reason } }),
  );
}

/** Uploads one evidence file (POST /api/v1/evidence, multipart) and answers its SM3 digest. */
export async function uploadEvidence(file: File): Promise<string> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await rawFetch('/api/v1/evidence', { method: 'POST', body: form });
  return ((await res.json()) as { digest: string }).digest;
}

export const OBJECTION_GROUNDS: readonly { value: ObjectionInput['grounds']; label: string }[] = [
  { value: 'error', label: '信息内容有误' },
  { value: 'omission', label: '信息有遗漏' },
  { value: 'should_not_publish', label: '不应公示' },
  { value: 'overdue_publication', label: '超过公示期限仍在公示' },
  { value: 'wrongly_listed', label: '不应列入名单' },
  { value: 'other', label: '其他' },
];

export const EVIDENCE_TYPES: readonly { value: Evidence['type']; label: string }[] = [
  { value: 'decision', label: '决定文书' },
  { value: 'payment', label: '缴款凭证' },
  { value: 'rectification', label: '整改材料' },
  { value: 'commitment', label: '信用承诺书' },
  { value: 'identity', label: '身份证明' },
  { value: 'other', label: '其他材料' },
];

export const APPLICATION_STATUS_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  submitted: { text: '已提交，待受理', color: 'processing' },
  returned: { text: '退回补正', color: 'warning' },
  accepted: { text: '已受理，办理中', color: 'processing' },
  extended: { text: '已延期，办理中', color: 'warning' },
  decided: { text: '已办结', color: 'success' },
  refused: { text: '不予受理', color: 'default' },
};

export const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  corrected: '异议成立，信息已更正',
  revoked: '异议成立，信息已撤销',
  removed: '异议成立，已移出名单',
  unchanged: '异议不成立，维持原信息',
  approved: '准予信用修复',
  repaired: '准予信用修复',
  rejected: '不予信用修复',
  ineligible: '不符合信用修复条件',
  incomplete: '材料不齐，未予受理',
};

export const SUBTYPE_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(OBJECTION_GROUNDS.map((g) => [g.value, g.label])),
  end_publicity: '终止公示行政处罚信息',
  list_removal: '移出严重失信主体名单',
  other_negative: '修复其他失信信息',
};

/** Statuses of an application still being handled. */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['submitted', 'returned', 'accepted', 'extended']);

export function statusOf(a: Pick<Application, 'status'>): { text: string; color: string } {
  return APPLICATION_STATUS_LABELS[a.status] ?? { text: a.status, color: 'default' };
}
