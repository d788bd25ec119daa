import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';

export type CollectionStats = GetResponse<'/api/v1/dashboard/collection'>;
export type QualityStats = GetResponse<'/api/v1/dashboard/quality'>;
export type ChecksStats = GetResponse<'/api/v1/dashboard/checks'>;
export type ApplicationsStats = GetResponse<'/api/v1/dashboard/applications'>;

export function useCollectionStats(days: number) {
  return useQuery({
    queryKey: ['dashboard', 'collection', days],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/dashboard/collection', { params: { query: { days } } })),
  });
}

export function useQualityStats(days: number) {
  return useQuery({
    queryKey: ['dashboard', 'quality', days],
    queryFn: async () => unwrap(await api.GET('/api/v1/dashboard/quality', { params: { query: { days } } })),
  });
}

export function useChecksStats(days: number) {
  return useQuery({
    queryKey: ['dashboard', 'checks', days],
    queryFn: async () => unwrap(await api.GET('/api/v1/dashboard/checks', { params: { query: { days } } })),
  });
}

/** Grade distribution of the current evaluation model (公共信用综合评价). */
export function useGradeDistribution() {
  return useQuery({
    queryKey: ['dashboard', 'grades'],
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/v1/evaluation/distribution')),
  });
}

/** Objections and repairs being handled: open, due soon, overdue (counted on the server in working days). */
export function useApplicationsStats() {
  return useQuery({
    queryKey: ['dashboard', 'applications'],
    queryFn: async () => unwrap(await api.GET('/api/v1/dashboard/applications')),
  });
}
