import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

export interface WebOptions {
  /** Directory of the built SPA (`npm run build:web`); default `<project>/web/dist`. */
  readonly distDir?: string;
}

/** Paths that belong to the API and the probes: never answered with the SPA. */
const NOT_SPA = /^\/(api|healthz|readyz)(\/|$|\?)/;

const ONE_YEAR_SECONDS = 31_536_000;

/** The project root: the nearest folder above this file with a package.json (works from src/ and dist/). */
function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export function defaultDistDir(): string {
  return path.join(projectRoot(), 'web', 'dist');
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>门户页面尚未构建</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937;line-height:1.7}code{background:#f3f4f6;padding:.1rem .35rem;border-radius:4px}</style>
</head><body><main>
<h1>门户页面尚未构建</h1>
<p>服务已启动，接口可用（<a href="/api/docs">接口文档</a>），但网页前端尚未构建，<code>web/dist</code> 不存在。</p>
<p>请在项目目录运行 <code>npm run build:web</code>（<code>npm ci</code> 会自动构建），然后刷新本页。</p>
<p lang="en">The web UI has not been built (web/dist is missing). Run <code>npm run build:web</code>, then reload.</p>
</main></body></html>
`;

/**
 * Serves the built single-page application: hashed files under /assets with a one-year immutable cache, other
 * files of web/dist (favicon …) briefly cached, and index.html (never cached) for every other GET path that is
 * not the API or a probe, so client-side routes like /subject/91610000… load the app. Registered after the API
 * routes. When web/dist is missing, a page says how to build it (status 503) instead of a bare 404.
 * Static files are exempt from request rate limits: one page load fetches several of them.
 */
export const webRoutes: FastifyPluginAsync<WebOptions> = async (app, options) => {
  const root = options.distDir ?? defaultDistDir();
  const built = () => fs.existsSync(path.join(root, 'index.html'));
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true });

  const notBuilt = (reply: FastifyReply) =>
    reply
      .status(503)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(NOT_BUILT_PAGE);

  const sendIndex = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });

  const hidden = { schema: { hide: true }, config: { rateLimit: false } } as const;

  app.get('/assets/*', hidden, async (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
    if (!built()) return notBuilt(reply);
    const rel = request.params['*'];
    if (!isPlainRelative(rel) || !fs.existsSync(path.join(root, 'assets', rel))) return reply.callNotFound();
    return reply.sendFile(path.posix.join('assets', rel), root, {
      maxAge: ONE_YEAR_SECONDS * 1000,
      immutable: true,
    });
  });

  app.get('/*', hidden, async (request: FastifyRequest<{ Params: { '*': string } }>, reply) => {
    const url = request.url;
    if (NOT_SPA.test(url)) return reply.callNotFound();
    if (!built()) return notBuilt(reply);
    const rel = request.params['*'];
    if (
      rel !== '' &&
      isPlainRelative(rel) &&
      fs.statSync(path.join(root, rel), { throwIfNoEntry: false })?.isFile()
    )
      return reply.sendFile(rel, root, { maxAge: 3_600_000 });
    return sendIndex(reply);
  });
};

/** A relative path without traversal, dot-files or backslashes (sendFile checks too; this keeps 404s clean). */
function isPlainRelative(rel: string): boolean {
  if (rel === '' || rel.includes('\\') || rel.includes('\0')) return false;
  return rel.split('/').every((part) => part !== '' && part !== '..' && !part.startsWith('.'));
}
