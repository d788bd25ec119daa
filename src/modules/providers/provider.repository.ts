import type { Queryable, Tx } from '../../platform/db/database.js';

export interface Provider {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly uscc: string | null;
  readonly regionCode: string;
  readonly sector: string;
  readonly items: readonly string[];
  readonly status: 'active' | 'suspended';
}

type Row = {
  id: number;
  code: string;
  name: string;
  uscc: string | null;
  region_code: string;
  sector: string;
  items: string;
  status: 'active' | 'suspended';
};

function toProvider(r: Row): Provider {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    uscc: r.uscc,
    regionCode: r.region_code,
    sector: r.sector,
    items: JSON.parse(r.items) as string[],
    status: r.status,
  };
}

const COLUMNS = ['id', 'code', 'name', 'uscc', 'region_code', 'sector', 'items', 'status'] as const;

export async function findProviderByCode(db: Queryable, code: string): Promise<Provider | undefined> {
  const r = await db.selectFrom('provider').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  return r === undefined ? undefined : toProvider(r);
}

export async function findProviderById(db: Queryable, id: number): Promise<Provider | undefined> {
  const r = await db.selectFrom('provider').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return r === undefined ? undefined : toProvider(r);
}

export async function listProviders(db: Queryable): Promise<Provider[]> {
  return (await db.selectFrom('provider').select(COLUMNS).orderBy('code').execute()).map(toProvider);
}

export async function insertProvider(tx: Tx, p: Omit<Provider, 'id'>, at: string): Promise<Provider> {
  const r = await tx
    .insertInto('provider')
    .values({
      code: p.code,
      name: p.name,
      uscc: p.uscc,
      region_code: p.regionCode,
      sector: p.sector,
      items: JSON.stringify(p.items),
      status: p.status,
      created_at: at,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toProvider(r);
}

export async function updateProviderRow(tx: Tx, id: number, p: Omit<Provider, 'id' | 'code'>): Promise<void> {
  await tx
    .updateTable('provider')
    .set({
      name: p.name,
      uscc: p.uscc,
      region_code: p.regionCode,
      sector: p.sector,
      items: JSON.stringify(p.items),
      status: p.status,
    })
    .where('id', '=', id)
    .execute();
}
