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

/**
 * `not_found` with the message `${what} 不存在` when `what` ends in a visible ASCII character — a letter, digit or
 * sign (记录 12 不存在, 业务场景 bidding 不存在) — else `${what}不存在` (该主体不存在).
 */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what}${/[\x21-\x7e]$/.test(what) ? ' ' : ''}不存在`);
}

/**
 * `validation_failed` listing every problem in one message (each prefixed with its field when `fields` is set, for
 * definitions people write as JSON), optionally after a lead sentence; the problems go into `details` too.
 */
export function validationFailed(
  issues: readonly IssueDetail[],
  options: { lead?: string; fields?: boolean } = {},
): AppError {
  const text = issues
    .map((i) => (options.fields === true && i.field !== undefined ? `${i.field}：${i.message}` : i.message))
    .join('；');
  return new AppError('validation_failed', options.lead === undefined ? text : `${options.lead}：${text}`, {
    details: issues,
  });
}

/** `validation_failed` for a point in time (`asOf`) that cannot be read; `expected` says what would be, e.g. 日期 YYYY-MM-DD. */
export function asOfInvalid(value: string, expected: string): AppError {
  return new AppError('validation_failed', `查询时点 asOf=${value} 无效：应为${expected}`);
}

/**
 * `validation_failed` for a point in time (`asOf`) before the platform collected any data (`since`, an instant, or
 * null when it holds none): an answer for that time would be "nothing found" only because nothing was known yet.
 */
export function asOfBeforeData(value: string, since: string | null): AppError {
  return new AppError(
    'validation_failed',
    since === null
      ? `查询时点 asOf=${value} 无效：平台尚未归集任何数据`
      : `查询时点 asOf=${value} 早于平台最早归集数据的时间 ${since}，无法据此给出结论`,
  );
}

/** `validation_failed` for a point in time (`asOf`) after now: nothing is known about the future. */
export function asOfInFuture(value: string): AppError {
  return new AppError('validation_failed', `查询时点 asOf=${value} 晚于当前时间`);
}

/**
 * `illegal_transition` for a state change the transition table does not allow, naming the states by their labels:
 * `异议申请当前为“已办结”，不能变为“已延期”（已是最终状态）`. `extras` carries the codes (from, to, allowed).
 */
export function illegalTransition<S extends string>(
  what: string,
  label: (state: S) => string,
  from: S,
  to: S,
  allowed: readonly S[],
): AppError {
  const rest = allowed.length === 0 ? '（已是最终状态）' : `；当前可变为：${allowed.map(label).join('、')}`;
  return new AppError('illegal_transition', `${what}当前为“${label(from)}”，不能变为“${label(to)}”${rest}`, {
    extras: { from, to, allowed: [...allowed] },
  });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
