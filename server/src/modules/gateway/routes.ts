import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { AppError, isAppError } from '../../platform/errors.js';
import { withProblems } from '../../platform/http.js';
import { openSse } from '../../platform/sse.js';
import { chunks, completionBody, isProblem, streamError, withOpenAiError } from './openai-format.js';
import { ChatCompletion, CompletionRequest, Model, ModelList } from './schemas.js';
import { createGatewayService, type Citation, type Completion } from './service.js';

// Unknown to the registry: OpenAI clients require the field, none of them sorts by it.
const MODEL_CREATED = 0;
const openAiModel = (model: { id: string; ownedBy: string }) => ({
  id: model.id,
  object: 'model' as const,
  created: MODEL_CREATED,
  owned_by: model.ownedBy,
});
/** Callers send whole conversations and images inline (base64 makes a 20 MiB image about 27 MiB). */
export const GATEWAY_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** Aborts when the client goes away before the response is complete. */
function abortOnDisconnect(reply: FastifyReply) {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort('client disconnected');
  });
  return controller;
}

async function streamAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  completion: Completion,
  controller: AbortController,
  includeUsage: boolean,
) {
  const sse = openSse(request, reply, controller);
  const chunk = chunks(completion, includeUsage);
  const citations: Citation[] = [];
  // Log probabilities go with the text of their tokens, as OpenAI streams them; the last chunk
  // has those of tokens without text (the finish event lists all of them).
  let logprobsSent = 0;
  try {
    await sse.send({ data: chunk.first() });
    for await (const event of completion.events) {
      if (event.type === 'text') {
        logprobsSent += event.logprobs?.length ?? 0;
        await sse.send({ data: chunk.text(event.text, event.logprobs) });
      } else if (event.type === 'reasoning') await sse.send({ data: chunk.reasoning(event.text) });
      else if (event.type === 'tool-delta') await sse.send({ data: chunk.tool(event) });
      else if (event.type === 'citation') citations.push(event.citation);
      else if (event.type === 'finish') {
        const unsent = event.logprobs?.slice(logprobsSent);
        await sse.send({ data: chunk.finish(event.finishReason, citations, unsent?.length ? unsent : undefined) });
        if (includeUsage) await sse.send({ data: chunk.usage(event.usage) });
      }
    }
    await sse.send({ data: '[DONE]' });
  } catch (error) {
    // Tokens already sent cannot be taken back: OpenAI ends such a stream with an error chunk.
    const expected = isAppError(error) && !error.internal;
    request.log[expected ? 'warn' : 'error']({ err: error }, 'gateway stream failed after it started');
    await sse.send({ data: { error: streamError(error, request.id) } });
  } finally {
    sse.end();
  }
}

export const gatewayRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (
  app,
  { providers, usage, agents, metrics, outbound },
) => {
  const gateway = createGatewayService({
    providers,
    usage,
    outbound,
    routingTable: async () => (await agents.routingTable()).table,
    metrics,
    log: app.log,
  });
  const tags = ['openai-compatible'];

  // OpenAI clients show `error.message`; every problem+json body of these routes (auth, rate
  // limit, validation, budget) also carries the same facts in OpenAI's `error` member.
  app.addHook('preSerialization', async (_request, reply, payload) => {
    if (!isProblem(payload)) return payload;
    // OpenAI clients retry a 409 by default; here it means a setup problem no retry fixes.
    if (payload.status === 409) reply.header('x-should-retry', 'false');
    return withOpenAiError(payload);
  });

  app.get(
    '/v1/models',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'listOpenAiModels',
        tags,
        summary:
          'The model ids /v1/chat/completions takes, in OpenAI’s list format: auto, the task aliases and every model your keys reach',
        response: withProblems({ 200: ModelList }),
      },
    },
    async (request) => ({
      object: 'list' as const,
      data: (await gateway.models(request.user!.id)).map(openAiModel),
    }),
  );

  app.get(
    '/v1/models/:model',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'retrieveOpenAiModel',
        tags,
        summary:
          'One model id of GET /v1/models, as OpenAI’s models.retrieve reads it; 404 if your keys do not reach it',
        // Ollama's ids hold a colon (llama3.2:3b), vLLM's a slash, which clients send as %2F.
        params: Type.Object({ model: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: withProblems({ 200: Model }),
      },
    },
    async (request) => {
      const model = (await gateway.models(request.user!.id)).find((entry) => entry.id === request.params.model);
      if (!model) {
        throw new AppError(
          'model_not_found',
          404,
          `no model ${request.params.model} is available to you; see GET /v1/models`,
        );
      }
      return openAiModel(model);
    },
  );

  app.post(
    '/v1/chat/completions',
    {
      config: { auth: 'user', rateLimit: { max: 60, timeWindow: 60_000 } },
      bodyLimit: GATEWAY_BODY_LIMIT_BYTES,
      schema: {
        operationId: 'createChatCompletion',
        tags,
        summary:
          'OpenAI-compatible Chat Completions, routed, metered and budgeted like chat; stream: true answers with chat.completion.chunk events. A disconnect aborts the answer. Errors are problem+json with an OpenAI `error` member.',
        body: CompletionRequest,
        response: withProblems({
          200: {
            ...ChatCompletion,
            description: 'stream: false (default); with stream: true, text/event-stream of chat.completion.chunk',
          },
        }),
      },
    },
    async (request, reply) => {
      const controller = abortOnDisconnect(reply);
      const completion = await gateway.start(request.user!.id, request.body, controller.signal);
      if (!request.body.stream) return completionBody(completion, await gateway.collect(completion));
      await streamAnswer(request, reply, completion, controller, request.body.stream_options?.include_usage === true);
      return reply;
    },
  );
};
