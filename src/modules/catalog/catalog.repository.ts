import type { Queryable, Tx } from '../../platform/db/database.js';
import type { CatalogItemSpec } from './catalog.types.js';

/** A stored version of a catalog item. */
export interface CatalogItemVersion {
  readonly id: number;
  readonly code: string;
  readonly version: number;
  readonly origin: 'national' | 'local';
  readonly status: 'active' | 'retired';
  readonly spec: CatalogItemSpec;
  readonly specDigest: string;
  readonly createdAt: string;
}

type Row = {
  id: number;
  code: string;
  version: number;
  origin: 'national' | 'local';
  status: 'active' | 'retired';
  spec: string;
  spec_digest: string;
  created_at: string;
};

function toVersion(row: Row): CatalogItemVersion {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    origin: row.origin,
    status: row.status,
    spec: JSON.parse(row.spec) as CatalogItemSpec,
    specDigest: row.spec_digest,
    createdAt: row.created_at,
  };
}

const COLUMNS = ['id', 'code', 'version', 'origin', 'status', 'spec', 'spec_digest', 'created_at'] as const;

/** The newest version of every item code (whatever its status). */
export async function findLatestVersions(db: Queryable): Promise<CatalogItemVersion[]> {
  const rows = await db
    .selectFrom('catalog_item as c')
    .select(COLUMNS.map((c) => `c.${c}` as const))
    .where(({ eb, selectFrom }) =>
      eb(
        'c.version',
        '=',
        selectFrom('catalog_item as n')
          .select(({ fn }) => fn.max('n.version').as('v'))
          .whereRef('n.code', '=', 'c.code'),
      ),
    )
    .orderBy('c.code')
    .execute();
  return rows.map(toVersion);
}

/** Code and name of the latest version of every item, without reading the specs (headline figures). */
export async function findLatestNames(db: Queryable): Promise<{ code: string; name: string }[]> {
  return db
    .selectFrom('catalog_item as c')
    .select(['c.code', 'c.name'])
    .where(({ eb, selectFrom }) =>
      eb(
        'c.version',
        '=',
        selectFrom('catalog_item as n')
          .select(({ fn }) => fn.max('n.version').as('v'))
          .whereRef('n.code', '=', 'c.code'),
      ),
    )
    .orderBy('c.code')
    .execute();
}

export async function findLatestVersion(
  db: Queryable,
  code: string,
): Promise<CatalogItemVersion | undefined> {
  const row = await db
    .selectFrom('catalog_item')
    .select(COLUMNS)
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toVersion(row);
}

export async function findVersionById(db: Queryable, id: number): Promise<CatalogItemVersion | undefined> {
  const row = await db.selectFrom('catalog_item').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toVersion(row);
}

export async function findVersions(db: Queryable, code: string): Promise<CatalogItemVersion[]> {
  const rows = await db
    .selectFrom('catalog_item')
    .select(COLUMNS)
    .where('code', '=', code)
    .orderBy('version')
    .execute();
  return rows.map(toVersion);
}

export async function insertVersion(
  tx: Tx,
  v: {
    code: string;
    version: number;
    origin: 'national' | 'local';
    spec: string;
    specDigest: string;
    at: string;
    by: string;
  },
): Promise<number> {
  const row = await tx
    .insertInto('catalog_item')
    .values({
      code: v.code,
      version: v.version,
      name: (JSON.parse(v.spec) as CatalogItemSpec).name,
      origin: v.origin,
      spec: v.spec,
      spec_digest: v.specDigest,
      status: 'active',
      created_at: v.at,
      created_by: v.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
