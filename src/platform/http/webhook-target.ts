import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where webhooks may point. A webhook URL is chosen by a user, so the server must not become a way to reach
 * its own loopback, the metadata service or the intranet (server-side request forgery): by default only
 * public addresses are reached; `allowHosts` / `allowNetworks` (XINYONG_WEBHOOK_ALLOW) open named intranet
 * hosts or networks, e.g. a department system on the 政务外网.
 */
export interface WebhookPolicy {
  /** Lower-case host names reachable whatever they resolve to. */
  readonly allowHosts: ReadonlySet<string>;
  /** Networks reachable although private or loopback. */
  readonly allowNetworks: BlockList;
}

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  // 64:ff9b::/96 (NAT64 well-known prefix) is judged by the IPv4 address it carries, see embeddedIPv4s
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** A webhook URL or address the policy refuses; `reason` is shown to the user. */
export class WebhookTargetError extends Error {
  override readonly name = 'WebhookTargetError';
}

/**
 * Parses XINYONG_WEBHOOK_ALLOW: comma-separated host names and CIDR networks (`10.20.0.0/16`, `notify.sx.gov`).
 * @returns the policy, or the reason the value is invalid.
 */
export function parseWebhookPolicy(raw: string): WebhookPolicy | string {
  const allowHosts = new Set<string>();
  const allowNetworks = new BlockList();
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr !== null) {
      const [, address = '', bits = ''] = cidr;
      const family = isIP(address);
      const prefix = Number(bits);
      if (family === 0 || prefix > (family === 4 ? 32 : 128)) return `“${entry}” is not a CIDR network`;
      allowNetworks.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (isIP(entry) !== 0) {
      allowNetworks.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry)) {
      allowHosts.add(entry.toLowerCase());
    } else return `“${entry}” is neither a host name nor a CIDR network`;
  }
  return { allowHosts, allowNetworks };
}

/** The policy that reaches only public addresses. */
export const PUBLIC_ONLY: WebhookPolicy = { allowHosts: new Set(), allowNetworks: new BlockList() };

/** The eight 16-bit groups of an IPv6 address (without zone id), or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address;
  if (isIP(text) !== 6) return null;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
  const [head = '', tail] = text.split('::');
  if (tail === undefined) return parse(head);
  const before = parse(head);
  const after = parse(tail);
  return [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
}

/** The dotted IPv4 address in two 16-bit groups. */
function dotted(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/**
 * How an IPv6 address carries an IPv4 address. `stands-for`: the IPv6 address is another name of the IPv4 host —
 * IPv4-compatible `::a.b.c.d` (deprecated, still routed by some stacks), IPv4-mapped `::ffff:a.b.c.d`,
 * IPv4-translated `::ffff:0:a.b.c.d` (RFC 2765 SIIT) and the NAT64 well-known prefix `64:ff9b::a.b.c.d`
 * (RFC 6052) — so it is judged as that IPv4 address. `tunnel`: the IPv4 address is a tunnel end point the packets
 * are sent to — 6to4 `2002:AABB:CCDD::/48` (RFC 3056), Teredo `2001:0::/32` with the server in bits 32–63 and
 * the client, inverted, in the last 32 bits (RFC 4380), ISATAP interface ids `…:0:5efe:a.b.c.d` /
 * `…:200:5efe:a.b.c.d` (RFC 5214) — so a refused end point refuses the address.
 */
interface Embedded {
  readonly form: 'stands-for' | 'tunnel';
  readonly ipv4: string;
}

/** Every IPv4 address embedded in `address`, whatever the notation (`::7f00:1` is `::127.0.0.1`). */
export function embeddedIPv4s(address: string): Embedded[] {
  const g = ipv6Groups(address);
  if (g === null || g.length !== 8) return [];
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const out: Embedded[] = [];
  const zero = (...xs: number[]) => xs.every((x) => x === 0);
  // :: and ::1 come out as 0.0.0.0 and 0.0.0.1, refused like any 0.0.0.0/8 address
  if (zero(g0, g1, g2, g3, g4) && (g5 === 0 || g5 === 0xffff))
    out.push({ form: 'stands-for', ipv4: dotted(g6, g7) });
  if (zero(g0, g1, g2, g3, g5) && g4 === 0xffff) out.push({ form: 'stands-for', ipv4: dotted(g6, g7) });
  if (g0 === 0x64 && g1 === 0xff9b && zero(g2, g3, g4, g5))
    out.push({ form: 'stands-for', ipv4: dotted(g6, g7) });
  if (g0 === 0x2002) out.push({ form: 'tunnel', ipv4: dotted(g1, g2) });
  if (g0 === 0x2001 && g1 === 0) {
    out.push({ form: 'tunnel', ipv4: dotted(g2, g3) });
    out.push({ form: 'tunnel', ipv4: dotted(g6 ^ 0xffff, g7 ^ 0xffff) });
  }
  if ((g4 & 0xfdff) === 0 && g5 === 0x5efe) out.push({ form: 'tunnel', ipv4: dotted(g6, g7) });
  return out;
}

/** Whether an IPv4 address may be contacted under the policy (the literal `ipv6` form it came in may be allowed too). */
function ipv4Allowed(ipv4: string, policy: WebhookPolicy): boolean {
  return policy.allowNetworks.check(ipv4, 'ipv4') || !BLOCKED.check(ipv4, 'ipv4');
}

/**
 * Whether a resolved address may be contacted. An IPv6 address that stands for an IPv4 address (mapped,
 * compatible, translated, NAT64) is judged as that IPv4 address; one that tunnels to an IPv4 end point (6to4,
 * Teredo, ISATAP) is refused when the end point is, and is otherwise judged as IPv6. An address or network the
 * administrator allows is always reached.
 */
export function addressAllowed(address: string, policy: WebhookPolicy): boolean {
  const ip = address.replace(/%.*$/, '');
  const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (policy.allowNetworks.check(ip, type)) return true;
  if (type === 'ipv4') return !BLOCKED.check(ip, 'ipv4');
  const embedded = embeddedIPv4s(ip);
  if (embedded.some((e) => !ipv4Allowed(e.ipv4, policy))) return false;
  const standsFor = embedded.find((e) => e.form === 'stands-for');
  if (standsFor !== undefined) return true;
  return !BLOCKED.check(ip, 'ipv6');
}

/** The host of a parsed URL as the policy compares it: lower case, without IPv6 brackets or trailing dots. */
function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.+$/, '');
}

