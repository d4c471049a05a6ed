import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { Nullable, PageOf, PageQuery, withProblems } from '../../platform/http.js';
import { EventStreamReply, ResumeQuery, lastEventId, relayRun } from '../../platform/sse.js';
import { DEVELOPER_MODES, TASK_KINDS } from '../agents/routing-table.js';
import { MIB } from '../providers/images.js';
import { CHAT_IMAGE_LIMITS, INSTRUCTIONS_MAX, type ChatService } from './service.js';

type ChatRun = Awaited<ReturnType<ChatService['send']>>;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const SessionParams = Type.Object({ id: Id }, { additionalProperties: false });
const RunParams = Type.Object({ runId: Id }, { additionalProperties: false });

const Instructions = Type.String({
  maxLength: INSTRUCTIONS_MAX,
  description:
    'the user’s instructions for the conversation, read by the model after the agent’s system prompt and the user’s instructions for every chat',
});

const EveryChatInstructions = Nullable(
  Type.String({
    maxLength: INSTRUCTIONS_MAX,
    description:
      'instructions every answer in every chat of the user reads, after the agent’s system prompt and before a chat’s own instructions; null or blank clears them',
  }),
);
const Preferences = Type.Object({ instructions: EveryChatInstructions, updatedAt: Nullable(Type.String()) });

