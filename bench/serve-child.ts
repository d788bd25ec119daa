// Child process for HTTP benchmarks: `app DIR [PG_URL]` serves xinyong over the bench database in DIR (or its
// PostgreSQL copy at PG_URL, bench-pg.ts); `static FILE` serves
// FILE as a static JSON response with bare Fastify (the baseline). Prints the port on stdout.
import fs from 'node:fs';
import Fastify from 'fastify';
import { buildApplication } from '../src/app.js';
import { openRuntime } from '../src/runtime.js';
import { benchConfig } from './bench-db.js';

const [mode, arg, databaseUrl] = process.argv.slice(2);
if (mode === 'static') {
  const body = fs.readFileSync(arg ?? '', 'utf8');
  const app = Fastify({ logger: false });
  app.get('/static', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
} else {
  const rt = await openRuntime(benchConfig(arg ?? '', databaseUrl), { prepare: false });
  const app = await buildApplication(rt, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
}
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
