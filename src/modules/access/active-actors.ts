import type { Actor } from '../../platform/actor.js';
import type { Queryable } from '../../platform/db/database.js';
import { labelledIds } from './actor-names.js';
import { scopeOf } from './principal-scope.js';

/**
 * The actors behind stored owner labels (`user:12`, `client:3`), with their current role and scope, for work done
 * on their behalf later (notifications of a watch list). Disabled users, revoked clients, unknown ids and other
 * labels are absent from the map: nothing is done for them.
 */
export async function activeActors(
  db: Queryable,
  labels: readonly string[],
): Promise<Map<string, Extract<Actor, { kind: 'user' | 'client' }>>> {
  const { users, clients } = labelledIds(labels);
  const actors = new Map<string, Extract<Actor, { kind: 'user' | 'client' }>>();
  if (users.length > 0)
    for (const u of await db
      .selectFrom('app_user')
      .select(['id', 'display_name', 'role', 'provider_id', 'organization', 'scenarios', 'subject_id'])
      .where('id', 'in', users)
      .where('status', '=', 'active')
      .execute())
      actors.set(`user:${u.id}`, {
        kind: 'user',
        id: u.id,
        name: u.display_name,
        role: u.role,
        scope: scopeOf(u),
      });
  if (clients.length > 0)
    for (const c of await db
      .selectFrom('api_client')
      .select(['id', 'name', 'role', 'provider_id', 'organization', 'scenarios'])
      .where('id', 'in', clients)
      .where('status', '=', 'active')
      .execute())
      actors.set(`client:${c.id}`, {
        kind: 'client',
        id: c.id,
        name: c.name,
        role: c.role,
        scope: scopeOf(c),
      });
  return actors;
}
