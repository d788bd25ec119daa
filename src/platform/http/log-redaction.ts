import type { FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { maskIdentifiersInText } from '../../standards/mask.js';

/**
 * The one masking of text leaving the process (URLs, problem fields, log lines, messages): resident id numbers and
 * mobile numbers become their fixed masks ({@link maskIdentifiersInText}), e.g. `/search?q=610102199001011234` →
 * `/search?q=6****************4`. Percent-encoded digits are decoded first so `%36%31…` cannot slip through (the
 * text is returned as it was when nothing is masked). Other personal data (names) cannot be recognised in free
 * text: do not put it into URLs (use POST bodies, which are never logged).
 */
export function maskPersonalText(text: string): string {
  if (!/%3[0-9]/i.test(text)) return maskIdentifiersInText(text).text;
  const { text: masked, masked: changed } = maskIdentifiersInText(
    text.replace(/%3([0-9])/gi, (_m, d: string) => d),
  );
  return changed ? masked : text;
}

/** What any personal number needs somewhere in a text: a run of 11 digits, a percent-encoded or \u-escaped digit. */
const CANDIDATE = /[0-9\uFF10-\uFF19]{11}|%3[0-9]|\\u(?:003[0-9]|ff1[0-9])/i;

/** A JSON string token; in valid JSON every `"` outside a string opens one, so a left-to-right scan finds them all. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * {@link maskPersonalText} for JSON text (a response body, a log line): only the strings in it are masked, each
 * decoded, masked and re-encoded when it changed, so numbers (`{"total":15000000000}`) and the JSON itself stay
 * intact. Text without a candidate is returned at once; text that is not JSON is masked as a whole.
 */
export function maskJsonText(text: string): string {
  if (!CANDIDATE.test(text)) return text;
  try {
    JSON.parse(text);
  } catch {
    return maskPersonalText(text);
  }
  return text.replace(JSON_STRING, (token) => {
    if (!CANDIDATE.test(token)) return token;
    const value = JSON.parse(token) as string;
    const masked = maskPersonalText(value);
    return masked === value ? token : JSON.stringify(masked);
  });
}

/**
 * A log destination that writes every line through {@link maskJsonText} (pino writes one JSON object a line): no
 * log line carries a personal number. This is the one masking of logs; serializers do not mask.
 */
export function maskingStream(target: { write(line: string): unknown }): DestinationStream {
  return { write: (line: string) => void target.write(maskJsonText(line)) };
}

/** pino redaction paths: credentials never reach the log. */
export const LOG_REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-signature"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
  code?: unknown;
  statusCode?: unknown;
}

/**
 * pino serializers for Fastify's logger: requests are logged as method, URL, host and peer address (no headers, no
 * bodies); errors with message and stack. They do not mask: every line passes {@link maskingStream}, which masks
 * the URL and any database error quoting a value.
 */
export const LOG_SERIALIZERS = {
  req(req: FastifyRequest) {
    return {
      method: req.method,
      url: req.url,
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
  err(err: unknown): SerializedError {
    if (!(err instanceof Error)) return { type: typeof err, message: String(err), stack: '' };
    const e = err as Error & { code?: unknown; statusCode?: unknown };
    return {
      type: e.name,
      message: e.message,
      stack: e.stack ?? '',
      ...(e.code === undefined ? {} : { code: e.code }),
      ...(e.statusCode === undefined ? {} : { statusCode: e.statusCode }),
    };
  },
};

/** Content types whose bodies are text a reader sees: JSON, problem+json, CSV, plain text, HTML. */
const TEXT_TYPES = /^(?:application\/(?:[\w.+-]*\+)?json|text\/)/i;
const JSON_TYPES = /^application\/(?:[\w.+-]*\+)?json/i;

/** Headers that may quote a value the caller sent (a redirect, a download's file name). */
const MASKED_HEADERS = ['location', 'content-disposition'] as const;

/**
 * The `onSend` step that makes every text answer pass the one masking of personal numbers, whatever produced it:
 * echoes of what a caller sent or stored (a display name, a label, a search term), problem details and `instance`
 * (problemOf does not mask: this does), CSV exports. JSON bodies are masked inside their strings only
 * ({@link maskJsonText}), so they stay valid JSON. Typed personal fields are masked by their views before this;
 * this is the last line. Binary bodies and streams (files, PDFs, which are masked when built) pass unchanged.
 */
export function maskReplyText(
  reply: { getHeader(name: string): unknown; header(name: string, value: string): unknown },
  payload: unknown,
): unknown {
  for (const name of MASKED_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string') {
      const masked = maskPersonalText(value);
      if (masked !== value) reply.header(name, masked);
    }
  }
  const type = reply.getHeader('content-type');
  if (typeof type !== 'string' || !TEXT_TYPES.test(type)) return payload;
  const mask = JSON_TYPES.test(type) ? maskJsonText : maskPersonalText;
  if (typeof payload === 'string') return mask(payload);
  if (Buffer.isBuffer(payload)) {
    const text = payload.toString('utf8');
    const masked = mask(text);
    return masked === text ? payload : Buffer.from(masked, 'utf8');
  }
  return payload;
}
