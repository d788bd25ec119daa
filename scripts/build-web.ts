// Builds the web app (web/ → web/dist) with Vite and writes .br/.gz copies of text assets, which the server
// sends to browsers that accept them (src/modules/web). Run by `npm ci` / `npm install` (prepare) and by
// `npm run build:web`. `--if-possible` (prepare) skips with a note when Vite is not installed (npm ci --omit=dev).
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web', 'dist');
const ifPossible = process.argv.includes('--if-possible');

let vite: typeof import('vite');
try {
  vite = await import('vite');
} catch (e) {
  if (!ifPossible) throw e;
  console.warn('web: vite is not installed (production-only install?); skipping the web build');
  process.exit(0);
}

const started = Date.now();
await vite.build({ configFile: path.join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;
let raw = 0;
let compressed = 0;
const files = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => COMPRESSIBLE.test(f));
await Promise.all(
  files.map(async (rel) => {
    const file = path.join(dist, rel);
    const body = fs.readFileSync(file);
    if (body.length < 1024) return;
    const [br, gz] = await Promise.all([
      brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
      gzip(body, { level: 9 }),
    ]);
    fs.writeFileSync(`${file}.br`, br);
    fs.writeFileSync(`${file}.gz`, gz);
    raw += body.length;
    compressed += br.length;
  }),
);
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
console.log(
  `web: built web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s (${kib(raw)} of text assets, ${kib(compressed)} brotli)`,
);
