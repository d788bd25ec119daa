import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type IssueDetail } from '../errors.js';

/** Most problems named per request: a body full of bad strings gets a bounded answer. */
const MAX_DETAILS = 20;

/** An unpaired UTF-16 surrogate. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where a text value cannot go: NUL (U+0000), which PostgreSQL refuses in text and jsonb (SQLite would keep it, so
 * both engines refuse it here), and a lone UTF-16 surrogate (not a character; it cannot be encoded as UTF-8).
 * Returns the reason, or undefined for a clean string.
 */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return '不能包含 NUL 字符（U+0000）';
  if (LONE_SURROGATE.test(value)) return '含有无效的 Unicode 字符（孤立的代理项）';
  return undefined;
}

/** Most levels of arrays and objects nested in one input: JSON.parse accepts any depth, our walkers do not recurse. */
export const MAX_DEPTH = 64;

/** An object key on {@link walkInput}'s stack (visited just before its value). */
class ObjectKey {
  constructor(readonly name: string) {}
}

/** What {@link walkInput} shows its visitor: a string, an object key, or a number, with its path. */
export type InputLeaf =
  | { readonly kind: 'string'; readonly value: string; readonly field: string }
  | { readonly kind: 'key'; readonly value: string; readonly field: string }
  | { readonly kind: 'number'; readonly value: number; readonly field: string };

/**
 * Visits every string, object key and number of a parsed input in document order, each named by its path below
 * `where`, without recursion (an explicit stack), so no input can exhaust the call stack. Stops when `visit` returns
 * false. Returns the path of the first array or object nested deeper than {@link MAX_DEPTH} levels (its contents are
 * not visited), else undefined.
 */
export function walkInput(
  value: unknown,
  where: string,
  visit: (leaf: InputLeaf) => boolean,
): string | undefined {
  const stack: { value: unknown; field: string; depth: number }[] = [{ value, field: where, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value: v, field, depth } = item;
    if (v instanceof ObjectKey) {
      if (!visit({ kind: 'key', value: v.name, field })) return undefined;
    } else if (typeof v === 'string') {
      if (!visit({ kind: 'string', value: v, field })) return undefined;
    } else if (typeof v === 'number') {
      if (!visit({ kind: 'number', value: v, field })) return undefined;
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return field;
      const entries = Array.isArray(v) ? [...v.entries()] : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [k, child] = entries[i] as [string | number, unknown];
        stack.push({ value: child, field: `${field}.${k}`, depth: depth + 1 });
        if (typeof k === 'string') stack.push({ value: new ObjectKey(k), field: `${field}.${k}`, depth });
      }
    }
  }
  return undefined;
}

/** The problem of an input nested too deeply, named by its part (`body`): the path itself would be a page long. */
function tooDeep(field: string): IssueDetail {
  return {
    field: field.split('.')[0] ?? field,
    code: 'too_deep',
    message: `嵌套层数过深（数组和对象最多嵌套 ${MAX_DEPTH} 层）`,
  };
}

/**
 * Problems of every string (and object key) in a parsed input, each named by its path below `where`
 * (`body.rows.0.CF_WSH`, `querystring.q`); an input nested deeper than {@link MAX_DEPTH} levels is one problem
 * naming the part (`body`).
 */
export function textProblems(value: unknown, where: string, out: IssueDetail[] = []): IssueDetail[] {
  const deep = walkInput(value, where, (leaf) => {
    if (out.length >= MAX_DETAILS) return false;
    if (leaf.kind === 'number') return true;
    const message = textProblem(leaf.value);
    if (message !== undefined)
      out.push({
        field: leaf.field,
        code: 'invalid_text',
        message: leaf.kind === 'key' ? `属性名${message}` : message,
      });
    return true;
  });
  if (deep !== undefined && out.length < MAX_DETAILS) out.push(tooDeep(deep));
  return out;
}

/**
 * Numbers in a validated input that are not finite. ajv's type coercion turns a query or path string such as `1e309`
 * into Infinity and then skips `maximum` for it (it only compares finite numbers), so an unbounded number would
 * otherwise reach a handler and the database.
 */
export function nonFiniteNumbers(value: unknown, where: string, out: IssueDetail[] = []): IssueDetail[] {
  const deep = walkInput(value, where, (leaf) => {
    if (out.length >= MAX_DETAILS) return false;
    if (leaf.kind === 'number' && !Number.isFinite(leaf.value))
      out.push({ field: leaf.field, code: 'not_finite', message: '应为有限的数值（不能超出取值范围）' });
    return true;
  });
  if (deep !== undefined && out.length < MAX_DETAILS) out.push(tooDeep(deep));
  return out;
}

const PART_LABEL: Readonly<Record<string, string>> = {
  params: '路径参数',
  querystring: '查询参数',
  body: '请求体',
};

/** A 400 naming each field, in the words of schema validation errors (problem.ts). */
export function inputError(details: readonly IssueDetail[]): AppError {
  const first = (details[0]?.field ?? '').split('.')[0] ?? '';
  return new AppError(
    'validation_failed',
    `${PART_LABEL[first] ?? '请求'}有误：${details.map((d) => `${d.field} ${d.message}`).join('；')}`,
    { details: [...details] },
  );
}

/**
 * Checks text fields that arrive outside the parsed body (multipart form fields and file names): the same rule as
 * for JSON, under `body.<name>`.
 * @throws AppError validation_failed naming the field
 */
export function assertCleanText(fields: Readonly<Record<string, string | undefined>>): void {
  const details: IssueDetail[] = [];
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined) textProblems(value, `body.${name}`, details);
  if (details.length > 0) throw inputError(details);
}

function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\//i.test(request.headers['content-type'] ?? '');
}

/** A body schema per content type (`body: { content: {...} }`): Fastify validates nothing when no type is sent. */
function hasTypedBodySchema(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema as { body?: { content?: unknown } } | undefined;
  return schema?.body?.content !== undefined;
}

/**
 * Input rules for every route, whatever its schema says (docs/adr/0005-request-authentication.md, "Input"):
 * - no string or key in the path, query or JSON body may hold NUL or a lone surrogate (preValidation: named before
 *   any schema error, since a pattern error would show the bad text);
 * - a route with a body schema per content type gets a body: a POST without one (no content type, so no schema
 *   applies) is a 400, not a handler reading `undefined`;
 * - no validated number may be infinite (preHandler, after ajv's coercion).
 * Multipart uploads are read by their handlers, which check their form fields with {@link assertCleanText}.
 */
export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const details: IssueDetail[] = [];
    textProblems(request.params, 'params', details);
    textProblems(request.query, 'querystring', details);
    textProblems(request.body, 'body', details);
    if (details.length > 0) throw inputError(details);
    if (request.body === undefined && hasTypedBodySchema(request) && !isMultipart(request))
      throw inputError([{ field: 'body', code: 'required', message: '缺少请求体' }]);
  });
  app.addHook('preHandler', async (request) => {
    const details: IssueDetail[] = [];
    nonFiniteNumbers(request.params, 'params', details);
    nonFiniteNumbers(request.query, 'querystring', details);
    nonFiniteNumbers(request.body, 'body', details);
    if (details.length > 0) throw inputError(details);
  });
}
