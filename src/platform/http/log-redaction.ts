import type { FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { maskIdentifiersInText } from '../../standards/mask.js';

/**
 * The one masking of text leaving the process (URLs, problem fields, log lines, messages): resident id numbers and
 * mobile numbers become their fixed masks ({@link maskIdentifiersInText}), e.g. `/search?q=610102199001011234` →
 * `/search?q=6****************4`. Percent-encoded digits are decoded first so `%36%31…` cannot slip through. Other
 * personal data (names) cannot be recognised in free text: do not put it into URLs (use POST bodies, which are
 * never logged).
 */
export function maskPersonalText(text: string): string {
  const decoded = /%3[0-9]/i.test(text) ? text.replace(/%3([0-9])/gi, (_m, d: string) => d) : text;
  return maskIdentifiersInText(decoded).text;
}

/** A log destination that writes every line through {@link maskPersonalText}: no log line carries a personal number. */
export function maskingStream(target: { write(line: string): unknown }): DestinationStream {
  return { write: (line: string) => void target.write(maskPersonalText(line)) };
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
 * pino serializers for Fastify's logger: requests are logged as method, masked URL, host and peer address (no
 * headers, no bodies); errors with masked message and stack (database errors may quote a value).
 */
export const LOG_SERIALIZERS = {
  req(req: FastifyRequest) {
    return {
      method: req.method,
      url: maskPersonalText(req.url),
      host: req.host,
      remoteAddress: req.ip,
      remotePort: req.socket?.remotePort,
    };
  },
  err(err: unknown): SerializedError {
    if (!(err instanceof Error))
      return { type: typeof err, message: maskPersonalText(String(err)), stack: '' };
    const e = err as Error & { code?: unknown; statusCode?: unknown };
    return {
      type: e.name,
      message: maskPersonalText(e.message),
      stack: maskPersonalText(e.stack ?? ''),
      ...(e.code === undefined ? {} : { code: e.code }),
      ...(e.statusCode === undefined ? {} : { statusCode: e.statusCode }),
    };
  },
};
