import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';

/** A header mapping profile (表头映射方案): a department's export layout mapped onto one catalog item. */
export type MappingProfile = GetResponse<'/api/v1/profiles/{name}'>;
export type ProfileBody =
  paths['/api/v1/profiles/{name}']['put']['requestBody']['content']['application/json'];
export type ColumnTransform = NonNullable<ProfileBody['transforms']>[string];

export const PROFILES_KEY = ['profiles'] as const;

/** Profiles the signed-in user may use: a provider's own and the shared ones; all for the credit centre. */
export function useProfiles(enabled = true) {
  return useQuery({
    queryKey: PROFILES_KEY,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/profiles')),
  });
}

export async function saveProfile(name: string, body: ProfileBody): Promise<MappingProfile> {
  return unwrap(await api.PUT('/api/v1/profiles/{name}', { params: { path: { name } }, body }));
}

export const TRANSFORM_LABELS: Readonly<Record<ColumnTransform, string>> = {
  yuan_to_wan: '金额：元 → 万元',
  integer_code: '代码：去掉表格软件添加的“.0”',
  first6: '取前 6 位（如乡镇代码 → 区县代码）',
};
