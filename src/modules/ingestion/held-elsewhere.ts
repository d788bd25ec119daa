import type { ValidatedRow } from '../catalog/values/validate-row.js';
import type { HeldRecord } from '../records/record.service.js';
import { businessKeyPart } from './build-draft.js';

function documentKey(value: unknown): string | null {
  return typeof value === 'string' ? businessKeyPart(value) : null;
}

/**
 * The record of another provider holding the same decision as row `v` (same item, document number and deciding
 * authority code, about the same subject), unless this provider already holds the row's own chain — a correction
 * of a record it reported before is never refused.
 */
export function heldElsewhere(
  v: ValidatedRow,
  businessKey: string,
  held: readonly HeldRecord[],
  providerId: number,
  identity: { readonly documentField: string; readonly authorityField: string },
): HeldRecord | undefined {
  const document = documentKey(v.values[identity.documentField]);
  const authority = v.values[identity.authorityField];
  if (document === null || typeof authority !== 'string' || held.length === 0) return undefined;
  if (held.some((h) => h.providerId === providerId && h.businessKey === businessKey)) return undefined;
  return held.find(
    (h) =>
      h.providerId !== providerId &&
      documentKey(h.fields[identity.documentField]) === document &&
      typeof h.fields[identity.authorityField] === 'string' &&
      (h.fields[identity.authorityField] as string).toUpperCase() === authority.toUpperCase(),
  );
}
