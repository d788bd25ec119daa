import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type IssueDetail } from '../errors.js';

/** HTTP status and title for each error code: the one place codes meet HTTP. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, { status: number; title: string }>> = {
  bad_request: { status: 400, title: '请求有误' },
  validation_failed: { status: 400, title: '校验未通过' },
  unauthenticated: { status: 401, title: '需要登录' },
  forbidden: { status: 403, title: '无权操作' },
  not_found: { status: 404, title: '未找到' },
  conflict: { status: 409, title: '状态冲突' },
  illegal_transition: { status: 409, title: '当前状态不允许此操作' },
  not_eligible: { status: 422, title: '不符合办理条件' },
  payload_too_large: { status: 413, title: '内容过大' },
  unsupported_media_type: { status: 415, title: '不支持的内容类型' },
  rate_limited: { status: 429, title: '请求过于频繁' },
  calendar_not_published: { status: 503, title: '法定节假日安排尚未发布' },
  unavailable: { status: 503, title: '服务暂不可用' },
  internal: { status: 500, title: '内部错误' },
};

/** RFC 9457 problem details, with our stable `code` and the request id. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  errors?: IssueDetail[];
  [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The problem for `error`. Its texts (detail, instance, errors, string extras) are not masked here: every
 * problem+json answer passes the one masking of personal numbers in `onSend` (maskReplyText in log-redaction.ts, ADR 0006),
 * whatever the message or the URL quoted, and the log stream masks what is logged.
 */
export function problemOf(error: AppError, request: FastifyRequest): Problem {
  const { status, title } = ERROR_STATUS[error.code];
  return {
    ...error.extras,
    type: `urn:xinyong:problem:${error.code}`,
    title,
    status,
    detail: error.message,
    instance: request.url,
    code: error.code,
    requestId: request.id,
    ...(error.details.length > 0 ? { errors: [...error.details] } : {}),
  };
}

const REQUEST_PART: Readonly<Record<string, string>> = {
  body: '请求体',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
  request: '请求',
};

const JSON_TYPE: Readonly<Record<string, string>> = {
  string: '字符串',
  integer: '整数',
  number: '数字',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  null: 'null',
};

const FORMAT: Readonly<Record<string, string>> = {
  date: '日期 YYYY-MM-DD',
  'date-time': 'ISO-8601 时间',
  email: '电子邮箱地址',
  uri: 'URL',
};

/** Fastify's and its plugins' client errors (4xx without a schema validation), in words the reader can act on. */
const CLIENT_ERRORS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空，但 content-type 为 application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是有效的 JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求体长度与 content-length 不符',
  FST_INVALID_MULTIPART_CONTENT_TYPE: '请求不是 multipart/form-data 格式',
  FST_FILES_LIMIT: '上传的文件个数超过上限',
  FST_FIELDS_LIMIT: '表单字段个数超过上限',
  FST_PARTS_LIMIT: '表单部分个数超过上限',
  FST_PROTO_VIOLATION: '请求体包含不允许的属性名（__proto__）',
};

/**
 * The errors busboy (under @fastify/multipart) raises for a malformed multipart body: no or an unusable boundary, a
 * body that ends before its closing boundary. They carry no status or code, only these messages.
 */
const MULTIPART_SYNTAX =
  /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|The needle cannot (be an empty String\/Buffer|have a length bigger than 256)\.)$/;

/** `：application/xml` from Fastify's "Unsupported Media Type: application/xml", or ''. */
function mediaTypeOf(message: string | undefined): string {
  const type = /:\s*(\S+)\s*$/.exec(message ?? '')?.[1];
  return type === undefined ? '' : `：${type}`;
}

/** A CJK ideograph: descriptions written for the reader (not English notes for API documentation) have them. */
const CJK = /\p{Script=Han}/u;

/**
 * A Chinese reason for one ajv schema error (request validation), from its keyword and params; a pattern error
 * says what the field should look like in the words of the field's Chinese `description` where it has one,
 * otherwise it shows the regular expression.
 */
