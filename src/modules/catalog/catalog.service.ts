import { type Actor, actorLabel } from '../../platform/actor.js';
import { canonicalJson } from '../../platform/crypto/canonical-json.js';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { Queryable, Tx } from '../../platform/db/database.js';
import { AppError, notFound, validationFailed } from '../../platform/errors.js';
import { authorize } from '../access/policy.js';
import { appendAudit } from '../audit/audit.service.js';
import {
  type CatalogItemVersion,
  findLatestNames,
  findLatestVersion,
  findLatestVersions,
  findVersionById,
  findVersions,
  insertVersion,
} from './catalog.repository.js';
import type { CatalogItemSpec } from './catalog.types.js';
import { NATIONAL_ITEMS } from './national-items.js';
import { validateItemSpec } from './validate-spec.js';

export type { CatalogItemVersion } from './catalog.repository.js';

export function specDigest(spec: CatalogItemSpec): string {
  return sm3Hex(canonicalJson(spec));
}

/**
 * Brings the stored national items in line with the ones shipped in this release: a new item gets version 1, a
 * changed one a new version (records keep the version they were validated against). Idempotent.
 * @returns the codes that got a new version.
 */
export async function syncNationalItems(
  tx: Tx,
  at: Date,
  shipped: readonly CatalogItemSpec[] = NATIONAL_ITEMS,
): Promise<string[]> {
  const changed: string[] = [];
  for (const spec of shipped) {
    const problems = validateItemSpec(spec);
    if (problems.length > 0) {
      throw new Error(
        `shipped item ${spec.code} is inconsistent: ${problems.map((p) => p.message).join('; ')}`,
      );
    }
    const digest = specDigest(spec);
    const latest = await findLatestVersion(tx, spec.code);
    if (latest !== undefined && latest.origin === 'local') {
      throw new Error(`shipped national item ${spec.code} clashes with a local item of the same code`);
    }
    if (latest?.specDigest === digest) continue;
    const version = (latest?.version ?? 0) + 1;
    await insertVersion(tx, {
      code: spec.code,
      version,
      origin: 'national',
      spec: JSON.stringify(spec),
      specDigest: digest,
      at: at.toISOString(),
      by: 'system:catalog-sync',
    });
    await appendAudit(
      tx,
      [
        {
          actor: 'system:catalog-sync',
          action: 'catalog.item_versioned',
          entityType: 'catalog_item',
          entityId: `${spec.code}@${version}`,
          payload: { digest },
        },
      ],
      at,
    );
    changed.push(spec.code);
  }
  return changed;
}

/**
 * The version new records of `code` are validated against.
 * @throws AppError not_found for an unknown or retired item.
 */
export async function getCurrentItem(db: Queryable, code: string): Promise<CatalogItemVersion> {
  const latest = await findLatestVersion(db, code.toUpperCase());
  if (latest === undefined || latest.status !== 'active') throw notFound(`信息项 ${code}`);
  return latest;
}

/** Stored item versions never change (a change is a new version), so they are cached by id in the process. */
const versionCache = new Map<string, CatalogItemVersion>();

/**
 * One stored item version by id (what a record was validated against). Cached per database handle: versions are
 * immutable.
 * @throws AppError not_found
 */
export async function getItemVersion(db: Queryable, id: number): Promise<CatalogItemVersion> {
  const key = `${dbKey(db)}:${id}`;
  const cached = versionCache.get(key);
  if (cached !== undefined) return cached;
  const v = await findVersionById(db, id);
  if (v === undefined) throw notFound(`信息项版本 ${id}`);
  if (versionCache.size > 1000) versionCache.clear();
  versionCache.set(key, v);
  return v;
}

const handles = new WeakMap<object, number>();
let nextHandle = 1;
/** A stable number per database (its dialect adapter, shared by its transactions), so caches never mix databases. */
function dbKey(db: Queryable): number {
  const executor = db.getExecutor().adapter as object;
  let k = handles.get(executor);
  if (k === undefined) {
    k = nextHandle++;
    handles.set(executor, k);
  }
  return k;
}

export function listCurrentItems(db: Queryable): Promise<CatalogItemVersion[]> {
  return findLatestVersions(db);
}

/** Item code → name (of its latest version), for labels; reads no spec. */
export async function currentItemNames(db: Queryable): Promise<Map<string, string>> {
  return new Map((await findLatestNames(db)).map((r) => [r.code, r.name]));
}

export function listItemVersions(db: Queryable, code: string): Promise<CatalogItemVersion[]> {
  return findVersions(db, code.toUpperCase());
}

/**
 * Adds a local supplementary item (地方补充目录) or a new version of one, after checking the definition.
 * National items cannot be redefined locally.
 * @throws AppError validation_failed listing every problem; conflict when the code is a national item's.
 */
export async function saveLocalItem(
  tx: Tx,
  actor: Actor,
  spec: CatalogItemSpec,
  at: Date,
): Promise<CatalogItemVersion> {
  authorize(actor, 'catalog.manage');
  const problems = validateItemSpec(spec);
  if (problems.length > 0) {
    throw validationFailed(problems, { lead: `信息项 ${spec.code} 的定义有误` });
  }
  const latest = await findLatestVersion(tx, spec.code);
  if (latest?.origin === 'national') {
    throw new AppError('conflict', `${spec.code} 是国家基础目录的信息项，地方补充信息项需使用自己的代码`);
  }
  const digest = specDigest(spec);
  if (latest?.specDigest === digest) return latest;
  const version = (latest?.version ?? 0) + 1;
  const id = await insertVersion(tx, {
    code: spec.code,
    version,
    origin: 'local',
    spec: JSON.stringify(spec),
    specDigest: digest,
    at: at.toISOString(),
    by: actorLabel(actor),
  });
  await appendAudit(
    tx,
    [
      {
        actor: actorLabel(actor),
        action: 'catalog.item_versioned',
        entityType: 'catalog_item',
        entityId: `${spec.code}@${version}`,
        payload: { digest, origin: 'local' },
      },
    ],
    at,
  );
  return getItemVersion(tx, id);
}

/** Codes of the current list items (名单类信息项), e.g. for notifications. */
export async function listItemCodes(db: Queryable): Promise<Set<string>> {
  return new Set((await findLatestVersions(db)).filter((v) => v.spec.list !== undefined).map((v) => v.code));
}