const Session = Type.Object({
  id: Type.String(),
  title: Type.String(),
  instructions: Nullable(Instructions),
  forkedFrom: Nullable(Type.Object({ sessionId: Type.String(), messageId: Nullable(Type.String()) })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const Message = Type.Object({
  id: Type.String(),
  role: Type.Enum(['system', 'user', 'assistant']),
  content: Type.String(),
  reasoning: Nullable(Type.String({ description: 'the model’s visible thinking before its answer, if it sent any' })),
  status: Type.Enum(['streaming', 'complete', 'aborted', 'error']),
  errorCode: Nullable(Type.String()),
  runId: Nullable(Type.String()),
  provider: Nullable(Type.String()),
  model: Nullable(Type.String()),
  agent: Nullable(Type.String()),
  taskKind: Nullable(Type.String()),
  routeReason: Nullable(Type.String()),
  citations: Type.Array(Type.Object({ url: Type.String(), title: Type.Optional(Type.String()) })),
  finishReason: Nullable(Type.String()),
  inputTokens: Nullable(Type.Integer()),
  outputTokens: Nullable(Type.Integer()),
  costUsd: Nullable(Type.Number()),
  ttftMs: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  contextDropped: Type.Integer(),
  images: Type.Array(Type.Object({ id: Type.String(), mediaType: Type.String(), size: Type.Integer() }), {
    description: 'images sent with a user message; GET /api/chat/images/{id} gives one',
  }),
  createdAt: Type.String(),
});

const SessionWithMessages = Type.Intersect([Session, Type.Object({ messages: Type.Array(Message) })]);

const SendBody = Type.Object(
  {
    content: Type.String({ maxLength: 200_000, description: 'may be empty when images are sent' }),
    images: Type.Optional(
      Type.Array(
        Type.Object(
          {
            dataUrl: Type.String({
              pattern: '^data:',
              // Generous: the decoded bytes are checked against the limits, with a clearer answer.
              maxLength: Math.ceil((CHAT_IMAGE_LIMITS.totalBytes * 4) / 3) + 100,
              description: 'data:image/png|jpeg|gif|webp;base64,… (checked by content)',
            }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: CHAT_IMAGE_LIMITS.count,
          description: `for a model that reads images: at most ${CHAT_IMAGE_LIMITS.count}, ${CHAT_IMAGE_LIMITS.bytes / MIB} MiB each, ${CHAT_IMAGE_LIMITS.totalBytes / MIB} MiB together`,
        },
      ),
    ),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "a model id, or 'auto' (default)" })),
    taskKind: Type.Optional(Type.Enum([...TASK_KINDS], { description: 'skip the classifier' })),
    mode: Type.Optional(
      Type.Enum([...DEVELOPER_MODES], { description: 'junior: fast, cheap models; senior: strongest' }),
    ),
    think: Type.Optional(
      Type.Boolean({
        description:
          'true: a model that can reason thinks longer first (Claude’s extended thinking, OpenAI’s reasoning effort); more output tokens. meta.thinking says whether it does',
      }),
    ),
    stream: Type.Boolean({
      default: true,
      description: 'false: wait and answer with the whole message as JSON instead of text/event-stream',
    }),
  },
  { additionalProperties: false },
);

const RegenerateBody = Type.Omit(SendBody, ['content', 'images'], { additionalProperties: false });

export const chatRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { chat }) => {
  const user = { auth: 'user' as const };
  const tags = ['chat'];

  app.get(
    '/api/settings/chat',
    {
      config: user,
      schema: {
        operationId: 'getChatPreferences',
        tags,
        summary: 'Your preferences for every chat',
        response: withProblems({ 200: Preferences }),
      },
    },
    (request) => chat.preferences(request.user!.id),
  );

  app.put(
    '/api/settings/chat',
    {
      config: user,
      schema: {
        operationId: 'putChatPreferences',
        tags,
        summary: 'Set your preferences for every chat',
        body: Type.Object({ instructions: EveryChatInstructions }, { additionalProperties: false }),
        response: withProblems({ 200: Preferences }),
      },
    },
    (request) => chat.savePreferences(request.user!.id, request.body),
  );

  app.post(
    '/api/chat/sessions',
    {
      config: user,
      schema: {
        operationId: 'createChatSession',
        tags,
        body: Type.Object(
          {
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            instructions: Type.Optional(Instructions),
          },
          { additionalProperties: false },
        ),
        response: withProblems({ 201: Session }),
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      reply.code(201);
      return chat.createSession(request.user!.id, request.body);
    },
  );

  app.get(
    '/api/chat/sessions',
    {
      config: user,
      schema: {
        operationId: 'listChatSessions',
        tags,
        summary: 'Your sessions, most recently active first; q searches titles and message text',
        querystring: Type.Object(
          { ...PageQuery, q: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: withProblems({
          200: PageOf(
            Type.Object({
              ...Session.properties,
              match: Type.Optional(
                Nullable(
                  Type.Object(
                    {
                      messageId: Type.String(),
                      role: Type.Enum(['system', 'user', 'assistant']),
                      excerpt: Type.String({ description: 'the message around the text found, … where it is cut' }),
                    },
                    { description: 'with q: the last message that holds the text (null when only the title does)' },
                  ),
                ),
              ),
            }),
          ),
        }),
      },
    },
    async (request) =>
      chat.listSessions(request.user!.id, {
        limit: request.query.limit,
        cursor: request.query.cursor,
        query: request.query.q,
      }),
  );

  app.get(
    '/api/chat/sessions/:id',
    {
      config: user,
      schema: {
        operationId: 'getChatSession',
        tags,
        params: SessionParams,
        response: withProblems({ 200: SessionWithMessages }),
      },
    },
    async (request) => chat.getSession(request.user!.id, request.params.id),
  );

  app.patch(
    '/api/chat/sessions/:id',
    {
      config: user,
      schema: {
        operationId: 'updateChatSession',
        tags,
        summary: 'Rename a session, or set or clear (null or empty) its instructions',
        params: SessionParams,
        body: Type.Object(
          {
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            instructions: Type.Optional(Nullable(Instructions)),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: withProblems({ 200: Session }),
      },
    },
    async (request) => chat.updateSession(request.user!.id, request.params.id, request.body),
  );

  app.delete(
    '/api/chat/sessions/:id',
    {
      config: user,
      schema: {
        operationId: 'deleteChatSession',
        tags,
        params: SessionParams,
        response: withProblems({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      await chat.deleteSession(request.user!.id, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/chat/sessions/:id/fork',
    {
      config: user,
      schema: {
        operationId: 'forkChatSession',
        tags,
        summary: 'A new session sharing this one’s history up to and including a message',
        params: SessionParams,
        body: Type.Object({ messageId: Id }, { additionalProperties: false }),
        response: withProblems({ 201: SessionWithMessages }),
      },
    },
    async (request, reply) => {
      reply.code(201);
      return chat.forkSession(request.user!.id, request.params.id, request.body.messageId);
    },
  );

  app.get(
    '/api/chat/sessions/:id/export',
    {
      config: user,
      schema: {
        operationId: 'exportChatSession',
        tags,
        params: SessionParams,
        querystring: Type.Object(
          { format: Type.Enum(['markdown', 'json'], { default: 'markdown' }) },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: Type.String() }),
      },
    },
    async (request, reply) => {
      const { filename, body } = await chat.exportSession(request.user!.id, request.params.id, request.query.format);
      reply
        .type(request.query.format === 'json' ? 'application/json; charset=utf-8' : 'text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`);
      return body;
    },
  );

  /** The answer of a started run: streamed (text/event-stream), or whole as JSON with stream: false. */
  async function answer(request: FastifyRequest, reply: FastifyReply, run: ChatRun, stream: boolean) {
    if (!stream) {
      const failure = await run.done;
      if (failure) throw failure;
      const session = await chat.getSession(request.user!.id, run.sessionId);
      return { message: session.messages.find((message) => message.id === run.messageId)! };
    }
    reply.header('x-run-id', run.runId);
    // The relay runs on the log's and the socket's events: nothing here waits for the answer.
    relayRun(request, reply, run.follow);
    return reply;
  }
  const answered = withProblems({
    200: Type.Object({ message: Message }, { description: 'stream: false only; otherwise text/event-stream' }),
  });

  app.post(
    '/api/chat/sessions/:id/messages',
    {
      config: { auth: 'user', rateLimit: { max: 30, timeWindow: 60_000 } },
      // Images come inline as base64 (4 characters for 3 bytes), beside a long message.
      bodyLimit: Math.ceil((CHAT_IMAGE_LIMITS.totalBytes * 4) / 3) + 2 * 1024 * 1024,
      schema: {
        operationId: 'sendChatMessage',
        tags,
        summary:
          'Send a message; the answer streams as text/event-stream (events meta, token, citation, usage, done, error, each with an id), or comes as JSON with stream: false',
        params: SessionParams,
        body: SendBody,
        response: answered,
      },
    },
    async (request, reply) =>
      answer(request, reply, await chat.send(request.user!.id, request.params.id, request.body), request.body.stream),
  );

  app.post(
    '/api/chat/sessions/:id/regenerate',
    {
      config: { auth: 'user', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        operationId: 'regenerateChatAnswer',
        tags,
        summary:
          'Answer the session’s last question again: a new answer follows the earlier one, which stays in the session but no longer goes to the model. Streams like sending a message',
        params: SessionParams,
        body: RegenerateBody,
        response: answered,
      },
      preValidation: async (request) => {
        request.body ??= {} as never;
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        await chat.regenerate(request.user!.id, request.params.id, request.body),
        request.body.stream,
      ),
  );

  app.get(
    '/api/chat/images/:id',
    {
      config: user,
      schema: {
        operationId: 'getChatImage',
        tags,
        summary: 'An image sent with one of your messages',
        params: SessionParams,
        response: withProblems({ 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) }),
      },
    },
    async (request, reply) => {
      const image = await chat.image(request.user!.id, request.params.id);
      // Images never change: the browser may keep them. The type was detected from the bytes.
      return reply
        .type(image.mediaType)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('content-disposition', 'inline')
        .send(image.data);
    },
  );

  app.get(
    '/api/chat/runs',
    {
      config: user,
      schema: {
        operationId: 'listActiveRuns',
        tags,
        summary: 'Answers still being written, to reattach to',
        response: withProblems({
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                runId: Type.String(),
                sessionId: Type.String(),
                messageId: Type.String(),
                startedAt: Type.String(),
              }),
            ),
          }),
        }),
      },
    },
    async (request) => ({ items: await chat.activeRuns(request.user!.id) }),
  );

  app.get(
    '/api/chat/runs/:runId/events',
    {
      config: user,
      schema: {
        operationId: 'streamRunEvents',
        tags,
        summary: 'Reattach to an answer: events after Last-Event-ID (header) or ?after=, then live until it ends',
        params: RunParams,
        querystring: ResumeQuery,
        response: withProblems({ 200: EventStreamReply }),
      },
    },
    async (request, reply) => {
      const after = lastEventId(request, request.query);
      // Refusals (another user's run, an expired one) come before the stream, as problem+json.
      relayRun(request, reply, await chat.events(request.user!.id, request.params.runId, after));
      return reply;
    },
  );

  app.post(
    '/api/chat/runs/:runId/stop',
    {
      config: user,
      schema: {
        operationId: 'stopRun',
        tags,
        summary: 'Stop an answer; what was written so far is kept as an aborted message',
        params: RunParams,
        response: withProblems({ 202: Type.Object({ runId: Type.String(), status: Type.String() }) }),
      },
    },
    async (request, reply) => {
      reply.code(202);
      return chat.stop(request.user!.id, request.params.runId);
    },
  );
};
