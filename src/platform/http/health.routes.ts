import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Db } from '../db/database.js';
import { engineOf } from '../db/engine.js';
import { migrationStatus } from '../db/migrator.js';
import { AppError } from '../errors.js';

const Health = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({
  status: Type.Literal('ready'),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  migrations: Type.Object({ applied: Type.Integer(), pending: Type.Array(Type.String()) }),
});

/** `GET /healthz` (the process is up) and `GET /readyz` (database reachable and migrations current). */
export const healthRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/readyz',
    { schema: { tags: ['ops'], summary: 'Readiness', response: { 200: Ready } } },
    async () => {
      try {
        await sql`select 1`.execute(db);
      } catch (cause) {
        throw new AppError('unavailable', 'database unreachable', { cause });
      }
      const status = await migrationStatus(db);
      if (status.pending.length > 0) {
        throw new AppError('unavailable', `pending migrations: ${status.pending.join(', ')}`);
      }
      return {
        status: 'ready' as const,
        database: engineOf(db),
        migrations: { applied: status.applied.length, pending: [] },
      };
    },
  );
};
