import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';

export type FeedEntry = GetResponse<'/api/v1/publicity/latest'>[number];
export type FeedItem = 'XZXK' | 'XZCF' | 'RED_LIST' | 'SERIOUS_LIST';

/** The newest records of one item in the public view (home page columns). */
export function useLatestPublicity(item: FeedItem, limit = 8) {
  return useQuery({
    queryKey: ['publicity-latest', item, limit],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/publicity/latest', { params: { query: { item, limit } } })),
  });
}
