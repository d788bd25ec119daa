import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import type { HTTPMethods } from 'fastify';
import { createRoleUsers, type TestUser, withoutRateLimits } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import {
  leakedDigits,
  PERSONAL_NUMBER_SEED,
  personalNumberArb,
} from '../../../test/support/personal-numbers.js';
import {
  createMatrixFixtures,
  type MatrixFixtures,
  ROUTE_ACCESS,
} from '../../../test/support/route-access.js';
import { createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { buildApplication } from '../../app.js';
import type { Role } from '../../platform/actor.js';
import type { App } from '../../platform/http/create-app.js';

// Issue 15 point 8 / ADR 0006: a resident id or mobile number sent in any string of any route — body, query or path,
// as a caller the route admits — never comes back with more than its fixed mask: not in the body, not in a header,
// not in a line the server logs.

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Operation {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Where a value goes: a path or query parameter, or a JSON body property (path of keys; '0' for array items). */
type Slot = { in: 'path' | 'query'; name: string } | { in: 'body'; keys: string[] };

const isString = (s: JsonSchema | undefined): boolean =>
  s !== undefined &&
  (s.type === 'string' ||
    (Array.isArray(s.type) && s.type.includes('string')) ||
    [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(isString));

/** Every string position of a JSON body schema, depth-first, at most 4 levels deep. */
function bodySlots(schema: JsonSchema | undefined, keys: string[] = []): string[][] {
  if (schema === undefined || keys.length > 4) return [];
  if (isString(schema)) return [keys];
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (branches.length > 0) return branches.flatMap((b) => bodySlots(b, keys)).slice(0, 20);
  if (schema.items !== undefined) return bodySlots(schema.items, [...keys, '0']);
  return Object.entries(schema.properties ?? {}).flatMap(([k, v]) => bodySlots(v, [...keys, k]));
}

/** `body` with `value` at `keys` (objects and arrays made on the way). */
function withValue(body: unknown, keys: readonly string[], value: string): unknown {
  if (keys.length === 0) return value;
  const [key = '', ...rest] = keys;
  if (key === '0') {
    const list = Array.isArray(body) ? [...(body as unknown[])] : [];
    list[0] = withValue(list[0], rest, value);
    return list;
  }
  const obj = body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
  return { ...obj, [key]: withValue((obj as Record<string, unknown>)[key], rest, value) };
}

/** The role a route admits (the first listed; the credit centre for routes open to any signed-in user). */
function principalOf(allow: (typeof ROUTE_ACCESS)[string]['allow']): Role | 'anonymous' {
  if (allow === 'public') return 'anonymous';
  if (allow === 'signed_in') return 'platform_admin';
  return allow[0] ?? 'platform_admin';
}

forEachEngine('personal numbers sent to every route never come back in clear', (s) => {
  let rt: TestRuntime;
  let app: App;
  let f: MatrixFixtures;
  let users: Record<Role, TestUser>;
  const logLines: string[] = [];

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    const stream = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await buildApplication(rt, { logger: { level: 'info', stream } });
    await app.ready();
    f = await createMatrixFixtures(rt);
    users = await createRoleUsers(rt, {
      providerId: f.providerId,
      organization: f.organization,
      subjectId: f.subjectId,
    });
  });
  after(() => app.close());

  it('every string of every route of the OpenAPI document, as a caller the route admits', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    let requests = 0;
    const failures: string[] = [];
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase() as HTTPMethods, p, op })),
    );
    assert.ok(routes.length > 50, `the OpenAPI document lists the routes (${routes.length})`);
    for (const { method, p, op } of routes) {
      const route = p.replace(/\{([^}]+)\}/g, ':$1');
      const access = ROUTE_ACCESS[`${method} ${route}`];
      if (access === undefined) continue; // the role × route matrix reports unclassified routes
      const sample = access.sample?.(f) ?? {};
      const json = op.requestBody?.content?.['application/json']?.schema;
      const slots: Slot[] = [
        ...(op.parameters ?? [])
          .filter((x) => x.in === 'path' || (x.in === 'query' && isString(x.schema)))
          .map((x) => ({ in: x.in as 'path' | 'query', name: x.name })),
        ...bodySlots(json).map((keys) => ({ in: 'body' as const, keys })),
      ];
      if (slots.length === 0) continue;
      const principal = principalOf(access.allow);
      await fc.assert(
        fc.asyncProperty(personalNumberArb, async (n) => {
          const headers = principal === 'anonymous' ? {} : await users[principal].headers();
          for (const slot of slots) {
            const params: Record<string, string> = Object.fromEntries(
              Object.entries(sample.params ?? {}).map(([k, v]) => [k, String(v)]),
            );
            const query: Record<string, string> = Object.fromEntries(
              Object.entries(sample.query ?? {}).map(([k, v]) => [k, String(v)]),
            );
            let body: unknown = sample.body ?? (json === undefined ? undefined : {});
            if ('keys' in slot) body = withValue(body, slot.keys, n);
            else if (slot.in === 'path') params[slot.name] = n;
            else query[slot.name] = n;
            const url = route.replace(/:([A-Za-z_]+)/g, (_m, name: string) =>
              encodeURIComponent(params[name] ?? '1'),
            );
            const qs = new URLSearchParams(query).toString();
            const logFrom = logLines.length;
            const res = await app.inject({
              method,
              url: qs === '' ? url : `${url}?${qs}`,
              headers,
              ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
            });
            requests += 1;
            const where = `${method} ${route} ${slot.in}:${'keys' in slot ? slot.keys.join('.') : slot.name}`;
            const outputs = {
              body: res.body,
              // session cookies and tokens are random, not an echo
              headers: JSON.stringify({ ...res.headers, 'set-cookie': undefined, etag: undefined }),
              // timings are the one place random digits appear in a log line
              log: logLines
                .slice(logFrom)
                .join('')
                .replace(/"responseTime":[\d.]+/g, ''),
            };
            for (const [part, text] of Object.entries(outputs)) {
              const leaked = leakedDigits(text, n);
              if (leaked.length > 0) failures.push(`${where} (${res.statusCode}) ${part}: ${leaked[0]}`);
            }
          }
          return true;
        }),
        { seed: PERSONAL_NUMBER_SEED, numRuns: 2, endOnFailure: true },
      );
    }
    assert.ok(requests > 200, `requests sent: ${requests}`);
    assert.deepEqual(failures, [], `${failures.length} answers show part of a number`);
  });
});
