import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';

export type Watch = GetResponse<'/api/v1/watches'>[number];
export type Notification = GetResponse<'/api/v1/notifications'>[number];
/** A registered push address (webhook) with its delivery counts. */
export type Webhook = GetResponse<'/api/v1/webhooks'>[number];

/** Subjects the signed-in user follows (关注). */
export function useWatches(enabled: boolean) {
  return useQuery({
    queryKey: ['watches'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/watches')),
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/notifications', { params: { query: { limit: 100 } } })),
  });
}

export async function watchSubject(subject: string): Promise<void> {
  unwrap(await api.PUT('/api/v1/watches/{subject}', { params: { path: { subject } } }));
}

export async function unwatchSubject(subject: string): Promise<void> {
  const res = await api.DELETE('/api/v1/watches/{subject}', { params: { path: { subject } } });
  unwrap(res);
}

export function useWebhooks(enabled: boolean) {
  return useQuery({
    queryKey: ['webhooks'],
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/webhooks')),
  });
}

/** Registers a webhook; each notification is POSTed to `url`, signed with HMAC-SM3 under `secret`. */
export async function registerWebhook(url: string, secret: string): Promise<number> {
  return unwrap(await api.POST('/api/v1/webhooks', { body: { url, secret } })).id;
}

export async function disableWebhook(id: number): Promise<void> {
  unwrap(await api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } }));
}

export const NOTIFICATION_KIND_LABELS: Readonly<Record<string, string>> = {
  record_added: '新增信用记录',
  record_changed: '信用记录变更',
  record_revoked: '信用记录撤销',
  record_repaired: '完成信用修复',
  list_added: '列入名单',
  list_removed: '移出名单',
  publicity_ended: '公示期满',
};
