import path from 'node:path';
import { PUBLIC_ONLY, parseWebhookPolicy, type WebhookPolicy } from './http/webhook-target.js';

/** Database engine selected by `XINYONG_DATABASE_URL`. */
export type DatabaseConfig =
  | { readonly engine: 'sqlite'; readonly file: string }
  | { readonly engine: 'postgres'; readonly url: string; readonly poolMax: number };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The process configuration, read once from the environment and frozen. */
export interface Config {
  readonly database: DatabaseConfig;
  readonly host: string;
  readonly port: number;
  /** GB/T 2260 code of the deployment's region, e.g. 610000 陕西省. */
  readonly region: string;
  readonly dataDir: string;
  /** File holding the SM4 / HMAC keys; created with mode 0600 on first start. */
  readonly secretFile: string;
  readonly logLevel: LogLevel;
  /** Absolute base URL printed on reports and QR codes, e.g. https://credit.shaanxi.gov.cn */
  readonly publicUrl: string;
  /** Load the shipped sample data into an empty database on `serve`. */
  readonly loadSampleData: boolean;
  /** Sessions, throttling and rate limits (docs/adr/0005-request-authentication.md). */
  readonly security: SecurityConfig;
  /** File ingests running at once; more wait as `queued` (docs/adr/0019-ingest-memory.md). */
  readonly ingest: IngestConfig;
}

/** Limits on concurrent file ingests in one process. */
export interface IngestConfig {
  /** File ingests running at once in this process. */
  readonly concurrency: number;
  /** File ingests running at once for one provider. */
  readonly concurrencyPerProvider: number;
}

/** Account and request-protection settings. */
export interface SecurityConfig {
  /** A session ends after this many minutes without a request. */
  readonly sessionIdleMinutes: number;
  /** A session ends this many hours after sign-in, however active. */
  readonly sessionMaxHours: number;
  /** Per-principal request rate limits (@fastify/rate-limit); off only for tests and benchmarks. */
  readonly rateLimits: boolean;
  /** Requests per minute per IP address for anonymous callers (public search and reads). */
  readonly publicRatePerMinute: number;
  /** Requests per minute per signed-in user. */
  readonly userRatePerMinute: number;
  /** Default requests per minute per API client (a client may carry its own limit). */
  readonly clientRatePerMinute: number;
  /** Sign-in attempts per minute per IP address. */
  readonly loginRatePerMinute: number;
  /** Failed sign-ins per user name within 15 minutes before it is locked for the rest of the window. */
  readonly loginMaxFailures: number;
  /** Fastify `trustProxy`: false, true, a hop count, or comma-separated proxy addresses / CIDRs. */
  readonly trustProxy: boolean | number | string;
  /** Private hosts and networks webhooks may reach (public addresses always; see platform/http/webhook-target.ts). */
  readonly webhooks: WebhookPolicy;
  /** Longest validity of a registered consent (授权) in calendar days, first and last day included (PIPL art. 19). */
  readonly consentMaxDays: number;
}

/**
 * One year: a consent is given for one business (a loan, a tender, a licence) and PIPL art. 19 keeps personal
 * information no longer than its purpose needs; a year covers the business cycles credit users name. Longer
 * monitoring (e.g. the life of a loan) is configured explicitly, up to ten years.
 */
export const DEFAULT_CONSENT_MAX_DAYS = 365;

/** One environment key that could not be used, with the reason. */
export interface ConfigProblem {
  readonly key: string;
  readonly value: string;
  readonly reason: string;
}

