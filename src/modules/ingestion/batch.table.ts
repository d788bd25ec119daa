import type { Generated } from 'kysely';

export type BatchStatus = 'applying' | 'completed' | 'failed' | 'interrupted' | 'dry_run';

/** What a reader is told: `queued` (排队中) is an `applying` batch still waiting for an ingest slot. */
export type BatchViewStatus = BatchStatus | 'queued';

/** `batch`: one upload, push or form submission, with its counts and provenance. */
export interface BatchTable {
  id: Generated<number>;
  provider_id: number;
  item_code: string;
  item_version: number;
  source: 'file' | 'api' | 'form' | 'sample';
  /** Null once sealed (migration 0015): the uploaded file's name is in `file_name_cipher`. */
  file_name: string | null;
  file_name_cipher: string | null;
  /** SM3 of the submitted bytes. */
  file_digest: string | null;
  encoding: string | null;
  profile: string | null;
  status: BatchStatus;
  read_rows: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  warned: Generated<number>;
  /** Highest source row number whose outcome is committed (crash recovery and progress). */
  last_row: Generated<number>;
  /** JSON: milliseconds spent per stage (read+validate, resolve, apply, record) — where a slow batch spends time. */
  timings: string | null;
  message: string | null;
  created_by: string;
  /** `host:pid` of the process applying the batch; lets a later run tell a crashed batch from a running one. */
  owner: string;
  started_at: string;
  heartbeat_at: string;
  finished_at: string | null;
  /** When the batch began waiting for an ingest slot; null once it runs (migration 0013). */
  queued_at: Generated<string | null>;
}

/** `batch_issue`: one error or warning about one row (or the whole file when row is 0). */
export interface BatchIssueTable {
  id: Generated<number>;
  batch_id: number;
  row: number;
  field: string | null;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  /** The raw value as submitted, masked when it is personal information. */
  raw_value: string | null;
}

/** `mapping_profile`: saved header mapping for one provider's export format. */
export interface MappingProfileTable {
  id: Generated<number>;
  name: string;
  provider_code: string | null;
  item_code: string;
  /** JSON: { "columns": { "<source header>": "<field code>" , … }, "ignore": ["…"] } */
  mapping: string;
  origin: 'shipped' | 'custom';
  created_at: string;
  updated_at: string;
}
