import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  ApiError,
  api,
  downloadResponse,
  type GetResponse,
  getCsrfToken,
  type Problem,
  rawFetch,
  unwrap,
} from '../../../lib/api';

export type Batch = GetResponse<'/api/v1/batches/{id}'>;
export type BatchIssue = GetResponse<'/api/v1/batches/{id}/issues'>[number];

/** One batch; polled every second while it is being applied (live progress counts). */
export function useBatch(id: number) {
  return useQuery({
    queryKey: ['batch', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/batches/{id}', { params: { path: { id } } })),
    refetchInterval: (q) =>
      q.state.data?.status === 'applying' || q.state.data?.status === 'queued' ? 1000 : false,
  });
}

export function useBatches(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['batches', page, pageSize],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/batches', {
          params: { query: { limit: pageSize + 1, offset: (page - 1) * pageSize } },
        }),
      ),
  });
}

export interface IssueFilter {
  readonly severity?: 'error' | 'warning';
  readonly code?: string;
}

export function useBatchIssues(
  id: number,
  filter: IssueFilter,
  page: number,
  pageSize: number,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['batch-issues', id, filter, page, pageSize],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/batches/{id}/issues', {
          params: {
            path: { id },
            query: { ...filter, limit: pageSize, offset: (page - 1) * pageSize },
          },
        }),
      ),
  });
}

export async function downloadIssuesCsv(id: number): Promise<void> {
  await downloadResponse(await rawFetch(`/api/v1/batches/${id}/issues.csv`), `batch-${id}-issues.csv`);
}

export interface UploadInput {
  readonly file: File;
  readonly item: string;
  /** Absent for a provider's own staff: the server takes the account's provider. */
  readonly provider?: string;
  readonly profile?: string;
  readonly dryRun: boolean;
}

/**
 * POST /api/v1/batches as multipart (XMLHttpRequest, for upload progress). The server answers 202 with the batch
 * id as soon as the batch exists; the batch page then polls its counts.
 */
export function uploadBatch(
  input: UploadInput,
  onProgress: (share: number) => void,
): Promise<{ batchId: number }> {
  const form = new FormData();
  form.append('item', input.item);
  if (input.provider !== undefined) form.append('provider', input.provider);
  if (input.profile !== undefined && input.profile !== '') form.append('profile', input.profile);
  form.append('dryRun', input.dryRun ? 'true' : 'false');
  form.append('file', input.file, input.file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/batches');
    const token = getCsrfToken();
    if (token !== null) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onload = () => {
      let body: unknown = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const b = body as { batchId?: number; id?: number };
        resolve({ batchId: b.batchId ?? b.id ?? 0 });
      } else reject(new ApiError(xhr.status, body as Problem));
    };
    xhr.send(form);
  });
}

/** Chinese names of the row issue codes (catalog validation, subject resolution, ingestion). */
export const ISSUE_CODE_LABELS: Readonly<Record<string, string>> = {
  required: '必填项为空',
  too_long: '内容超长',
  invalid_date: '日期格式错误',
  invalid_decimal: '数值格式错误',
  invalid_integer: '整数格式错误',
  invalid_boolean: '是/否取值错误',
  invalid_enum: '代码值不在允许范围',
  invalid_region: '行政区划代码错误',
  unknown_region: '未知行政区划代码',
  region_abolished_before_birth: '行政区划代码已撤销',
  future_date: '日期晚于当前日期',
  date_order: '日期先后顺序错误',
  period_order: '起止日期顺序错误',
  kind_code_mismatch: '主体类别与代码不符',
  kind_not_allowed: '该信息项不适用此类主体',
  masked_code: '代码被脱敏或截断',
  nonstandard_check_character: '校验码不规范',
  reg_no_check_failed: '注册号校验不通过',
  uscc_legacy_pilot: '试点期旧版代码',
  subject_without_code: '主体缺少代码',
  subject_unidentified: '无法识别信用主体',
  ambiguous_subject: '主体匹配不唯一',
  matched_by_name: '按名称匹配主体',
  name_differs: '名称与登记不一致',
  unresolved: '主体未能识别',
  missing_column: '缺少必需的列',
  unknown_column: '无法识别的列',
  duplicate_column: '列名重复',
  column_count: '列数不一致',
  not_an_object: '数据格式错误',
  fine_without_type: '有罚款金额但处罚类别无罚款',
  amount_unit_suspect: '金额单位疑似错误（应为万元）',
  unit_converted: '金额单位已换算',
  precision_lost: '数值精度损失',
  integer_code: '代码被存为数字',
  late_submission: '超过 7 个工作日报送',
  unknown_authority: '未知的决定机关',
  unknown_category: '未知的类别',
  key_change: '业务主键变化',
};

export function issueCodeLabel(code: string): string {
  return ISSUE_CODE_LABELS[code] ?? code;
}
