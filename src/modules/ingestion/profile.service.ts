import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getCurrentItem } from '../catalog/catalog.service.js';
import { getProvider } from '../providers/provider.service.js';
import { COLUMN_TRANSFORMS, type MappingProfile, SHIPPED_PROFILES } from './mapping-profile.js';

type StoredMapping = Pick<MappingProfile, 'columns' | 'transforms' | 'ignore' | 'description'>;

function fromRow(r: {
  name: string;
  provider_code: string | null;
  item_code: string;
  mapping: string;
}): MappingProfile {
  const m = JSON.parse(r.mapping) as StoredMapping;
  return { name: r.name, item: r.item_code, provider: r.provider_code, ...m };
}

/** Inserts shipped profiles that are missing and refreshes changed ones; custom profiles are never touched. */
export async function syncShippedProfiles(tx: Tx, at: Date): Promise<void> {
  for (const p of SHIPPED_PROFILES) {
    const mapping = JSON.stringify({
      columns: p.columns,
      transforms: p.transforms ?? {},
      ignore: p.ignore ?? {},
      description: p.description,
    });
    const existing = await tx
      .selectFrom('mapping_profile')
      .select(['id', 'mapping', 'origin'])
      .where('name', '=', p.name)
      .executeTakeFirst();
    if (existing === undefined) {
      await tx
        .insertInto('mapping_profile')
        .values({
          name: p.name,
          provider_code: p.provider,
          item_code: p.item,
          mapping,
          origin: 'shipped',
          created_at: at.toISOString(),
          updated_at: at.toISOString(),
        })
        .execute();
    } else if (existing.origin === 'shipped' && existing.mapping !== mapping) {
      await tx
        .updateTable('mapping_profile')
        .set({ mapping, provider_code: p.provider, item_code: p.item, updated_at: at.toISOString() })
        .where('id', '=', existing.id)
        .execute();
    }
  }
}

/** A profile by name: stored (custom or synced) first, then the shipped definition. @throws AppError not_found */
export async function getProfile(db: Queryable, name: string): Promise<MappingProfile> {
  const row = await db
    .selectFrom('mapping_profile')
    .select(['name', 'provider_code', 'item_code', 'mapping'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (row !== undefined) return fromRow(row);
  const shipped = SHIPPED_PROFILES.find((p) => p.name === name);
  if (shipped === undefined) throw new AppError('not_found', `mapping profile ${name} not found`);
  return shipped;
}

export async function listProfiles(
  db: Queryable,
): Promise<(MappingProfile & { origin: 'shipped' | 'custom' })[]> {
  const rows = await db
    .selectFrom('mapping_profile')
    .select(['name', 'provider_code', 'item_code', 'mapping', 'origin'])
    .orderBy('name')
    .execute();
  const stored = rows.map((r) => ({ ...fromRow(r), origin: r.origin }));
  const names = new Set(stored.map((p) => p.name));
  return [
    ...stored,
    ...SHIPPED_PROFILES.filter((p) => !names.has(p.name)).map((p) => ({ ...p, origin: 'shipped' as const })),
  ];
}

/**
 * Saves a custom profile after checking that its item, provider, field codes and transforms exist. Shipped
 * profiles cannot be overwritten (save a copy under another name).
 */
export async function saveProfile(
  tx: Tx,
  actor: Actor,
  p: MappingProfile,
  at: Date,
): Promise<MappingProfile> {
  const item = await getCurrentItem(tx, p.item);
  const provider = p.provider === null ? null : await getProvider(tx, p.provider);
  authorize(actor, 'profile.manage', provider === null ? {} : { providerId: provider.id });
  if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(p.name))
    throw new AppError('validation_failed', 'profile name must be lower-case letters, digits and hyphens');
  const codes = new Set(item.spec.fields.map((f) => f.code));
  const problems: string[] = [];
  for (const [header, code] of Object.entries(p.columns))
    if (!codes.has(code)) problems.push(`column ${header} maps to unknown field ${code}`);
  for (const [header, t] of Object.entries(p.transforms ?? {}))
    if (!COLUMN_TRANSFORMS.includes(t)) problems.push(`column ${header} has unknown transform ${t}`);
  if (problems.length > 0) throw new AppError('validation_failed', problems.join('; '));
  const existing = await tx
    .selectFrom('mapping_profile')
    .select(['id', 'origin'])
    .where('name', '=', p.name)
    .executeTakeFirst();
  if (existing?.origin === 'shipped' || SHIPPED_PROFILES.some((s) => s.name === p.name)) {
    throw new AppError('conflict', `${p.name} is a shipped profile; save your variant under another name`);
  }
  const mapping = JSON.stringify({
    columns: p.columns,
    transforms: p.transforms ?? {},
    ignore: p.ignore ?? {},
    description: p.description,
  });
  const iso = at.toISOString();
  if (existing === undefined) {
    await tx
      .insertInto('mapping_profile')
      .values({
        name: p.name,
        provider_code: p.provider,
        item_code: item.code,
        mapping,
        origin: 'custom',
        created_at: iso,
        updated_at: iso,
      })
      .execute();
  } else {
    await tx
      .updateTable('mapping_profile')
      .set({ mapping, provider_code: p.provider, item_code: item.code, updated_at: iso })
      .where('id', '=', existing.id)
      .execute();
  }
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'profile.saved',
        entityType: 'mapping_profile',
        entityId: p.name,
        payload: { item: item.code, provider: p.provider },
      },
    ],
    at,
  );
  return getProfile(tx, p.name);
}
