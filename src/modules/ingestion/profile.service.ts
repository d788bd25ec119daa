import { type Actor, actorLabel } from '../../platform/actor.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, type IssueDetail, notFound, validationFailed } from '../../platform/errors.js';
import { authorize, can, type Resource } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import { getCurrentItem } from '../catalog/catalog.service.js';
import { getProvider, getProviderById, type Provider } from '../providers/provider.service.js';
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
  if (shipped === undefined) throw notFound(`表头映射方案 ${name}`);
  return shipped;
}

export async function listProfiles(db: Queryable): Promise<ProfileView[]> {
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

/** A stored or shipped profile with where it came from. */
export type ProfileView = MappingProfile & { readonly origin: 'shipped' | 'custom' };

/** The provider a provider-scoped actor acts for; undefined for the credit centre and unscoped roles. */
function ownProviderId(actor: Actor): number | undefined {
  return actor.kind === 'user' || actor.kind === 'client' ? actor.scope.providerId : undefined;
}

/**
 * The profiles `actor` may use and edit (`profile.manage`): the credit centre sees all; a provider's operators see
 * their provider's profiles and the shared ones (no provider).
 * @throws AppError unauthenticated, forbidden
 */
export async function listProfilesFor(db: Queryable, actor: Actor): Promise<ProfileView[]> {
  const own = ownProviderId(actor);
  authorize(actor, 'profile.manage', own === undefined ? {} : { providerId: own });
  const all = await listProfiles(db);
  if (own === undefined) return all;
  const code = (await getProviderById(db, own)).code;
  return all.filter((p) => p.provider === null || p.provider === code);
}

/** The resource a stored profile is about: its provider (an unknown one is nobody's), none for a shared one. */
async function ownerOf(db: Queryable, providerCode: string | null): Promise<Resource> {
  if (providerCode === null) return {};
  const provider = await getProvider(db, providerCode).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'not_found') return undefined;
    throw e;
  });
  return { providerId: provider?.id ?? -1 };
}

/**
 * One profile by name, for an actor allowed to manage it (shared profiles: anyone with `profile.manage`).
 * @throws AppError not_found, unauthenticated, forbidden
 */
export async function readProfile(db: Queryable, actor: Actor, name: string): Promise<ProfileView> {
  const own = ownProviderId(actor);
  authorize(actor, 'profile.manage', own === undefined ? {} : { providerId: own });
  const profile = (await listProfiles(db)).find((p) => p.name === name);
  if (profile === undefined) throw notFound(`表头映射方案 ${name}`);
  // a shipped profile may name a provider this deployment does not have: only the credit centre sees it then
  if (profile.provider !== null) authorize(actor, 'profile.manage', await ownerOf(db, profile.provider));
  return profile;
}

/**
 * Saves a custom profile after checking that its name, item, provider, field codes and transforms are valid (every
 * problem named, with the field it is about). Shipped profiles cannot be overwritten (save a copy under another
 * name). A provider's operators save profiles of their own provider only, and never overwrite another provider's
 * or a shared profile of the same name (the stored row's owner is checked before anything is validated); only the
 * credit centre changes shared profiles or moves a profile to another provider.
 * @throws AppError validation_failed (details), forbidden, conflict (shipped name)
 */
export async function saveProfile(tx: Tx, actor: Actor, p: MappingProfile, at: Date): Promise<ProfileView> {
  const issues: IssueDetail[] = [];
  const bad = (field: string, code: string, message: string) => issues.push({ field, code, message });
  let provider: Provider | null = null;
  if (p.provider !== null) {
    try {
      provider = await getProvider(tx, p.provider);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'not_found')) throw e;
      bad('provider', 'unknown', `信息提供单位 ${p.provider} 不存在`);
    }
  }
  // a shared profile (no provider) is the credit centre's; an unknown provider is nobody's
  const resource: Resource = p.provider === null ? {} : { providerId: provider?.id ?? -1 };
  authorize(actor, 'profile.manage', resource);
  const existing = await tx
    .selectFrom('mapping_profile')
    .select(['id', 'origin', 'provider_code'])
    .where('name', '=', p.name)
    .executeTakeFirst();
  // the stored profile's owner decides who may overwrite it, whatever provider the new version names
  if (existing !== undefined && !can(actor, 'profile.manage', await ownerOf(tx, existing.provider_code)))
    throw new AppError(
      'forbidden',
      existing.provider_code === null
        ? `表头映射方案 ${p.name} 是通用方案，只有信用中心可以修改；请以其他名称保存本单位的方案`
        : `表头映射方案 ${p.name} 属于其他信息提供单位，不能覆盖；请以其他名称保存本单位的方案`,
    );
  if (!/^[a-z0-9][a-z0-9-]{1,63}$/.test(p.name))
    bad('name', 'format', '方案名称应为 2–64 位小写字母、数字或连字符');
  let item: Awaited<ReturnType<typeof getCurrentItem>> | undefined;
  try {
    item = await getCurrentItem(tx, p.item);
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'not_found')) throw e;
    bad('item', 'unknown', `信息项 ${p.item} 不存在`);
  }
  if (item !== undefined) {
    if (provider !== null && !provider.items.includes(item.code))
      bad('item', 'not_allowed', `信息提供单位 ${provider.code} 不报送 ${item.code}`);
    const codes = new Set(item.spec.fields.map((f) => f.code));
    const mapped = new Map<string, string>();
    for (const [header, code] of Object.entries(p.columns)) {
      if (header.trim() === '') bad('columns', 'required', '源文件列名不能为空');
      if (!codes.has(code))
        bad(`columns.${header}`, 'unknown', `列“${header}”对应的 ${code} 不是 ${item.code} 的数据项`);
      const twice = mapped.get(code);
      if (twice !== undefined)
        bad(`columns.${header}`, 'duplicate', `列“${twice}”和“${header}”都对应 ${code}`);
      mapped.set(code, header);
    }
  }
  for (const [header, t] of Object.entries(p.transforms ?? {}))
    if (!COLUMN_TRANSFORMS.includes(t))
      bad(`transforms.${header}`, 'unknown', `列“${header}”的转换方式 ${t} 无法识别`);
  for (const header of Object.keys(p.ignore ?? {}))
    if (p.columns[header] !== undefined)
      bad(`ignore.${header}`, 'conflict', `列“${header}”既有对应数据项又被设为忽略`);
  if (issues.length > 0) throw validationFailed(issues, { fields: true });
  const itemCode = (item as NonNullable<typeof item>).code;
  if (existing?.origin === 'shipped' || SHIPPED_PROFILES.some((s) => s.name === p.name)) {
    throw new AppError('conflict', `${p.name} 是系统自带的方案，请以其他名称保存修改后的方案`);
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
        item_code: itemCode,
        mapping,
        origin: 'custom',
        created_at: iso,
        updated_at: iso,
      })
      .execute();
  } else {
    await tx
      .updateTable('mapping_profile')
      .set({ mapping, provider_code: p.provider, item_code: itemCode, updated_at: iso })
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
        payload: { item: itemCode, provider: p.provider },
      },
    ],
    at,
  );
  return { ...(await getProfile(tx, p.name)), origin: 'custom' };
}
