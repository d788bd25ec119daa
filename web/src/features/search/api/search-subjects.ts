import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';

export type SearchResult = GetResponse<'/api/v1/subjects'>;
export type SubjectHit = SearchResult['items'][number];

export const PAGE_SIZE = 20;

/** Subjects by name, USCC, registration number or organisation code; one page of PAGE_SIZE. */
export function useSubjectSearch(q: string, page: number) {
  return useQuery({
    queryKey: ['subject-search', q, page],
    enabled: q.trim() !== '',
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/subjects', {
          params: { query: { q: q.trim(), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
        }),
      ),
  });
}
