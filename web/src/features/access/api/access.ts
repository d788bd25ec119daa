import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';

export type User = GetResponse<'/api/v1/users'>[number];
export type ApiClient = GetResponse<'/api/v1/clients'>[number];
export type AccessLogEntry = GetResponse<'/api/v1/access-log'>[number];
export type Binding = GetResponse<'/api/v1/subject-bindings'>[number];
export type Authorisation = GetResponse<'/api/v1/authorisations'>[number];

export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    queryFn: async () => unwrap(await api.GET('/api/v1/users', { params: { query: { limit: 500 } } })),
  });
}

export function useClients() {
  return useQuery({
    queryKey: ['clients'],
    queryFn: async () => unwrap(await api.GET('/api/v1/clients', { params: { query: { limit: 500 } } })),
  });
}

export function useAccessLog(subjectId: number | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['access-log', subjectId, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/access-log', {
          params: {
            query: {
              ...(subjectId === undefined ? {} : { subjectId }),
              limit: pageSize + 1,
              offset: (page - 1) * pageSize,
            },
          },
        }),
      ),
  });
}

export function useBindings() {
  return useQuery({
    queryKey: ['bindings'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/subject-bindings', { params: { query: { limit: 500 } } })),
  });
}

export function useAuthorisations() {
  return useQuery({
    queryKey: ['authorisations'],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/authorisations', { params: { query: { limit: 500 } } })),
  });
}

export const BINDING_STATUS_LABELS: Readonly<Record<string, { text: string; color: string }>> = {
  pending: { text: '待审核', color: 'processing' },
  approved: { text: '已绑定', color: 'success' },
  rejected: { text: '已驳回', color: 'error' },
  revoked: { text: '已解除', color: 'default' },
};
