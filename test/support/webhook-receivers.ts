// Local webhook receivers for tests: one that records what it gets, ones that hang or trickle, and a policy parser.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { parseWebhookPolicy, type WebhookPolicy } from '../../src/platform/http/webhook-target.js';

export function policy(raw: string): WebhookPolicy {
  const p = parseWebhookPolicy(raw);
  if (typeof p === 'string') throw new Error(p);
  return p;
}

/** One request a receiver got. */
export interface Received {
  readonly path: string;
  readonly body: string;
  readonly signature: string;
  readonly delivery: string;
}

/** A local receiver that answers with `status()` and keeps what it got. */
export async function receiver(status: () => number) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      got.push({
        path: req.url ?? '',
        body,
        signature: String(req.headers['x-xinyong-signature']),
        delivery: String(req.headers['x-xinyong-delivery']),
      });
      res.writeHead(status(), { location: 'http://169.254.169.254/' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { got, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A local receiver that misbehaves: `hang` reads the request and never answers; `drip` answers 200 at once and then
 * sends its body one byte every 50 ms, forever.
 */
export async function badReceiver(mode: 'hang' | 'drip') {
  const paths: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    if (mode === 'drip') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.flushHeaders();
      const timer = setInterval(() => res.write('.'), 50);
      timers.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A raw TCP receiver that sends a status line and then its headers one byte every 50 ms, never finishing them. */
export async function dripHeadersReceiver() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.write('HTTP/1.1 200 OK\r\n');
    const timer = setInterval(() => socket.write('x'), 50);
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
