import type { Generated } from 'kysely';

/** `app_meta`: small key/value facts about this installation (e.g. when sample data was loaded). */
export interface AppMetaTable {
  key: string;
  value: string;
  updated_at: string;
}

/** `job_run`: one row per scheduled-job execution; the lease column keeps two instances from running one job. */
export interface JobRunTable {
  id: Generated<number>;
  job: string;
  /** Instant the run started (UTC ISO-8601). */
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'succeeded' | 'failed';
  /** JSON summary written by the job (counts, errors). */
  summary: string | null;
}

/** `job_lease`: at most one holder per job name; taken with a conditional update. */
export interface JobLeaseTable {
  job: string;
  holder: string | null;
  expires_at: string | null;
}

export interface PlatformTables {
  app_meta: AppMetaTable;
  job_run: JobRunTable;
  job_lease: JobLeaseTable;
}
