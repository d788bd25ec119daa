// Seeded, bounded fuzzing of every route of the OpenAPI document, as the public and as every role, on both engines
// (issue 15, point 4): bad and edge values for path parameters, query, JSON bodies and multipart uploads, generated
// from each route's schema and from its valid sample request (test/support/route-access.ts). Any 5xx (other than a
// deliberate 503 for an unpublished holiday calendar), a request that does not settle, or the process dying fails
// the run. Failing inputs are appended to test/vectors/route-fuzz-corpus.json, which is replayed first on every run:
// commit the entry with the fix. XINYONG_FUZZ_SEED and XINYONG_FUZZ_RUNS change the seed and the runs per route
// (default 42 and 16) for a longer local search.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import type { HTTPMethods, LightMyRequestResponse } from 'fastify';
import { type AuthHeaders, createRoleUsers, withoutRateLimits } from '../../../test/support/auth.js';
import { forEachEngine } from '../../../test/support/engines.js';
import {
  createMatrixFixtures,
  type MatrixFixtures,
  ROUTE_ACCESS,
} from '../../../test/support/route-access.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../../../test/support/runtime.js';
import { ROLES } from '../actor.js';
import type { App } from './create-app.js';

type Principal = 'anonymous' | (typeof ROLES)[number];
const PRINCIPALS: readonly Principal[] = ['anonymous', ...ROLES];

/** One concrete request, as kept in the corpus. */
export interface FuzzRequest {
  readonly method: HTTPMethods;
  readonly url: string;
  readonly principal: Principal;
  readonly contentType?: string;
  readonly payload?: string;
}

interface CorpusEntry extends FuzzRequest {
  /** What went wrong when it was found, and where (seed and route). */
  readonly found: string;
}

const CORPUS_FILE = path.resolve(import.meta.dirname, '../../../test/vectors/route-fuzz-corpus.json');
const SEED = Number(process.env.XINYONG_FUZZ_SEED ?? 42);
const RUNS_PER_ROUTE = Number(process.env.XINYONG_FUZZ_RUNS ?? 16);
const REQUEST_TIMEOUT_MS = 15_000;

type Schema = Record<string, unknown>;

interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: Schema; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface RouteSpec {
  readonly key: string;
  readonly method: HTTPMethods;
  /** Fastify syntax (`/api/v1/batches/:id`). */
  readonly path: string;
  readonly pathParams: readonly { name: string; schema: Schema }[];
  readonly query: readonly { name: string; schema: Schema }[];
  readonly body: Schema | undefined;
}

/** Strings that broke something somewhere once: NUL, lone surrogates, overflowing numbers, traversal, huge text. */
const EDGE_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  '-1e309',
  '12345678901234567890123',
  '9007199254740993',
  'NaN',
  'Infinity',
  'null',
  'true',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff尾',
  '../../etc/passwd',
  '%00',
  '%',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '110101199003070011',
  '91330200MA2AAAAA0X',
  '测试',
  '😀'.repeat(3),
  'x'.repeat(5000),
  '2026-02-30',
  '0000-00-00',
  '__proto__',
  'constructor',
];
const EDGE_NUMBERS = [0, -1, 1, 1.5, -0.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, 1e21];