/**
 * Checks a webhook URL when it is registered: no whitespace or control characters anywhere in it (the URL parser
 * would silently drop a trailing newline or an inner tab, so what is stored would differ from what was checked), and
 * the target rules of {@link assertWebhookTarget}.
 * @throws WebhookTargetError with the reason.
 */
export function assertWebhookUrl(raw: string, policy: WebhookPolicy): URL {
  if (/[\s\p{Cc}]/u.test(raw))
    throw new WebhookTargetError('Webhook 地址不能包含空格、换行等空白字符或控制字符');
  return assertWebhookTarget(raw, policy);
}

/**
 * Checks where a webhook URL leads, at registration and again at every delivery: absolute http(s), no user name or
 * password in it, and — when the host is an address literal — an address the policy allows. Host names are compared
 * without trailing dots (`localhost.` is `localhost`); what they resolve to is checked at each delivery.
 * @throws WebhookTargetError with the reason.
 */
function assertWebhookTarget(raw: string, policy: WebhookPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError('Webhook 地址不是完整的 URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WebhookTargetError('Webhook 地址必须使用 http 或 https');
  if (url.username !== '' || url.password !== '')
    throw new WebhookTargetError('Webhook 地址中不能包含用户名或密码');
  const host = hostOf(url);
  if (policy.allowHosts.has(host)) return url;
  if (host === 'localhost' || host.endsWith('.localhost'))
    throw new WebhookTargetError('Webhook 地址不能指向本服务器（localhost）');
  if (/(^|\.)(internal|local|localdomain|home\.arpa)$/.test(host) || host.startsWith('metadata.'))
    throw new WebhookTargetError(`Webhook 地址指向内部主机名（${host}）`);
  if (isIP(host) !== 0 && !addressAllowed(host, policy))
    throw new WebhookTargetError(
      `Webhook 地址指向内网或保留地址（${host}）；如确需使用，请管理员通过 XINYONG_WEBHOOK_ALLOW 放行`,
    );
  return url;
}

/** Resolves a host name to all its addresses (dns.lookup with `all: true`; replaceable in tests). */
export type Resolve = (
  hostname: string,
  options: { family?: number },
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

const systemResolve: Resolve = (hostname, options, callback) =>
  dns.lookup(hostname, { family: options.family ?? 0, all: true }, callback);

/** A DNS lookup that refuses addresses the policy does not allow, so a host cannot be re-pointed after registration. */
function guardedLookup(policy: WebhookPolicy, host: string, resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    const family = typeof options.family === 'number' ? options.family : 0;
    resolve(hostname, { family }, (err, list) => {
      if (err !== null) return callback(err, '', 0);
      const open = policy.allowHosts.has(host) ? list : list.filter((a) => addressAllowed(a.address, policy));
      const first = open[0];
      if (first === undefined)
        return callback(new WebhookTargetError(`${hostname} 只解析到内网或保留地址`), '', 0);
      if (options.all === true)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, open);
      callback(null, first.address, first.family);
    });
  };
}

/** Default total deadline of one webhook request: connection, request and response headers. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Options of {@link postWebhook}. */
export interface PostWebhookOptions {
  /** Total deadline in milliseconds (default {@link WEBHOOK_TIMEOUT_MS}), from the DNS lookup to the status line. */
  readonly timeoutMs?: number;
  /** Host name resolution (default: the system resolver). */
  readonly resolveHost?: Resolve;
}

/**
 * POSTs `body` to a webhook URL under the policy: no redirects followed (a 3xx is a failed delivery), addresses
 * checked after resolution, and one total deadline for the whole exchange. Only the status line and headers are
 * waited for; the response body is never read (the connection is closed), so a receiver that trickles its body
 * cannot hold the delivery.
 * @returns the HTTP status. @throws WebhookTargetError, a timeout or a network error.
 */
export function postWebhook(
  policy: WebhookPolicy,
  rawUrl: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: PostWebhookOptions = {},
): Promise<number> {
  // not assertWebhookUrl: a URL stored before whitespace was refused still reaches the target its parse checked
  const url = assertWebhookTarget(rawUrl, policy);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const request = url.protocol === 'https:' ? https.request : http.request;
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'xinyong-webhook' },
        lookup: guardedLookup(policy, hostOf(url), options.resolveHost ?? systemResolve),
        signal,
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', (e) =>
      reject(signal.aborted ? new Error(`Webhook 请求超时（${timeoutMs / 1000} 秒内未收到响应）`) : e),
    );
    req.end(body);
  });
}
