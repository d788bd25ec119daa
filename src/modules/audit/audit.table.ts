import type { Generated } from 'kysely';

/**
 * `audit_event`: append-only, SM3 hash-chained log of state changes. `hash = SM3(prev_hash ‖ canonical event)`;
 * `audit_head` holds the last sequence number and hash so appends serialise on one row.
 */
export interface AuditEventTable {
  id: Generated<number>;
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  /** Canonical JSON payload. */
  payload: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}
