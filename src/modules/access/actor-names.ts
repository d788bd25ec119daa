import type { Queryable } from '../../platform/db/database.js';

/**
 * Display names for stored actor labels (`user:12` → 张三, `client:3` → 宁波市生态环境局数据交换,
 * `system:cli` → 系统（cli）, `anonymous` → 公众). Unknown ids keep their label.
 * @returns a map from each distinct label to its name.
 */
export async function actorNames(db: Queryable, labels: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const label of new Set(labels)) {
    const [kind, rest = ''] = label.split(':', 2);
    if (kind === 'system') names.set(label, `系统（${rest}）`);
    else if (kind === 'anonymous') names.set(label, '公众');
  }
  const { users, clients } = labelledIds(labels);
  if (users.length > 0)
    for (const u of await db
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('id', 'in', users)
      .execute())
      names.set(`user:${u.id}`, u.display_name);
  if (clients.length > 0)
    for (const c of await db
      .selectFrom('api_client')
      .select(['id', 'name'])
      .where('id', 'in', clients)
      .execute())
      names.set(`client:${c.id}`, c.name);
  for (const label of labels) if (!names.has(label)) names.set(label, label);
  return names;
}

/**
 * The ids of users (`user:12`) and API clients (`client:3`) among stored actor labels, each once; other labels
 * (system, anonymous, malformed) are left out.
 */
export function labelledIds(labels: readonly string[]): { users: number[]; clients: number[] } {
  const users: number[] = [];
  const clients: number[] = [];
  for (const label of new Set(labels)) {
    const [kind, rest = ''] = label.split(':', 2);
    if (!/^\d{1,15}$/.test(rest)) continue;
    if (kind === 'user') users.push(Number(rest));
    else if (kind === 'client') clients.push(Number(rest));
  }
  return { users, clients };
}
