import type { Kysely, Transaction } from 'kysely';
import type { PlatformTables } from './platform.table.js';

/**
 * Every table the application reads or writes, one interface per owning module.
 * Modules add their `*.table.ts` interface here; nothing else lives in this file.
 */
export interface Database extends PlatformTables {}

/** A database handle (pool or single connection). */
export type Db = Kysely<Database>;
/** A handle inside an open transaction: functions that must run atomically take this. */
export type Tx = Transaction<Database>;
/** Either; for read functions that work inside or outside a transaction. */
export type Queryable = Kysely<Database>;
