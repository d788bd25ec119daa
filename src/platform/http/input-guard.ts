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

/**
 * Problems of every string (and object key) in a parsed input, each named by its path below `where`
 * (`body.rows.0.CF_WSH`, `querystring.q`).
 */
export function textProblems(value: unknown, where: string, out: IssueDetail[] = []): IssueDetail[] {
  if (out.length >= MAX_DETAILS) return out;
  if (typeof value === 'string') {
    const message = textProblem(value);
    if (message !== undefined) out.push({ field: where, code: 'invalid_text', message });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) textProblems(v, `${where}.${i}`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const message = textProblem(k);
      if (message !== undefined)
        out.push({ field: `${where}.${k}`, code: 'invalid_text', message: `属性名${message}` });
      textProblems(v, `${where}.${k}`, out);
    }
  }
  return out;
}

/**
 * Numbers in a validated input that are not finite. ajv's type coercion turns a query or path string such as `1e309`
 * into Infinity and then skips `maximum` for it (it only compares finite numbers), so an unbounded number would
 * otherwise reach a handler and the database.
 */
export function nonFiniteNumbers(value: unknown, where: string, out: IssueDetail[] = []): IssueDetail[] {
  if (out.length >= MAX_DETAILS) return out;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      out.push({ field: where, code: 'not_finite', message: '应为有限的数值（不能超出取值范围）' });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) nonFiniteNumbers(v, `${where}.${i}`, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) nonFiniteNumbers(v, `${where}.${k}`, out);
  }
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
