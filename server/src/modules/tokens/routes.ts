import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { Nullable, withProblems } from '../../platform/http.js';

const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'the first characters, to recognise a token' }),
  createdAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
});

export const tokenRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { tokens, origin }) => {
  app.post(
    '/api/settings/tokens',
    {
      config: { auth: 'user', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        operationId: 'createPersonalAccessToken',
        tags: ['settings'],
        summary: 'A personal access token for API clients (e.g. /v1/chat/completions); shown only in this response',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 201: Type.Intersect([TokenView, Type.Object({ token: Type.String() })]) }),
      },
    },
    async (request, reply) => {
      reply.code(201).header('cache-control', 'no-store');
      return tokens.create(request.user!.id, request.body, origin(request));
    },
  );

  app.get(
    '/api/settings/tokens',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'listPersonalAccessTokens',
        tags: ['settings'],
        response: withProblems({ 200: Type.Object({ items: Type.Array(TokenView) }) }),
      },
    },
    async (request) => ({ items: await tokens.list(request.user!.id) }),
  );

  app.delete(
    '/api/settings/tokens/:id',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'revokePersonalAccessToken',
        tags: ['settings'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await tokens.revoke(request.user!.id, request.params.id, origin(request));
      return reply.code(204).send(null);
    },
  );
};