function schemaErrorMessage(
  keyword: string | undefined,
  params: Record<string, unknown>,
  fallback: string,
  description: string | undefined,
): string {
  const limit = params.limit;
  switch (keyword) {
    case 'required':
      return '为必填项';
    case 'additionalProperties':
      return '不是可接受的属性';
    case 'type': {
      const types = String(params.type ?? '').split(',');
      return `类型应为${types.map((t) => JSON_TYPE[t] ?? t).join('或')}`;
    }
    case 'minLength':
      return `至少 ${String(limit)} 个字符`;
    case 'maxLength':
      return `最多 ${String(limit)} 个字符`;
    case 'minItems':
      return `至少 ${String(limit)} 项`;
    case 'maxItems':
      return `最多 ${String(limit)} 项`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `应 ${String(params.comparison ?? '')} ${String(limit)}`;
    case 'pattern':
      return description !== undefined && CJK.test(description)
        ? `格式不符合要求，应为${description}`
        : `格式不符合要求（${String(params.pattern ?? '')}）`;
    case 'format':
      return `格式应为 ${FORMAT[String(params.format)] ?? String(params.format)}`;
    case 'enum':
      return `应为以下值之一：${(Array.isArray(params.allowedValues) ? params.allowedValues : []).map(String).join('、')}`;
    case 'const':
      return `应为 ${String(params.allowedValue)}`;
    case 'anyOf':
    case 'oneOf':
      return '不符合任何一种允许的格式';
    case 'uniqueItems':
      return '不能有重复项';
    case 'minProperties':
      return `至少应有 ${String(limit)} 个属性`;
    case 'maxProperties':
      return `最多只能有 ${String(limit)} 个属性`;
    default:
      return fallback;
  }
}

/** Converts anything thrown by a route, hook or Fastify itself into an {@link AppError}. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fe = error as Partial<FastifyError> & { validation?: unknown[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const where = fe.validationContext ?? 'request';
    const details: IssueDetail[] = fe.validation.map((v) => {
      const item = v as {
        instancePath?: string;
        message?: string;
        keyword?: string;
        params?: Record<string, unknown>;
        parentSchema?: { description?: unknown };
      };
      const description = item.parentSchema?.description;
      const missing = item.params?.missingProperty;
      const extra = item.params?.additionalProperty;
      const pointer = (item.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
      const field = [
        where,
        pointer,
        typeof missing === 'string' ? missing : '',
        typeof extra === 'string' ? extra : '',
      ]
        .filter((p) => p !== '')
        .join('.');
      return {
        field,
        code: item.keyword ?? 'invalid',
        message: schemaErrorMessage(
          item.keyword,
          item.params ?? {},
          item.message ?? '不符合要求',
          typeof description === 'string' ? description : undefined,
        ),
      };
    });
    return new AppError(
      'validation_failed',
      `${REQUEST_PART[where] ?? where}有误：${details.map((d) => `${d.field} ${d.message}`).join('；')}`,
      {
        details,
      },
    );
  }
  const status = fe.statusCode;
  if (status === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError(
      'payload_too_large',
      fe.code === 'FST_REQ_FILE_TOO_LARGE' ? '上传的文件超过大小上限' : '请求内容超过大小上限',
    );
  }
  if (status === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('unsupported_media_type', `不支持的内容类型${mediaTypeOf(fe.message)}`);
  }
  if (status === 429) return new AppError('rate_limited', '请求过于频繁，请稍后再试');
  if (status === 404) return new AppError('not_found', '未找到相应信息');
  if (status !== undefined && status >= 400 && status < 500) {
    const known = fe.code === undefined ? undefined : CLIENT_ERRORS[fe.code];
    if (known !== undefined) return new AppError('bad_request', known);
    if (error instanceof SyntaxError) return new AppError('bad_request', '请求体不是有效的 JSON');
    return new AppError('bad_request', `请求有误${fe.code === undefined ? '' : `（${fe.code}）`}`);
  }
  if (error instanceof Error && status === undefined && MULTIPART_SYNTAX.test(error.message))
    return new AppError('bad_request', '上传内容不是有效的 multipart/form-data（缺少分隔边界或内容不完整）', {
      details: [{ field: 'body', code: 'multipart', message: '不是有效的 multipart/form-data' }],
    });
  return new AppError('internal', '内部错误', { cause: error });
}

/** Installs the single error handler and the not-found handler; 5xx details are logged, never sent. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    const problem = problemOf(appError, request);
    if (problem.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      if (appError.code === 'internal') problem.detail = '内部错误';
    }
    if (appError.code === 'rate_limited' || appError.code === 'unavailable') {
      const after = appError.extras.retryAfter;
      reply.header('retry-after', typeof after === 'number' && after > 0 ? String(Math.ceil(after)) : '60');
    }
    return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = problemOf(
      new AppError('not_found', `没有此接口：${request.method} ${request.url.split('?')[0]}`),
      request,
    );
    return reply.status(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
}
