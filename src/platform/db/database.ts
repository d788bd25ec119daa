import type { Kysely, Transaction } from 'kysely';
import type { AuditEventTable, AuditHeadTable } from '../../modules/audit/audit.table.js';
import type { CatalogItemTable } from '../../modules/catalog/catalog.table.js';
import type {
  BatchIssueTable,
  BatchTable,
  MappingProfileTable,
} from '../../modules/ingestion/batch.table.js';
import type { ProviderTable } from '../../modules/providers/provider.table.js';
import type { RecordTable } from '../../modules/records/record.table.js';
import type { SubjectTable } from '../../modules/subjects/subject.table.js';
import type { PlatformTables } from './platform.table.js';

/**
 * Every table the application reads or writes, one interface per owning module.
 * Modules add their `*.table.ts` interface here; nothing else lives in this file.
 */
export interface Database extends PlatformTables {
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  catalog_item: CatalogItemTable;
  provider: ProviderTable;
  subject: SubjectTable;
  mapping_profile: MappingProfileTable;
  batch: BatchTable;
  batch_issue: BatchIssueTable;
  record: RecordTable;
}

/** A database handle (pool or single connection). */
export type Db = Kysely<Database>;
/** A handle inside an open transaction: functions that must run atomically take this. */
export type Tx = Transaction<Database>;
/** Either; for read functions that work inside or outside a transaction. */
export type Queryable = Kysely<Database>;
