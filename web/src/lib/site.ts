import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, type GetResponse, unwrap } from './api';

export type PortalOverview = GetResponse<'/api/v1/dashboard/overview'>;

/** Shown until the server answers (and if it cannot): the reference deployment's names. */
export const DEFAULT_SITE = { siteName: '信用陕西', platformName: '公共信用信息服务平台' } as const;

/** The deployment's portal name (from XINYONG_REGION) and the public headline figures. */
export function usePortalOverview() {
  return useQuery({
    queryKey: ['portal-overview'],
    queryFn: async () => unwrap(await api.GET('/api/v1/dashboard/overview')),
    staleTime: 5 * 60_000,
  });
}

export function useSiteName(): { siteName: string; platformName: string } {
  const { data } = usePortalOverview();
  return data === undefined ? DEFAULT_SITE : { siteName: data.siteName, platformName: data.platformName };
}

/** Sets the document title: `页面 - 信用陕西`. */
export function usePageTitle(title: string | undefined): void {
  const { siteName, platformName } = useSiteName();
  useEffect(() => {
    document.title =
      title === undefined || title === '' ? `${siteName} · ${platformName}` : `${title} - ${siteName}`;
  }, [title, siteName, platformName]);
}
