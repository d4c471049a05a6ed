import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
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

export const apiKeyRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { apiKeys, origin }) => {
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
        body: Type.Object(
          {
            apiKey: Type.Optional(
              Type.String({ minLength: 8, maxLength: 512, pattern: '^\\S+$', description: 'no whitespace' }),
            ),
            baseUrl: Type.Optional(
              Type.String({
                format: 'uri',
                maxLength: 2048,
                description:
                  'Your own server (required for openai-compatible, e.g. http://localhost:11434/v1 for Ollama); only your key is ever sent to it',
              }),
            ),
          },
          { additionalProperties: false },
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
};
