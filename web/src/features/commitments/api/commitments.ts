import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';
import type { paths } from '../../../lib/api-types';
import { type CreditRecord, fieldText } from '../../subject/api/credit-file';

export type CommitmentInput =
  paths['/api/v1/commitments']['post']['requestBody']['content']['application/json'];
export type FulfilmentInput =
  paths['/api/v1/commitments/{recordId}/fulfilment']['post']['requestBody']['content']['application/json'];

/** A credit commitment (信用承诺), recorded as a CREDIT_COMMITMENT record through the collection pipeline. */
export async function makeCommitment(input: CommitmentInput): Promise<{ recordId: number; number: string }> {
  return unwrap(await api.POST('/api/v1/commitments', { body: input }));
}

/** The accepting unit records 践诺 or 违诺 (a breach creates a COMMITMENT_BREACH record). */
export async function recordFulfilment(
  recordId: number,
  input: FulfilmentInput,
): Promise<{ recordId: number; breachRecordId: number | null }> {
  return unwrap(
    await api.POST('/api/v1/commitments/{recordId}/fulfilment', {
      params: { path: { recordId } },
      body: input,
    }),
  );
}

/** A subject's commitment records as the reader may see them (GET /subjects/{subject}/records?item=…). */
export function useCommitmentRecords(subject: string) {
  return useQuery({
    queryKey: ['commitments', subject],
    enabled: subject !== '',
    retry: false,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/subjects/{subject}/records', {
          params: { path: { subject }, query: { item: 'CREDIT_COMMITMENT' } },
        }),
      ),
  });
}

/** The text of one field of a record by its national code, or null. */
export function fieldOf(r: CreditRecord, code: string): string | null {
  const f = r.fields.find((x) => x.code === code);
  return f === undefined ? null : fieldText(f);
}

/** Colour of a 承诺履约状态 (CN_LYZT) by its text: 履约中, 已践诺, 违诺. */
export function fulfilmentColor(text: string | null): string {
  if (text === null) return 'default';
  if (/违诺/.test(text)) return 'red';
  if (/践诺/.test(text)) return 'green';
  return 'processing';
}
