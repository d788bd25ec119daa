import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';

/** A stored version of an evaluation model (公共信用综合评价模型) with its definition. */
export type EvaluationModel = GetResponse<'/api/v1/evaluation/models/{id}'>;
export type ModelDefinition = EvaluationModel['definition'];
export type Indicator = ModelDefinition['indicators'][number];
export type GradeDistribution = GetResponse<'/api/v1/evaluation/distribution'>;
export type EvaluationRun = GetResponse<'/api/v1/evaluation/runs'>[number];
/** A subject's grade with its explanation: score = base + Σ contributions. */
export type SubjectGrade = GetResponse<'/api/v1/evaluation/subjects/{subject}'>;
export type Contribution = SubjectGrade['contributions'][number];
export type GradeHistory = GetResponse<'/api/v1/evaluation/subjects/{subject}/history'>;
export type CreateModelBody =
  paths['/api/v1/evaluation/models']['post']['requestBody']['content']['application/json'];

export const MODELS_KEY = ['evaluation', 'models'] as const;

/** Published model versions (public: the methodology). */
export function useModels() {
  return useQuery({
    queryKey: MODELS_KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/evaluation/models')),
    staleTime: 5 * 60_000,
  });
}

export function useModel(id: number | null) {
  return useQuery({
    queryKey: [...MODELS_KEY, id],
    enabled: id !== null,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/evaluation/models/{id}', { params: { path: { id: id ?? 0 } } })),
  });
}

/** Current grades counted per grade, optionally for one model and region prefix (regulators, credit centre). */
export function useDistribution(model: string | undefined, region: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['evaluation', 'distribution', model ?? '', region ?? ''],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/evaluation/distribution', {
          params: {
            query: {
              ...(model === undefined || model === '' ? {} : { model }),
              ...(region === undefined || region === '' ? {} : { region }),
            },
          },
        }),
      ),
  });
}

export function useRuns(modelId: number | undefined, enabled = true) {
  return useQuery({
    queryKey: ['evaluation', 'runs', modelId ?? 0],
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/evaluation/runs', {
          params: { query: { limit: 100, ...(modelId === undefined ? {} : { modelId }) } },
        }),
      ),
  });
}

export const NO_RESULT_YET =
  '该主体尚无评价结果。注销、吊销等状态的主体不参与评价；新纳入的主体在下一次评价后生成结果。';

/** A subject's current grade and why (the subject itself, regulators, the credit centre; logged). */
export function useSubjectGrade(subject: string, enabled = true, model?: string) {
  return useQuery({
    queryKey: ['evaluation', 'grade', subject, model ?? ''],
    enabled: enabled && subject !== '',
    retry: false,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/evaluation/subjects/{subject}', {
          params: { path: { subject }, query: model === undefined ? {} : { model } },
        }),
      ),
  });
}

export function useGradeHistory(subject: string, enabled = true, model?: string) {
  return useQuery({
    queryKey: ['evaluation', 'history', subject, model ?? ''],
    enabled: enabled && subject !== '',
    retry: false,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/evaluation/subjects/{subject}/history', {
          params: { path: { subject }, query: { limit: 20, ...(model === undefined ? {} : { model }) } },
        }),
      ),
  });
}

export async function createModelVersion(body: CreateModelBody): Promise<EvaluationModel> {
  return unwrap(await api.POST('/api/v1/evaluation/models', { body }));
}

export const RUN_STATUS_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  running: { text: '评价中', color: 'processing' },
  completed: { text: '已完成', color: 'success' },
  failed: { text: '失败', color: 'error' },
};

export const RUN_KIND_LABELS: Readonly<Record<string, string>> = {
  full: '全量评价',
  changed: '增量评价（记录变化的主体）',
};

/** Colours of grade bands from best to worst (the list is cut to the model's band count). */
export const GRADE_COLORS = ['#2f8f3a', '#0f4c97', '#5b8ff9', '#d48806', '#c8251e', '#7a1f1a'] as const;

export function gradeColor(index: number, count: number): string {
  if (count <= 1) return GRADE_COLORS[1];
  const last = GRADE_COLORS.length - 1;
  const at = Math.round((index / (count - 1)) * last);
  return GRADE_COLORS[Math.min(last, Math.max(0, at))] ?? GRADE_COLORS[1];
}

/** Points as shown: a leading + for additions (e.g. +5.00, -20.00). */
export function signedPoints(points: string): string {
  return points.startsWith('-') || points.startsWith('+') ? points : `+${points}`;
}