/** Text the databases cannot store (PostgreSQL refuses NUL), alone or inside ordinary text: most likely to break. */
const poisoned = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '测试\udc00'),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\ud800')).map(([t, p]) => `${t}${p}${t}`),
);
const edgeString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 2, arbitrary: poisoned },
);
const anyText = fc.oneof(
  edgeString,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const edgeScalar = fc.oneof(
  edgeString,
  fc.constantFrom<unknown>(...EDGE_NUMBERS, true, false, null),
  fc.integer(),
  fc.double(),
);

/** Values for `schema`: mostly of its type (with edge values), sometimes of another. */
function valuesFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 4) return edgeScalar;
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0)
    return fc.oneof(...alternatives.map((a) => valuesFor(a, depth + 1)), edgeScalar);
  if (Array.isArray(schema.enum))
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(schema.enum as unknown[])) }, edgeScalar);
  if (schema.const !== undefined) return fc.oneof(fc.constant(schema.const), edgeScalar);
  const type = Array.isArray(schema.type) ? (schema.type[0] as string) : (schema.type as string | undefined);
  switch (type) {
    case 'string':
      return fc.oneof({ weight: 3, arbitrary: anyText }, edgeScalar);
    case 'integer':
    case 'number':
      return fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
        fc.integer({ min: -5, max: 50 }),
        edgeScalar,
      );
    case 'boolean':
      return fc.oneof(fc.boolean(), edgeScalar);
    case 'array':
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc.array(valuesFor(schema.items as Schema | undefined, depth + 1), { maxLength: 3 }),
        },
        edgeScalar,
      );
    case 'object': {
      const props = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
      const record = fc.record(
        Object.fromEntries(props.map(([k, s]) => [k, valuesFor(s, depth + 1)])) as Record<
          string,
          fc.Arbitrary<unknown>
        >,
        { requiredKeys: [] },
      );
      const extra = fc.dictionary(anyText, edgeScalar, { maxKeys: 2 });
      return fc.oneof(
        { weight: 4, arbitrary: record },
        fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r })),
        edgeScalar,
      );
    }
    default:
      return fc.oneof(edgeScalar, fc.dictionary(anyText, edgeScalar, { maxKeys: 3 }));
  }
}

/** `value` with one property somewhere (at most three levels down) replaced by `replacement`. */
function mutateAt(value: unknown, pick: number, replacement: unknown): unknown {
  if (value === null || typeof value !== 'object') return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const [key, inner] = entries[pick % entries.length] as readonly [string, unknown];
  const next =
    inner !== null && typeof inner === 'object' && pick % 3 !== 0
      ? mutateAt(inner, Math.floor(pick / 3), replacement)
      : replacement;
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === key ? next : v));
  return { ...(value as Record<string, unknown>), [key]: next };
}