/** Thrown when one or more keys are invalid; lists every problem at once. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration: ${problems.map((p) => `${p.key}=${JSON.stringify(p.value)}: ${p.reason}`).join('; ')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Keys this process reads, with defaults and meaning; the README table is generated from the same facts. */
export const CONFIG_KEYS = [
  ['XINYONG_DATABASE_URL', 'sqlite:<DATA_DIR>/xinyong.sqlite', 'sqlite:FILE or postgres://user@host:port/db'],
  ['XINYONG_HOST', '127.0.0.1', 'address the HTTP server binds'],
  ['XINYONG_PORT', '8080', 'HTTP port (1–65535)'],
  ['XINYONG_REGION', '610000', 'GB/T 2260 region code of the deployment'],
  ['XINYONG_DATA_DIR', './data', 'directory for the SQLite file, secrets and evidence files'],
  ['XINYONG_SECRET_FILE', '<DATA_DIR>/secrets.json', 'SM4/HMAC/signing keys, created 0600 when missing'],
  ['XINYONG_LOG_LEVEL', 'info', 'fatal | error | warn | info | debug | trace | silent'],
  ['XINYONG_PUBLIC_URL', 'http://<HOST>:<PORT>', 'base URL printed on reports and QR codes'],
  ['XINYONG_SAMPLE_DATA', 'true', 'load the shipped sample data into an empty database on serve'],
  ['XINYONG_PG_POOL_MAX', '10', 'PostgreSQL pool size'],
  [
    'XINYONG_INGEST_CONCURRENCY',
    '2',
    'file ingests running at once in this process (1–64); others wait as 排队中',
  ],
  ['XINYONG_INGEST_CONCURRENCY_PER_PROVIDER', '1', 'file ingests running at once for one provider (1–64)'],
  ['XINYONG_SESSION_IDLE_MINUTES', '30', 'sign-in session ends after this many idle minutes (1–1440)'],
  ['XINYONG_SESSION_MAX_HOURS', '12', 'sign-in session ends this many hours after sign-in (1–720)'],
  ['XINYONG_RATE_LIMITS', 'true', 'per-IP / per-user / per-client request rate limits'],
  ['XINYONG_RATE_LIMIT_PUBLIC', '300', 'requests per minute per IP for anonymous callers'],
  ['XINYONG_RATE_LIMIT_USER', '1200', 'requests per minute per signed-in user'],
  ['XINYONG_RATE_LIMIT_CLIENT', '600', 'default requests per minute per API client'],
  ['XINYONG_RATE_LIMIT_LOGIN', '20', 'sign-in attempts per minute per IP'],
  [
    'XINYONG_LOGIN_MAX_FAILURES',
    '5',
    'failed sign-ins per user name and IP in 15 minutes before a lockout (4× per IP, 10× per name)',
  ],
  [
    'XINYONG_TRUST_PROXY',
    'false',
    'true, hop count, or proxy addresses/CIDRs whose X-Forwarded-For is trusted',
  ],
  [
    'XINYONG_WEBHOOK_ALLOW',
    '(none)',
    'private host names / CIDR networks webhooks may reach; public addresses are always reachable',
  ],
  ['XINYONG_CONSENT_MAX_DAYS', '365', 'longest validity of a registered consent in days (1–3650)'],
] as const;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the environment into a frozen {@link Config}.
 * @throws ConfigError naming every invalid key, so an operator fixes them all in one go.
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  const problems: ConfigProblem[] = [];
  const get = (key: string): string | undefined => {
    const value = env[key];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const fail = (key: string, value: string, reason: string): void => {
    problems.push({ key, value, reason });
  };

  const dataDir = path.resolve(cwd, get('XINYONG_DATA_DIR') ?? './data');
  const host = get('XINYONG_HOST') ?? '127.0.0.1';

  const port = parseInteger(get('XINYONG_PORT') ?? '8080', 1, 65535);
  if (port === undefined) fail('XINYONG_PORT', env.XINYONG_PORT ?? '', 'must be an integer from 1 to 65535');

  const poolMax = parseInteger(get('XINYONG_PG_POOL_MAX') ?? '10', 1, 1000);
  if (poolMax === undefined) {
    fail('XINYONG_PG_POOL_MAX', env.XINYONG_PG_POOL_MAX ?? '', 'must be an integer from 1 to 1000');
  }

  const rawUrl = get('XINYONG_DATABASE_URL') ?? `sqlite:${path.join(dataDir, 'xinyong.sqlite')}`;
  const database = parseDatabaseUrl(rawUrl, cwd, poolMax ?? 10);
  if (typeof database === 'string') fail('XINYONG_DATABASE_URL', rawUrl, database);

  const region = get('XINYONG_REGION') ?? '610000';
  if (!/^[1-9]\d{5}$/.test(region)) fail('XINYONG_REGION', region, 'must be a 6-digit GB/T 2260 region code');

  const logLevel = (get('XINYONG_LOG_LEVEL') ?? 'info').toLowerCase();
  if (!isLogLevel(logLevel)) fail('XINYONG_LOG_LEVEL', logLevel, `must be one of ${LOG_LEVELS.join(', ')}`);

  const secretFile = path.resolve(cwd, get('XINYONG_SECRET_FILE') ?? path.join(dataDir, 'secrets.json'));

  const publicUrlRaw = get('XINYONG_PUBLIC_URL') ?? `http://${hostForUrl(host)}:${port ?? 8080}`;
  let publicUrl = publicUrlRaw.replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    fail('XINYONG_PUBLIC_URL', publicUrlRaw, 'must be an absolute http(s) URL');
    publicUrl = '';
  }

  const sample = parseBoolean(get('XINYONG_SAMPLE_DATA') ?? 'true');
  if (sample === undefined)
    fail('XINYONG_SAMPLE_DATA', env.XINYONG_SAMPLE_DATA ?? '', 'must be true or false');

  const int = (key: string, fallback: number, min: number, max: number): number => {
    const n = parseInteger(get(key) ?? String(fallback), min, max);
    if (n === undefined) fail(key, env[key] ?? '', `must be an integer from ${min} to ${max}`);
    return n ?? fallback;
  };
  const rateLimits = parseBoolean(get('XINYONG_RATE_LIMITS') ?? 'true');
  if (rateLimits === undefined)
    fail('XINYONG_RATE_LIMITS', env.XINYONG_RATE_LIMITS ?? '', 'must be true or false');
  const webhookRaw = get('XINYONG_WEBHOOK_ALLOW') ?? '';
  const webhooks = parseWebhookPolicy(webhookRaw);
  if (typeof webhooks === 'string') fail('XINYONG_WEBHOOK_ALLOW', webhookRaw, webhooks);
  const security: SecurityConfig = Object.freeze({
    sessionIdleMinutes: int('XINYONG_SESSION_IDLE_MINUTES', 30, 1, 1440),
    sessionMaxHours: int('XINYONG_SESSION_MAX_HOURS', 12, 1, 720),
    rateLimits: rateLimits ?? true,
    publicRatePerMinute: int('XINYONG_RATE_LIMIT_PUBLIC', 300, 1, 1_000_000),
    userRatePerMinute: int('XINYONG_RATE_LIMIT_USER', 1200, 1, 1_000_000),
    clientRatePerMinute: int('XINYONG_RATE_LIMIT_CLIENT', 600, 1, 1_000_000),
    loginRatePerMinute: int('XINYONG_RATE_LIMIT_LOGIN', 20, 1, 10_000),
    loginMaxFailures: int('XINYONG_LOGIN_MAX_FAILURES', 5, 1, 1000),
    trustProxy: parseTrustProxy(get('XINYONG_TRUST_PROXY') ?? 'false'),
    webhooks: typeof webhooks === 'string' ? PUBLIC_ONLY : webhooks,
    consentMaxDays: int('XINYONG_CONSENT_MAX_DAYS', DEFAULT_CONSENT_MAX_DAYS, 1, 3650),
  });

  const ingest: IngestConfig = Object.freeze({
    concurrency: int('XINYONG_INGEST_CONCURRENCY', 2, 1, 64),
    concurrencyPerProvider: int('XINYONG_INGEST_CONCURRENCY_PER_PROVIDER', 1, 1, 64),
  });

  if (problems.length > 0 || typeof database === 'string' || port === undefined || !isLogLevel(logLevel)) {
    throw new ConfigError(problems);
  }
  return Object.freeze({
    database: Object.freeze(database),
    host,
    port,
    region,
    dataDir,
    secretFile,
    logLevel,
    publicUrl,
    loadSampleData: sample ?? true,
    security,
    ingest,
  });
}

/** Parses `sqlite:FILE`, `sqlite::memory:` or `postgres(ql)://…`; returns the reason string when it cannot. */
export function parseDatabaseUrl(raw: string, cwd: string, poolMax = 10): DatabaseConfig | string {
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') return 'sqlite: needs a file path, e.g. sqlite:./data/xinyong.sqlite';
    return { engine: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      const u = new URL(raw);
      if (u.hostname === '' && !u.searchParams.has('host')) return 'postgres URL needs a host';
      return { engine: 'postgres', url: raw, poolMax };
    } catch {
      return 'not a valid postgres:// URL';
    }
  }
  return 'must start with sqlite: or postgres://';
}

function parseInteger(raw: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

function parseBoolean(raw: string): boolean | undefined {
  const v = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return undefined;
}

function parseTrustProxy(raw: string): boolean | number | string {
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const v = raw.toLowerCase();
  return v === 'true' || v === 'false' ? v === 'true' : raw;
}

function isLogLevel(v: string): v is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(v);
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
