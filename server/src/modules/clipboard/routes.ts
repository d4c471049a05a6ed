import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { Nullable, PageOf, PageQuery, withProblems } from '../../platform/http.js';
import { CLIPBOARD_LIMITS } from './service.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Params = Type.Object({ id: Id }, { additionalProperties: false });
/** A code fence's language name: ts, python, c++, c#, shell… */
const Language = Type.String({ pattern: '^[A-Za-z0-9+#._-]{1,32}$', description: 'e.g. ts, python, c++' });
const Title = Type.String({ minLength: 1, maxLength: 200 });
const Content = Type.String({ minLength: 1, maxLength: CLIPBOARD_LIMITS.contentChars });

const Item = Type.Object({
  id: Type.String(),
  title: Type.String(),
  content: Type.String(),
  language: Nullable(Type.String()),
  pinned: Type.Boolean(),
  source: Nullable(Type.Object({ sessionId: Type.String(), messageId: Nullable(Type.String()) })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const clipboardRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { clipboard }) => {
  const config = { auth: 'user' as const };
  const tags = ['clipboard'];

  app.get(
    '/api/clipboard',
    {
      config,
      schema: {
        operationId: 'listClipboardItems',
        tags,
        summary: 'Your snippets, pinned first, then most recently changed; q searches titles and content',
        querystring: Type.Object(
          { ...PageQuery, q: Type.Optional(Type.String({ maxLength: 200 })), language: Type.Optional(Language) },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: PageOf(Item) }),
      },
    },
    async (request) =>
      clipboard.list(request.user!.id, {
        limit: request.query.limit,
        cursor: request.query.cursor,
        query: request.query.q,
        language: request.query.language,
      }),
  );

  app.post(
    '/api/clipboard',
    {
      config: { auth: 'user', rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        operationId: 'createClipboardItem',
        tags,
        summary: 'Keep a snippet; without a title, its first line is the title',
        body: Type.Object(
          {
            content: Content,
            title: Type.Optional(Title),
            language: Type.Optional(Language),
            source: Type.Optional(
              Type.Object(
                { sessionId: Id, messageId: Type.Optional(Id) },
                { additionalProperties: false, description: 'the chat answer it came from' },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 201: Item }),
      },
    },
    async (request, reply) => {
      reply.code(201);
      return clipboard.create(request.user!.id, request.body);
    },
  );

  app.get(
    '/api/clipboard/:id',
    {
      config,
      schema: { operationId: 'getClipboardItem', tags, params: Params, response: withProblems({ 200: Item }) },
    },
    async (request) => clipboard.get(request.user!.id, request.params.id),
  );

  app.patch(
    '/api/clipboard/:id',
    {
      config,
      schema: {
        operationId: 'updateClipboardItem',
        tags,
        params: Params,
        body: Type.Object(
          {
            title: Type.Optional(Title),
            content: Type.Optional(Content),
            language: Type.Optional(Nullable(Language)),
            pinned: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: withProblems({ 200: Item }),
      },
    },
    async (request) => clipboard.update(request.user!.id, request.params.id, request.body),
  );

  app.delete(
    '/api/clipboard/:id',
    {
      config,
      schema: {
        operationId: 'deleteClipboardItem',
        tags,
        params: Params,
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await clipboard.remove(request.user!.id, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
