import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type IssueDetail } from '../errors.js';

/** HTTP status and title for each error code: the one place codes meet HTTP. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, { status: number; title: string }>> = {
  bad_request: { status: 400, title: 'Bad request' },
  validation_failed: { status: 400, title: 'Validation failed' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  illegal_transition: { status: 409, title: 'Illegal state transition' },
  not_eligible: { status: 422, title: 'Not eligible' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  calendar_not_published: { status: 503, title: 'Statutory calendar not published' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal error' },
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
      };
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
        message: typeof extra === 'string' ? `unknown property ${extra}` : (item.message ?? 'invalid'),
      };
    });
    return new AppError(
      'validation_failed',
      `invalid ${where}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
      {
        details,
      },
    );
  }
  const status = fe.statusCode;
  if (status === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('payload_too_large', fe.message ?? 'payload too large');
  }
  if (status === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('unsupported_media_type', fe.message ?? 'unsupported media type');
  }
  if (status === 429) return new AppError('rate_limited', fe.message ?? 'too many requests');
  if (status === 404) return new AppError('not_found', fe.message ?? 'not found');
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppError('bad_request', fe.message ?? 'bad request');
  }
  return new AppError('internal', 'internal error', { cause: error });
}

/** Installs the single error handler and the not-found handler; 5xx details are logged, never sent. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    const problem = problemOf(appError, request);
    if (problem.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      if (appError.code === 'internal') problem.detail = 'internal error';
    }
    if (appError.code === 'rate_limited' || appError.code === 'unavailable') {
      const after = appError.extras.retryAfter;
      reply.header('retry-after', typeof after === 'number' && after > 0 ? String(Math.ceil(after)) : '60');
    }
    return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = problemOf(
      new AppError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`),
      request,
    );
    return reply.status(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
}
