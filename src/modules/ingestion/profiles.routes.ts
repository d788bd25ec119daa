import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Runtime } from '../../runtime.js';
import type { ColumnTransform } from './mapping-profile.js';
import { ProfileBody, ProfileParams, ProfileSchema } from './profile.schemas.js';
import { listProfilesFor, type ProfileView, readProfile, saveProfile } from './profile.service.js';

function toView(p: ProfileView) {
  return {
    name: p.name,
    item: p.item,
    provider: p.provider,
    description: p.description,
    columns: { ...p.columns },
    transforms: { ...(p.transforms ?? {}) },
    ignore: { ...(p.ignore ?? {}) },
    origin: p.origin,
  };
}

/**
 * Header mapping profiles (表头映射方案) under /api/v1/profiles: a provider's export layout mapped onto a catalog
 * item, chosen by name when uploading. The credit centre manages all of them; a provider's operators their own.
 */
export const profilesRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/profiles',
    {
      schema: {
        tags: ['collection'],
        summary: '表头映射方案列表（本单位及通用方案）',
        response: { 200: Type.Array(ProfileSchema) },
      },
    },
    async (request) => (await listProfilesFor(rt.db, request.actor)).map(toView),
  );

  app.get(
    '/profiles/:name',
    {
      schema: {
        tags: ['collection'],
        summary: '表头映射方案',
        params: ProfileParams,
        response: { 200: ProfileSchema },
      },
    },
    async (request) => toView(await readProfile(rt.db, request.actor, request.params.name)),
  );

  app.put(
    '/profiles/:name',
    {
      schema: {
        tags: ['collection'],
        summary: '保存表头映射方案（新建或覆盖；随附的方案不能覆盖）',
        params: ProfileParams,
        body: ProfileBody,
        response: { 200: ProfileSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const saved = await inTransaction(rt.db, (tx) =>
        saveProfile(
          tx,
          request.actor,
          {
            name: request.params.name,
            item: body.item.trim().toUpperCase(),
            provider: body.provider,
            description: body.description.trim(),
            columns: body.columns,
            ...(body.transforms === undefined
              ? {}
              : { transforms: body.transforms as Record<string, ColumnTransform> }),
            ...(body.ignore === undefined ? {} : { ignore: body.ignore }),
          },
          rt.clock(),
        ),
      );
      return toView(saved);
    },
  );
};
