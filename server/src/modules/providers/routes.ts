import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { withProblems } from '../../platform/http.js';
import { ModelInfoSchema, PROVIDER_NAMES } from './registry.js';

const ProviderStatus = Type.Object({
  provider: Type.Enum([...PROVIDER_NAMES]),
  configured: Type.Boolean(),
  source: Type.Union([Type.Enum(['user', 'server']), Type.Null()]),
});

const AvailableModel = Type.Intersect([ModelInfoSchema, Type.Object({ keySource: Type.Enum(['user', 'server']) })]);

export const providerRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { providers }) => {
  app.get(
    '/api/models',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'listModels',
        tags: ['providers'],
        summary:
          'Models you can use now: those whose provider has your key (or else the server’s), plus what your own OpenAI-compatible server reports',
        response: withProblems({
          200: Type.Object({
            items: Type.Array(AvailableModel),
            providers: Type.Array(ProviderStatus),
            configured: Type.Boolean({ description: 'false: no provider at all; add a key or a local server URL' }),
          }),
        }),
      },
    },
    async (request) => {
      const [items, statuses] = await Promise.all([
        providers.availableModels(request.user!.id),
        providers.providers(request.user!.id),
      ]);
      return { items, providers: statuses, configured: statuses.some((status) => status.configured) };
    },
  );

  app.post(
    '/api/providers/:provider/test',
    {
      config: { auth: 'user', rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        operationId: 'testProviderConnection',
        tags: ['providers'],
        summary: 'Check that a provider answers with your key or server URL',
        params: Type.Object({ provider: Type.Enum([...PROVIDER_NAMES]) }, { additionalProperties: false }),
        response: withProblems({
          200: Type.Object({
            provider: Type.String(),
            ok: Type.Boolean(),
            source: Type.Enum(['user', 'server']),
            models: Type.Array(Type.String()),
          }),
        }),
      },
    },
    async (request) => providers.testConnection(request.user!.id, request.params.provider),
  );

  app.get(
    '/api/admin/models',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'getModelRegistry',
        tags: ['admin'],
        response: withProblems({
          200: Type.Object({ models: Type.Array(ModelInfoSchema), overrides: Type.Array(ModelInfoSchema) }),
        }),
      },
    },
    async () => ({ models: await providers.registry(), overrides: await providers.modelOverrides() }),
  );

  app.put(
    '/api/admin/models',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'putModelOverrides',
        tags: ['admin'],
        summary: 'Replace the admin’s overrides of the model registry (entries are merged over models.json by id)',
        body: Type.Object(
          { overrides: Type.Array(ModelInfoSchema, { maxItems: 500 }) },
          { additionalProperties: false },
        ),
        response: withProblems({
          200: Type.Object({ models: Type.Array(ModelInfoSchema), overrides: Type.Array(ModelInfoSchema) }),
        }),
      },
    },
    async (request) => {
      await providers.setModelOverrides(request.body.overrides);
      return { models: await providers.registry(), overrides: request.body.overrides };
    },
  );
};
