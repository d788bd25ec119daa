import { api, unwrap } from '../../../lib/api';

export type FieldValue = string | number | boolean | null;

/** PATCH /api/v1/records/{id}: a correction (更正) creating a new version; `fields` holds only changed fields. */
export async function correctRecord(id: number, fields: Record<string, FieldValue>, reason: string) {
  return unwrap(
    await api.PATCH('/api/v1/records/{id}', { params: { path: { id } }, body: { fields, reason } }),
  );
}

/** POST /api/v1/records/{id}/revoke: revocation (撤销) with the reason. */
export async function revokeRecord(id: number, reason: string) {
  return unwrap(
    await api.POST('/api/v1/records/{id}/revoke', { params: { path: { id } }, body: { reason } }),
  );
}
