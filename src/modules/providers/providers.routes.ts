import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inTransaction } from '../../platform/db/transaction.js';
import { Nullable, Strict, StringEnum } from '../../platform/http/schema.js';
import type { Runtime } from '../../runtime.js';
import { authorize } from '../access/policy.js';
import {
  allProviders,
  getProvider,
  PROVIDER_SECTORS,
  type Provider,
  saveProvider,
} from './provider.service.js';

const ProviderSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  uscc: Nullable(Type.String()),
  regionCode: Type.String(),
  sector: Type.String(),
  sectorName: Type.String({ description: '行业领域' }),
  items: Type.Array(Type.String(), { description: '可报送的目录信息项' }),
  status: StringEnum(['active', 'suspended']),
});

const ProviderBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  uscc: Nullable(Type.String({ maxLength: 18 })),
  regionCode: Type.String({ pattern: '^\\d{6}$' }),
  sector: StringEnum(Object.keys(PROVIDER_SECTORS) as [string, ...string[]]),
  items: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 100 }),
  status: Type.Optional(StringEnum(['active', 'suspended'])),
});

const CodeParams = Strict({ code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }) });

function toView(p: Provider) {
  return { ...p, items: [...p.items], sectorName: PROVIDER_SECTORS[p.sector] ?? p.sector };
}

/** Providers (信息提供单位): the published list of data sources; the credit centre adds and changes them. */
export const providersRoutes: FastifyPluginAsyncTypebox<{ rt: Runtime }> = async (app, { rt }) => {
  app.get(
    '/providers',
    {
      schema: {
        tags: ['providers'],
        summary: '信息提供单位列表',
        response: { 200: Type.Array(ProviderSchema) },
      },
    },
    async (request) => {
      authorize(request.actor, 'provider.read');
      return (await allProviders(rt.db)).map(toView);
    },
  );

  app.get(
    '/providers/:code',
    {
      schema: {
        tags: ['providers'],
        summary: '信息提供单位',
        params: CodeParams,
        response: { 200: ProviderSchema },
      },
    },
    async (request) => {
      authorize(request.actor, 'provider.read');
      return toView(await getProvider(rt.db, request.params.code));
    },
  );

  app.put(
    '/providers/:code',
    {
      schema: {
        tags: ['providers'],
        summary: '新增或修改信息提供单位（信用中心）',
        params: CodeParams,
        body: ProviderBody,
        response: { 200: ProviderSchema },
      },
    },
    async (request) =>
      toView(
        await inTransaction(rt.db, (tx) =>
          saveProvider(
            tx,
            request.actor,
            {
              code: request.params.code,
              name: request.body.name,
              uscc:
                request.body.uscc === null || request.body.uscc.trim() === ''
                  ? null
                  : request.body.uscc.trim(),
              regionCode: request.body.regionCode,
              sector: request.body.sector,
              items: request.body.items,
              ...(request.body.status === undefined ? {} : { status: request.body.status }),
            },
            rt.clock(),
          ),
        ),
      ),
  );
};
