/**
 * The error vocabulary shared by services, routes, jobs and the CLI. Services throw {@link AppError} with one of
 * these codes; the HTTP error handler maps each code to a status exactly once (platform/http/problem.ts).
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'illegal_transition'
  | 'not_eligible'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'calendar_not_published'
  | 'unavailable'
  | 'internal';

/** One problem with one piece of input: which row / field, a stable code and a readable message. */
export interface IssueDetail {
  readonly row?: number;
  readonly field?: string;
  readonly code: string;
  readonly message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly IssueDetail[];
  /** Extra machine-readable members for the problem document (e.g. `earliestDate`). */
  readonly extras: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: readonly IssueDetail[]; extras?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? [];
    this.extras = options.extras ?? {};
  }
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
