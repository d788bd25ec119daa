import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type SqliteStatement,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import type { Database, Db } from './database.js';

export interface CreateDatabaseOptions {
  /** PostgreSQL only: the schema to use as `search_path` (tests use a fresh schema per file). */
  readonly pgSchema?: string;
}

/**
 * Opens a Kysely handle for the configured engine.
 * SQLite: one better-sqlite3 connection in WAL mode with foreign keys on and a busy timeout, so another
 * process (a CLI ingest next to the server) waits instead of failing; transactions start as writers (see
 * {@link WriterFirstSqliteDriver}). PostgreSQL: a pg pool whose type
 * parsers follow docs/adr/0003-portable-types.md (bigint ids as numbers, numerics as strings, instants as ISO
 * strings).
 */
export function createDatabase(config: DatabaseConfig, options: CreateDatabaseOptions = {}): Db {
  if (config.engine === 'sqlite') {
    if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
    return new Kysely<Database>({
      dialect: new WriterFirstSqliteDialect({
        database: () => Promise.resolve(withStatementCache(openSqlite(config.file))),
      }),
    });
  }
  const pool = new pg.Pool({
    ...pgConnection(config.url),
    max: config.poolMax,
    ...(options.pgSchema === undefined ? {} : { options: `-c search_path=${quoteIdent(options.pgSchema)}` }),
    types: { getTypeParser: pgTypeParser },
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Connection settings for a postgres:// URL. Like libpq, a URL without a user name connects as PGUSER or the
 * operating-system user (pg itself would send no user at all when USER is unset, e.g. in CI containers).
 */
export function pgConnection(url: string): { connectionString: string } {
  const parsed = new URL(url);
  if (parsed.username !== '') return { connectionString: url };
  parsed.username = encodeURIComponent(process.env.PGUSER || process.env.USER || os.userInfo().username);
  return { connectionString: parsed.toString() };
}

/**
 * How long one SQLite statement outside a transaction waits for another connection's write lock. better-sqlite3
 * waits synchronously, so the process does nothing else meanwhile; transactions wait asynchronously instead
 * ({@link WriterFirstSqliteDriver}, transaction.ts).
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * Starts every SQLite transaction as a writer (`BEGIN IMMEDIATE`) unless it is declared read only. A deferred
 * transaction that reads first and writes later cannot wait for the write lock: SQLite answers SQLITE_BUSY at once
 * when it tries to upgrade while another connection writes (or has written since its snapshot), which under steady
 * write traffic from another process failed every retry. `BEGIN IMMEDIATE` takes the write lock before anything is
 * read. It is tried without the busy timeout, so a busy database rejects it at once and `inTransaction` waits
 * asynchronously (the event loop keeps serving reads) and tries again, within a bounded time.
 */
class WriterFirstSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    if (settings?.accessMode === 'read only') {
      await connection.executeQuery(CompiledQuery.raw('begin'));
      return;
    }
    await connection.executeQuery(CompiledQuery.raw('pragma busy_timeout = 0'));
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } finally {
      await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`));
    }
  }
}

class WriterFirstSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new WriterFirstSqliteDriver(this.#config);
  }
}

/**
 * Opens and configures one better-sqlite3 connection. A new database file is created mode 0600 first (SQLite gives
 * its -wal and -shm files the database file's mode): it holds personal data, readable by the service account only.
 */
export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:' && !fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  conn.pragma('cache_size = -65536');
  conn.pragma('temp_store = MEMORY');
  // checkpoint every 64 MiB of WAL rather than every 4 MiB: a chunk of an ingest writes several MiB, and pages
  // changed again before the checkpoint are copied into the database once (about 15% of ingest time)
  conn.pragma('wal_autocheckpoint = 16384');
  return conn;
}

const STATEMENT_CACHE_SIZE = 512;
/** Statements longer than this (multi-row inserts, long IN lists) are kept in a cache of their own… */
const LARGE_STATEMENT = 4096;
/** …of this many, because each holds a program that grows with its parameters. */
const LARGE_CACHE_SIZE = 64;

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running a small insert, so
 * keep the most recently used statements (keyed by SQL text) ready, in two LRU caches: short statements, and a
 * smaller one for long statements, whose prepared programs take memory in proportion to their parameters (long IN
 * lists differ in length from call to call, and would otherwise fill the cache with programs used once). Safe
 * because one connection serves one query at a time.
 */
function withStatementCache(conn: SQLite.Database): SqliteDatabase {
  const small = new Map<string, SqliteStatement>();
  const large = new Map<string, SqliteStatement>();
  return {
    close: () => conn.close(),
    prepare(sqlText: string): SqliteStatement {
      const cache = sqlText.length > LARGE_STATEMENT ? large : small;
      const limit = cache === large ? LARGE_CACHE_SIZE : STATEMENT_CACHE_SIZE;
      const hit = cache.get(sqlText);
      if (hit !== undefined) {
        cache.delete(sqlText);
        cache.set(sqlText, hit);
        return hit;
      }
      const stmt = conn.prepare(sqlText);
      cache.set(sqlText, stmt);
      if (cache.size > limit) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return stmt;
    },
  };
}

const OID = { INT8: 20, TIMESTAMPTZ: 1184, TIMESTAMP: 1114, DATE: 1082 } as const;

function pgTypeParser(oid: number, format?: string): (value: string) => unknown {
  switch (oid) {
    case OID.INT8:
      return parseSafeInteger;
    case OID.TIMESTAMPTZ:
    case OID.TIMESTAMP:
      return (value: string) =>
        new Date(value.includes('+') || value.endsWith('Z') ? value : `${value}Z`).toISOString();
    case OID.DATE:
      return (value: string) => value;
    default:
      return pg.types.getTypeParser(oid, format === 'binary' ? 'binary' : 'text') as (
        value: string,
      ) => unknown;
  }
}

function parseSafeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return n;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe schema name ${name}`);
  return name;
}
