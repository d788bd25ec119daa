import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';

/** A random-inspection plan (双随机抽查计划) with its frozen definition and per-stratum probabilities. */
export type InspectionPlan = GetResponse<'/api/v1/inspections/plans/{id}'>;
export type PlanInput =
  paths['/api/v1/inspections/plans']['post']['requestBody']['content']['application/json'];
export type DrawSummary = GetResponse<'/api/v1/inspections/draws'>[number];
/** A published draw: the public view (masked inspectors) or, for regulators and the centre, the full view. */
export type DrawView = GetResponse<'/api/v1/inspections/plans/{id}/draws/{drawId}'>;
export type DrawItem = DrawView['items'][number];
export type DrawStats = GetResponse<'/api/v1/inspections/plans/{id}/draws/{drawId}/stats'>;
export type Population = GetResponse<'/api/v1/inspections/plans/{id}/draws/{drawId}/population'>;
export type Verification = GetResponse<'/api/v1/inspections/plans/{id}/draws/{drawId}/verify'>;

export const PLANS_KEY = ['inspections', 'plans'] as const;

export function usePlans() {
  return useQuery({
    queryKey: PLANS_KEY,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/inspections/plans', { params: { query: { limit: 500 } } })),
  });
}

export function usePlan(id: number) {
  return useQuery({
    queryKey: [...PLANS_KEY, id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/inspections/plans/{id}', { params: { path: { id } } })),
  });
}

/** Published draws (public), newest first; one plan's when `planId` is given. */
export function useDraws(planId: number | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['inspections', 'draws', planId ?? 0, page, pageSize],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/inspections/draws', {
          params: {
            query: {
              ...(planId === undefined ? {} : { planId }),
              limit: pageSize + 1,
              offset: (page - 1) * pageSize,
            },
          },
        }),
      ),
  });
}

export function useDraw(planId: number, drawId: number) {
  return useQuery({
    queryKey: ['inspections', 'draw', planId, drawId],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/inspections/plans/{id}/draws/{drawId}', {
          params: { path: { id: planId, drawId } },
        }),
      ),
  });
}

export function useDrawStats(planId: number, drawId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['inspections', 'draw-stats', planId, drawId],
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/inspections/plans/{id}/draws/{drawId}/stats', {
          params: { path: { id: planId, drawId } },
        }),
      ),
  });
}

export function usePopulation(planId: number, drawId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['inspections', 'population', planId, drawId],
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/inspections/plans/{id}/draws/{drawId}/population', {
          params: { path: { id: planId, drawId } },
        }),
      ),
  });
}

export async function createPlan(body: PlanInput): Promise<InspectionPlan> {
  return unwrap(await api.POST('/api/v1/inspections/plans', { body }));
}

export async function performDraw(planId: number, date: string, publicInput: string): Promise<DrawView> {
  return unwrap(
    await api.POST('/api/v1/inspections/plans/{id}/draws', {
      params: { path: { id: planId } },
      body: { date, publicInput },
    }),
  );
}

/** Re-runs the draw from its published inputs on the server and compares (anyone may). */
export async function verifyDraw(planId: number, drawId: number): Promise<Verification> {
  return unwrap(
    await api.GET('/api/v1/inspections/plans/{id}/draws/{drawId}/verify', {
      params: { path: { id: planId, drawId } },
    }),
  );
}

export const RESULT_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  no_issue: { text: '未发现问题', color: 'green' },
  rectify: { text: '责令整改', color: 'orange' },
  case_opened: { text: '立案查处', color: 'red' },
  not_found: { text: '查无下落', color: 'default' },
  pending: { text: '待检查', color: 'processing' },
};

/** The stratum of a subject: a grade code of the plan's model, or `unrated`. */
export function stratumLabel(stratum: string): string {
  return stratum === 'unrated' ? '未评价' : stratum === 'all' ? '全部' : `${stratum} 级`;
}

/** Names of verification checks (supervision/inspection-draw.service.ts verifyDraw). */
export const VERIFY_CHECK_LABELS: Readonly<Record<string, string>> = {
  'plan digest': '抽查计划摘要（由计划定义重新计算）',
  seed: '随机种子（由计划摘要、抽取日期和公开随机数重新计算）',
  'population digest': '检查对象名录摘要',
  'selection and inspectors': '按公开算法重新抽取的检查对象与检查人员',
};

export type ResultInput =
  paths['/api/v1/inspections/plans/{id}/draws/{drawId}/results']['post']['requestBody']['content']['application/json']['results'][number];
export type ResultsOutcome =
  paths['/api/v1/inspections/plans/{id}/draws/{drawId}/results']['post']['responses'][200]['content']['application/json'];

/** Enters inspection results as 行政检查 records (regulators and the credit centre). */
export async function recordResults(
  planId: number,
  drawId: number,
  results: ResultInput[],
): Promise<ResultsOutcome> {
  return unwrap(
    await api.POST('/api/v1/inspections/plans/{id}/draws/{drawId}/results', {
      params: { path: { id: planId, drawId } },
      body: { results },
    }),
  );
}