function multipartOf(fields: Record<string, string>, file: { name: string; content: string } | undefined) {
  const boundary = 'fuzz-boundary-7c1e';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  if (file !== undefined)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`,
    );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    payload: `${parts.join('')}--${boundary}--\r\n`,
  };
}

const FILE_CONTENTS = [
  'CF_WSH,CF_XDR_MC\n甬罚〔2026〕1号,测试甲\n',
  '\uFEFF行政处罚决定书文号,行政相对人名称\n1,\u0000\n',
  'PK\u0003\u0004garbage-zip',
  '%PDF-1.7\n%garbage\n',
  '',
  '"unterminated,quote\n',
];

/** Where {@link deepJson} goes in a body built from a sample. */
const DEEP_MARKER = 'fuzz-deep-marker-3f9a';

/**
 * JSON text nested more deeply than any walker of ours may recurse (JSON.parse accepts 200,000 levels): arrays,
 * objects, or both alternating, around a NUL string now and then.
 */
const deepJson: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(65, 2_000, 200_000),
    fc.constantFrom<[string, string][]>(
      [['[', ']']],
      [['{"a":', '}']],
      [
        ['[', ']'],
        ['{"\u0000":', '}'],
      ],
    ),
    fc.constantFrom('1', '"x"', '"\u0000"', '1e309', '[]'),
  )
  .map(([levels, wraps, leaf]) => {
    const open: string[] = [];
    const close: string[] = [];
    for (let i = 0; i < levels; i += 1) {
      const [o, c] = wraps[i % wraps.length] as [string, string];
      open.push(o);
      close.push(c);
    }
    return `${open.join('')}${leaf}${close.reverse().join('')}`;
  });

/** Requests for one route: schema-generated, or its valid sample with one part broken; multipart now and then. */
function requestsFor(route: RouteSpec, f: MatrixFixtures): fc.Arbitrary<FuzzRequest> {
  const sample = ROUTE_ACCESS[route.key]?.sample?.(f) ?? {};
  const param = (name: string, schema: Schema) =>
    fc.oneof(
      {
        weight: 2,
        arbitrary: valuesFor(schema).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
      },
      fc.constant(String(sample.params?.[name] ?? '1')),
    );
  const params = fc.tuple(...route.pathParams.map((p) => param(p.name, p.schema)));
  const query = fc.tuple(
    ...route.query.map((q) =>
      fc.option(
        valuesFor(q.schema).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
        { freq: 2 },
      ),
    ),
    fc.option(fc.tuple(anyText, anyText), { freq: 4 }),
  );
  const jsonBody = fc.oneof(
    { weight: 3, arbitrary: valuesFor(route.body) },
    {
      weight: sample.body === undefined ? 0 : 3,
      arbitrary: fc.tuple(fc.nat(), edgeScalar).map(([pick, r]) => mutateAt(sample.body, pick, r)),
    },
  );
  // the valid sample (or a generated body) with one property nested deeply: built as text, since JSON.stringify
  // recurses
  const deepBody = fc
    .tuple(sample.body === undefined ? valuesFor(route.body) : fc.constant(sample.body), fc.nat(), deepJson)
    .map(([b, pick, deep]) => ({
      contentType: 'application/json',
      payload: (JSON.stringify(mutateAt(b, pick, DEEP_MARKER)) ?? 'null').replace(`"${DEEP_MARKER}"`, deep),
    }));
  const body: fc.Arbitrary<{ contentType?: string; payload?: string }> = fc.oneof(
    {
      weight: 6,
      arbitrary: jsonBody.map((b) => ({
        contentType: 'application/json',
        payload: JSON.stringify(b) ?? 'null',
      })),
    },
    { weight: 1, arbitrary: deepBody },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{', '{"a":1e309}', '[1,2', '\u0000', '{"__proto__":{"x":1}}')
        .map((payload) => ({
          contentType: 'application/json',
          payload,
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.dictionary(fc.constantFrom('item', 'provider', 'profile', 'dryRun', 'x'), anyText, {
            maxKeys: 4,
          }),
          fc.option(fc.record({ name: anyText, content: fc.constantFrom(...FILE_CONTENTS) }), { freq: 4 }),
        )
        .map(([fields, file]) => multipartOf(fields, file ?? undefined)),
    },
  );
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const access = ROUTE_ACCESS[route.key]?.allow ?? 'public';
  const allowed = PRINCIPALS.filter(
    (p) => access === 'public' || (p !== 'anonymous' && (access === 'signed_in' || access.includes(p))),
  );
  return fc
    .record({
      // mostly callers the route lets in, so inputs reach the handler and the database
      principal: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...allowed) },
        { weight: 1, arbitrary: fc.constantFrom(...PRINCIPALS) },
      ),
      params,
      query,
      body: hasBody ? body : fc.constant<{ contentType?: string; payload?: string }>({}),
    })
    .map(({ principal, params: values, query: q, body: b }) => {
      let i = 0;
      const url = route.path.replace(/:([A-Za-z]+)/g, () => encodePathValue(values[i++] ?? ''));
      const search = new URLSearchParams();
      route.query.forEach((spec, k) => {
        const v = q[k];
        if (typeof v === 'string') search.set(spec.name, v);
      });
      const extra = q[route.query.length];
      if (Array.isArray(extra)) search.set(String(extra[0]), String(extra[1]));
      for (const [k, v] of Object.entries(sample.query ?? {}))
        if (!search.has(k) && i % 2 === 0) search.set(k, String(v));
      const qs = search.toString();
      return {
        method: route.method,
        url: qs === '' ? url : `${url}?${qs}`,
        principal,
        ...(b.contentType === undefined ? {} : { contentType: b.contentType }),
        ...(b.payload === undefined ? {} : { payload: b.payload }),
      };
    });
}

/** A path segment; a lone surrogate (which encodeURIComponent refuses) goes out as the bytes of one, invalid UTF-8. */
function encodePathValue(value: string): string {
  return Array.from(value, (ch) => {
    const code = ch.charCodeAt(0);
    return ch.length === 1 && code >= 0xd800 && code <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch);
  }).join('');
}

/** The API's operations from the served OpenAPI document, in Fastify's path syntax. */
function routesOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (const [openPath, ops] of Object.entries(doc.paths)) {
    const fastifyPath = openPath.replace(/\{([^}]+)\}/g, ':$1');
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase() as HTTPMethods;
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const parameters = op.parameters ?? [];
      routes.push({
        key: `${method} ${fastifyPath}`,
        method,
        path: fastifyPath,
        pathParams: parameters
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return routes;
}

/** Why `res` fails the run, or undefined. */
function failureOf(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode < 500) return undefined;
  if (res.statusCode === 503) {
    const code = (() => {
      try {
        return (res.json() as { code?: string }).code;
      } catch {
        return undefined;
      }
    })();
    if (code === 'calendar_not_published') return undefined;
  }
  return `${res.statusCode} ${res.body.slice(0, 200)}`;
}

function readCorpus(): CorpusEntry[] {
  return JSON.parse(fs.readFileSync(CORPUS_FILE, 'utf8')) as CorpusEntry[];
}

function recordFailure(entry: CorpusEntry): void {
  const corpus = readCorpus();
  if (corpus.some((c) => c.method === entry.method && c.url === entry.url && c.payload === entry.payload))
    return;
  fs.writeFileSync(CORPUS_FILE, `${JSON.stringify([...corpus, entry], null, 2)}\n`);
}

forEachEngine('route fuzzing', (s) => {
  let rt: TestRuntime;
  let app: App;
  let f: MatrixFixtures;
  let routes: RouteSpec[];
  const headers = new Map<Principal, AuthHeaders>();

  before(async () => {
    rt = await createTestRuntime(withoutRateLimits(s.test));
    app = await createTestApp(rt);
    f = await createMatrixFixtures(rt);
    const users = await createRoleUsers(rt, {
      providerId: f.providerId,
      organization: f.organization,
      subjectId: f.subjectId,
    });
    headers.set('anonymous', {});
    for (const role of ROLES) headers.set(role, await users[role].headers());
    const doc = await app.inject({ url: '/api/openapi.json' });
    routes = routesOf(doc.json());
  });
  after(() => app.close());

  /** Sends one request; the reason it fails the run, or undefined. */
  async function send(req: FuzzRequest): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), REQUEST_TIMEOUT_MS);
    });
    try {
      const res = await Promise.race([
        app.inject({
          method: req.method,
          url: req.url,
          headers: {
            ...headers.get(req.principal),
            ...(req.contentType === undefined ? {} : { 'content-type': req.contentType }),
          },
          ...(req.payload === undefined ? {} : { payload: req.payload }),
        }),
        timeout,
      ]);
      if (res === 'timeout') return `no answer within ${REQUEST_TIMEOUT_MS} ms`;
      return failureOf(res);
    } finally {
      clearTimeout(timer);
    }
  }

  it('covers every route of the OpenAPI document', () => {
    assert.ok(routes.length >= 90, `routes in the OpenAPI document: ${routes.length}`);
    const unknown = routes.filter((r) => ROUTE_ACCESS[r.key] === undefined).map((r) => r.key);
    assert.deepEqual(unknown, [], 'routes of the OpenAPI document missing in test/support/route-access.ts');
  });

  it('replays the corpus of past failures without a 5xx', async () => {
    const corpus = readCorpus();
    assert.ok(corpus.length > 0);
    const failures: string[] = [];
    for (const entry of corpus) {
      const why = await send(entry);
      if (why !== undefined) failures.push(`${entry.principal} ${entry.method} ${entry.url}: ${why}`);
    }
    assert.deepEqual(failures, []);
  });

  it(`answers every generated request below 500 (seed ${SEED}, ${RUNS_PER_ROUTE} runs per route and role mix)`, async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const [index, route] of routes.entries()) {
      const seed = SEED + index;
      const result = await fc.check(
        fc.asyncProperty(requestsFor(route, f), async (req) => {
          sent += 1;
          const why = await send(req);
          if (why !== undefined) throw new Error(why);
        }),
        { seed, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
      if (result.failed && result.counterexample !== null) {
        const [req] = result.counterexample;
        const why =
          result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        recordFailure({ ...req, found: `${s.engine}, seed ${seed} (${route.key}): ${why.slice(0, 160)}` });
        failures.push(
          `${req.principal} ${req.method} ${req.url} ${req.payload?.slice(0, 200) ?? ''}: ${why}`,
        );
      }
    }
    assert.ok(sent >= routes.length * RUNS_PER_ROUTE, `requests sent: ${sent}`);
    assert.deepEqual(failures, [], 'failing inputs were added to test/vectors/route-fuzz-corpus.json');
  });
});
