import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';

/** A provider (信息提供单位) with its sector name and the catalog items it may report. */
export type Provider = GetResponse<'/api/v1/providers'>[number];
export type ProviderInput =
  paths['/api/v1/providers/{code}']['put']['requestBody']['content']['application/json'];

export const PROVIDERS_KEY = ['providers'] as const;

/** The published list of providers (public). */
export function useProviders() {
  return useQuery({
    queryKey: PROVIDERS_KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/providers')),
    staleTime: 5 * 60_000,
  });
}

/** Adds or changes a provider (credit centre, PUT /api/v1/providers/{code}). */
export async function saveProvider(code: string, body: ProviderInput): Promise<Provider> {
  return unwrap(await api.PUT('/api/v1/providers/{code}', { params: { path: { code } }, body }));
}

/** Provider id → name, for scopes that carry only the id. */
export function providerNames(list: readonly Provider[] | undefined): Map<number, string> {
  return new Map((list ?? []).map((p) => [p.id, p.name]));
}
