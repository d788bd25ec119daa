import type { FastifyRequest } from 'fastify';
import { maskPhone, maskRic } from '../../standards/mask.js';

// A resident id (18 = 17 digits + digit/X, or legacy 15 digits) or a mainland mobile number, not inside a longer
// run of letters or digits (so a 19-digit account number or a USCC with letters is left alone).
const RIC_18 = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const RIC_15 = /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/g;

/**
 * Masks resident id numbers and mobile numbers wherever they occur in free text (URLs, error messages, notes),
 * e.g. `/search?q=610102199001011234` → `/search?q=610102********1234`. Percent-encoded digits are decoded
 * first so `%36%31…` cannot slip through. Other personal data (names) cannot be recognised in free text: do not put
 * it into URLs (use POST bodies, which are never logged).
 */
export function maskPersonalText(text: string): string {
  let out = text;
  if (/%3[0-9]/i.test(out)) out = out.replace(/%3([0-9])/gi, (_m, d: string) => d);
  return out
    .replace(RIC_18, (m) => maskRic(m))
    .replace(RIC_15, (m) => maskRic(m))
    .replace(MOBILE, (m) => maskPhone(m));
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
