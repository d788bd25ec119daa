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
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
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

/** Whether a resolved address may be contacted. */
export function addressAllowed(address: string, policy: WebhookPolicy): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (policy.allowNetworks.check(ip, type)) return true;
  return !BLOCKED.check(ip, type);
}

/**
 * Checks a webhook URL when it is registered: absolute http(s), no user name or password in it, and — when the
 * host is an address literal — an address the policy allows. Host names are checked again at every delivery
 * against what they resolve to then.
 * @throws WebhookTargetError with the reason.
 */
export function assertWebhookUrl(raw: string, policy: WebhookPolicy): URL {
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
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
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

/**
 * POSTs `body` to a webhook URL under the policy: no redirects followed (a 3xx is a failed delivery), a 10 s
 * timeout, addresses checked after resolution.
 * @returns the HTTP status. @throws WebhookTargetError or a network error.
 */
export function postWebhook(
  policy: WebhookPolicy,
  rawUrl: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  resolveHost: Resolve = systemResolve,
): Promise<number> {
  const url = assertWebhookUrl(rawUrl, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body), 'user-agent': 'xinyong-webhook' },
        lookup: guardedLookup(policy, host, resolveHost),
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('Webhook 请求超时（10 秒）')));
    req.on('error', reject);
    req.end(body);
  });
}
