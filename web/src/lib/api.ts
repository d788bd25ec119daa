import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api-types';

/** An RFC 9457 problem document as the server writes it (platform/http/problem.ts). */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly requestId?: string;
  readonly errors?: readonly { row?: number; field?: string; code: string; message: string }[];
  readonly [extra: string]: unknown;
}

/** A failed API call: HTTP status plus the problem document (when the server sent one). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problemMessage(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: '请求内容有误',
  401: '请先登录',
  403: '无权执行此操作',
  404: '未找到相应信息',
  409: '当前状态不允许此操作',
  413: '文件过大',
  415: '不支持的文件类型',
  422: '不符合办理条件',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误，请稍后再试',
  503: '服务暂不可用，请稍后再试',
};

/** A message a person can act on: the server's own detail when it gave one, else a plain status text. */
export function problemMessage(status: number, problem: Problem): string {
  const base = STATUS_TEXT[status] ?? `请求失败（${status}）`;
  const detail = problem.detail?.trim();
  if (detail === undefined || detail === '' || status >= 500) return base;
  return `${base}：${detail}`;
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the current session (from GET/POST /api/v1/session). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method) && csrfToken !== null) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

/** Typed client for the platform API; types come from web/src/lib/api-types.ts (npm run gen:api). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

/** The data of an openapi-fetch result, or an {@link ApiError}. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw new ApiError(result.response.status, (result.error ?? {}) as Problem);
}

/** Human-readable message of anything thrown by an API call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return '网络连接失败，请检查网络后重试';
  if (error instanceof Error) return error.message;
  return '操作失败';
}

/** Raw fetch for endpoints whose answer is a file (templates, CSV) or multipart uploads. */
export async function rawFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const method = (init.method ?? 'GET').toUpperCase();
  if (!SAFE.has(method) && csrfToken !== null) headers.set('x-csrf-token', csrfToken);
  const res = await fetch(url, { ...init, headers, credentials: 'same-origin' });
  if (!res.ok) {
    let problem: Problem = {};
    try {
      problem = (await res.json()) as Problem;
    } catch {
      problem = {};
    }
    throw new ApiError(res.status, problem);
  }
  return res;
}

/** Saves a response body as a file via a temporary object URL (works without popups). */
export async function downloadResponse(res: Response, fallbackName: string): Promise<void> {
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = star !== undefined ? decodeURIComponent(star) : (plain ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Response body type of `GET path` (200). */
export type GetResponse<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;
