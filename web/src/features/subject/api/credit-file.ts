import { useQuery } from '@tanstack/react-query';
import { api, type GetResponse, unwrap } from '../../../lib/api';

export type CreditFile = GetResponse<'/api/v1/subjects/{subject}'>;
export type CreditRecord = CreditFile['groups'][number]['records'][number];
export type RecordField = CreditRecord['fields'][number];
export type RecordDetail = GetResponse<'/api/v1/records/{id}'>;

/** A subject's credit file as the current reader may see it (public, provider, subject … view). */
export function useCreditFile(subject: string) {
  return useQuery({
    queryKey: ['credit-file', subject],
    enabled: subject !== '',
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/subjects/{subject}', { params: { path: { subject } } })),
  });
}

/** One record with the explanation of its publicity window and its version history. */
export function useRecordDetail(id: number | null) {
  return useQuery({
    queryKey: ['record', id],
    enabled: id !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/records/{id}', { params: { path: { id: id ?? 0 } } })),
  });
}

/** Shown text of a field (the API's formatted text, else the raw value). */
export function fieldText(f: RecordField): string | null {
  if (f.text !== null && f.text !== '') return f.text;
  if (f.value === null || f.value === '') return null;
  if (typeof f.value === 'boolean') return f.value ? '是' : '否';
  return f.value;
}
