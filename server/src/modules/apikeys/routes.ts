import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { withProblems } from '../../platform/http.js';
import { PROVIDERS } from './service.js';

const ProviderParams = Type.Object({ provider: Type.Enum([...PROVIDERS]) }, { additionalProperties: false });

const ApiKeyView = Type.Object({
  provider: Type.Enum([...PROVIDERS]),
  configured: Type.Boolean(),
  last4: Type.Union([Type.String(), Type.Null()]),
  baseUrl: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

const ServerKeyView = Type.Object({
  provider: Type.Enum([...PROVIDERS]),
  configured: Type.Boolean(),
  source: Type.Union([Type.Enum(['admin', 'environment']), Type.Null()], {
    description: 'admin: set here (overrides the environment); environment: OPENAI_API_KEY and the like',
  }),
  last4: Type.Union([Type.String(), Type.Null()]),
  baseUrl: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

const ApiKeyInput = (baseUrlDescription: string) =>
  Type.Object(
    {
      apiKey: Type.Optional(
        Type.String({ minLength: 8, maxLength: 512, pattern: '^\\S+$', description: 'no whitespace' }),
      ),
      baseUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2048, description: baseUrlDescription })),
    },
    { additionalProperties: false },
  );

export const apiKeyRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { apiKeys, serverKeys, providers, origin },
) => {
  app.get(
    '/api/settings/api-keys',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'listApiKeys',
        tags: ['settings'],
        summary: 'Which providers have a key of yours (last 4 characters only)',
        response: withProblems({ 200: Type.Object({ items: Type.Array(ApiKeyView) }) }),
      },
    },
    async (request) => ({ items: await apiKeys.list(request.user!.id) }),
  );

  app.get(
    '/api/settings/api-keys/:provider',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'getApiKey',
        tags: ['settings'],
        params: ProviderParams,
        response: withProblems({ 200: ApiKeyView }),
      },
    },
    async (request) => apiKeys.get(request.user!.id, request.params.provider),
  );

  app.put(
    '/api/settings/api-keys/:provider',
    {
      config: { auth: 'user', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        operationId: 'putApiKey',
        tags: ['settings'],
        summary:
          'Store your key for a provider (encrypted at rest, never shown again in full), and optionally the base URL of your own server',
        params: ProviderParams,
        body: ApiKeyInput(
          'Your own server (required for openai-compatible, e.g. http://localhost:11434/v1 for Ollama); only your key is ever sent to it',
        ),
        response: withProblems({ 200: ApiKeyView }),
      },
    },
    async (request) => apiKeys.set(request.user!.id, request.params.provider, request.body, origin(request)),
  );

  app.delete(
    '/api/settings/api-keys/:provider',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'deleteApiKey',
        tags: ['settings'],
        params: ProviderParams,
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await apiKeys.remove(request.user!.id, request.params.provider, origin(request));
      return reply.code(204).send(null);
    },
  );

  const admin = { auth: 'admin' as const };

  app.get(
    '/api/admin/provider-keys',
    {
      config: admin,
      schema: {
        operationId: 'listServerApiKeys',
        tags: ['admin'],
        summary: 'Server-wide provider keys: where each comes from and its last 4 characters (never the key)',
        response: withProblems({ 200: Type.Object({ items: Type.Array(ServerKeyView) }) }),
      },
    },
    async () => ({ items: await serverKeys.list() }),
  );

  app.put(
    '/api/admin/provider-keys/:provider',
    {
      config: { ...admin, rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        operationId: 'putServerApiKey',
        tags: ['admin'],
        summary:
          'Set the server-wide key for a provider (encrypted at rest); it overrides the environment and serves users without a key of their own',
        params: ProviderParams,
        body: ApiKeyInput(
          'Where the server-wide key is sent (operator configuration like OPENAI_BASE_URL; required for openai-compatible); the provider’s default when absent',
        ),
        response: withProblems({ 200: ServerKeyView }),
      },
    },
    async (request) => serverKeys.set(request.user!.id, request.params.provider, request.body, origin(request)),
  );

  app.delete(
    '/api/admin/provider-keys/:provider',
    {
      config: admin,
      schema: {
        operationId: 'deleteServerApiKey',
        tags: ['admin'],
        summary: 'Remove the admin’s key; the environment’s key (if any) applies again',
        params: ProviderParams,
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await serverKeys.remove(request.user!.id, request.params.provider, origin(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/admin/provider-keys/:provider/test',
    {
      config: { ...admin, rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        operationId: 'testServerApiKey',
        tags: ['admin'],
        summary: 'Check that a provider answers with the server-wide key (ignores your own key)',
        params: ProviderParams,
        response: withProblems({
          200: Type.Object({
            provider: Type.String(),
            ok: Type.Boolean(),
            source: Type.Enum(['admin', 'environment']),
            models: Type.Array(Type.String()),
          }),
        }),
      },
    },
    async (request) => {
      const { provider } = request.params;
      const { source } = await serverKeys.status(provider);
      if (!source) throw new AppError('provider_not_configured', 409, `no server-wide ${provider} key is configured`);
      const result = await providers.testConnection(null, provider);
      return { ...result, source };
    },
  );
};
