// The OpenAI-compatible gateway: lets any OpenAI client library or tool use Xionimus as its
// endpoint. A Chat Completions call is routed like a chat message (task kind → agent → model, or
// the model the caller names), answered with the user's keys or the server's, checked against the
// budget and recorded as usage with source 'api'. Unlike a chat run, a call lives only as long as
// its request: API callers expect a disconnect to stop the answer (and its cost).
//
// Decisions an API caller can rely on:
// - A caller's system (or developer) messages replace the agent's system prompt; without one the
//   routed agent's prompt is used.
// - The conversation is sent as given: callers manage their own context, so turns are not dropped
//   to fit the window (a too-long conversation is the provider's context_too_long error).
// - Sampling settings, stop sequences, seed, response_format, tools and tool_choice reach the model
//   through the AI SDK, which translates them for each provider: an OpenAI client can call tools
//   of an Anthropic model. The caller runs the tools: tool calls come back as OpenAI's
//   `tool_calls`, results go in as `tool` messages (openai-request.ts reads the request).
// - parallel_tool_calls, user and logit_bias reach the providers that take them: OpenAI and
//   OpenAI-compatible servers all three, Claude parallel_tool_calls: false (providers/service.ts).
//   logprobs come back from OpenAI models (in a stream, each chunk's with its text).
// - With tools or images, only models whose registry entry says they call tools or read images
//   are routed to (servers of the caller's own, openai-compatible, decide for themselves). Images
//   are read and checked here (images.ts) and reach the provider as bytes.
// - A model's thinking, where its provider sends it, comes back as `reasoning_content`.
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { Metrics } from '../../platform/monitoring/metrics.js';
import type { OutboundGuard } from '../../platform/outbound/guard.js';
import { route, type Route, type RoutingTable, type TaskKind } from '../agents/router.js';
import { TASK_KINDS } from '../agents/routing-table.js';
import { estimateTokens } from '../chat/context.js';
import type {
  CallSettings,
  CallerOptions,
  ChatTurn,
  TokenLogprob,
  ProviderEvent,
  ProvidersService,
} from '../providers/service.js';
import { costMicros, type ModelInfo, type ReasoningEffort } from '../providers/registry.js';
import type { UsageService } from '../usage/service.js';
import { readImages } from './images.js';
import { ableModels } from '../agents/abilities.js';
import { callSettings, conversation } from './openai-request.js';
import type { CompletionRequest, FinishReason } from './schemas.js';

export const AUTO_MODEL = 'auto';
/** `xionimus-code`, `xionimus-research`, …: skip the classifier, let the routing table pick the model. */
export const TASK_ALIASES = TASK_KINDS.map((kind) => `xionimus-${kind}`);

export interface GatewayDeps {
  providers: Pick<ProvidersService, 'stream' | 'availableModels'>;
  usage: Pick<UsageService, 'assertWithinBudget' | 'record'>;
  /** An admin's routing table, the same one chat uses; the default table when absent. */
  routingTable?: () => Promise<RoutingTable | undefined>;
  metrics: Pick<Metrics, 'aiActiveStreams'>;
  /** Fetches the images callers give by address. */
  outbound: Pick<OutboundGuard, 'fetch'>;
  log: FastifyBaseLogger;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface Citation {
  url: string;
  title?: string;
}

/** A tool call as OpenAI shapes it; `arguments` is JSON text. */
export interface OutputToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type CompletionEvent =
  /** `logprobs`: those of this text's tokens, when asked for (OpenAI). */
  | { type: 'text'; text: string; logprobs?: TokenLogprob[] }
  /** The model's thinking, sent as `reasoning_content` (DeepSeek's extension, which many clients show). */
  | { type: 'reasoning'; text: string }
  | { type: 'citation'; citation: Citation }
  /** A piece of a tool call for a stream: its id and name first, then pieces of its arguments. */
  | { type: 'tool-delta'; index: number; id?: string; name?: string; arguments: string }
  /** The whole call, once its arguments are complete. */
  | { type: 'tool-call'; call: OutputToolCall }
  | { type: 'finish'; finishReason: FinishReason; usage: TokenUsage; logprobs?: TokenLogprob[] };

/** A call whose model has started answering; pre-start failures were thrown by start(). */
export interface Completion {
  id: string;
  created: number;
  model: ModelInfo;
  route: { agent: string; taskKind: TaskKind; reason: string };
  events: AsyncIterable<CompletionEvent>;
}

export interface CompletionResult {
  text: string;
  reasoning: string;
  toolCalls: OutputToolCall[];
  citations: Citation[];
  finishReason: FinishReason;
  usage: TokenUsage;
  /** Asked for with `logprobs`, where the provider sends them (OpenAI). */
  logprobs?: TokenLogprob[];
}

const FINISH_REASON: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
};

const clientGone = () =>
  new AppError('client_closed_request', 499, 'the client closed the request before the answer was complete');

function modelChoice(requested: string): { model?: string; taskKind?: TaskKind } {
  const id = requested.trim();
  if (id === AUTO_MODEL) return {};
  const alias = TASK_KINDS.find((kind) => id === `xionimus-${kind}`);
  return alias ? { taskKind: alias } : { model: id };
}

export function createGatewayService(deps: GatewayDeps) {
  const { providers, usage, log } = deps;

  /** The provider's events, recording the call's usage when it ends however it ends. */
  async function* run(call: {
    userId: string;
    route: Route;
    system: string;
    turns: ChatTurn[];
    maxOutputTokens: number | undefined;
    settings: CallSettings;
    caller: CallerOptions;
    reasoning: ReasoningEffort | undefined;
    signal: AbortSignal;
  }): AsyncGenerator<ProviderEvent> {
    const started = performance.now();
    let model: ModelInfo | undefined;
    let text = '';
    let ttftMs: number | null = null;
    let reported: TokenUsage | undefined;
    let failed = false;
    deps.metrics.aiActiveStreams.inc();
    try {
      for await (const event of providers.stream({
        userId: call.userId,
        candidates: call.route.candidates,
        system: call.system,
        messages: call.turns,
        maxOutputTokens: call.maxOutputTokens,
        settings: call.settings,
        caller: call.caller,
        reasoning: call.reasoning,
        signal: call.signal,
      })) {
        if (event.type === 'start') model = event.model;
        else if (event.type === 'text' || event.type === 'reasoning' || event.type === 'tool-delta') {
          ttftMs ??= performance.now() - started;
          text += event.type === 'tool-delta' ? event.delta : event.text;
        } else if (event.type === 'finish') {
          reported = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
        }
        yield event;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      deps.metrics.aiActiveStreams.dec();
      // Aborted answers still cost money: estimate what the provider did not report.
      const tokens =
        reported ??
        (model
          ? {
              inputTokens: [call.system, ...call.turns.map((turn) => turn.content)].reduce(
                (sum, part) => sum + estimateTokens(part),
                0,
              ),
              outputTokens: text ? estimateTokens(text) : 0,
            }
          : { inputTokens: 0, outputTokens: 0 });
      const answered = model ?? call.route.candidates[0]!;
      await usage
        .record({
          userId: call.userId,
          source: 'api',
          provider: answered.provider,
          model: answered.id,
          outcome: failed ? 'error' : reported ? 'complete' : 'aborted',
          ...tokens,
          costMicros: model ? costMicros(model, tokens.inputTokens, tokens.outputTokens) : 0,
          latencyMs: performance.now() - started,
          ttftMs,
        })
        .catch((error: unknown) => log.error({ err: error, userId: call.userId }, 'could not record gateway usage'));
    }
  }

  async function* after(iterator: AsyncIterator<ProviderEvent>): AsyncGenerator<CompletionEvent> {
    // Perplexity repeats its sources on every chunk; each is passed on once.
    const cited = new Set<string>();
    /** Tool calls by id: their index in the answer and the arguments streamed so far. */
    const tools = new Map<string, { index: number; sent: string }>();
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const event = next.value;
        if (event.type === 'tool-start' || (event.type === 'tool-call' && !tools.has(event.id))) {
          // A call opens with its id and name (an adapter may also send a call whole, unannounced).
          const index = tools.size;
          tools.set(event.id, { index, sent: '' });
          yield { type: 'tool-delta', index, id: event.id, name: event.name, arguments: '' };
        }
        if (event.type === 'text' || event.type === 'reasoning') yield event;
        else if (event.type === 'tool-delta') {
          const tool = tools.get(event.id);
          if (!tool) continue;
          tool.sent += event.delta;
          yield { type: 'tool-delta', index: tool.index, arguments: event.delta };
        } else if (event.type === 'tool-call') {
          const tool = tools.get(event.id)!;
          // The adapter settles the arguments: a call without any streams none and ends as {}.
          if (event.arguments !== tool.sent && event.arguments.startsWith(tool.sent)) {
            yield { type: 'tool-delta', index: tool.index, arguments: event.arguments.slice(tool.sent.length) };
          }
          yield { type: 'tool-call', call: { id: event.id, name: event.name, arguments: event.arguments } };
        } else if (event.type === 'citation') {
          if (cited.has(event.url)) continue;
          cited.add(event.url);
          yield { type: 'citation', citation: { url: event.url, ...(event.title ? { title: event.title } : {}) } };
        } else if (event.type === 'finish') {
          yield {
            type: 'finish',
            finishReason: FINISH_REASON[event.finishReason] ?? 'stop',
            usage: { inputTokens: event.inputTokens, outputTokens: event.outputTokens },
            ...(event.logprobs ? { logprobs: event.logprobs } : {}),
          };
        }
      }
    } finally {
      // A consumer that stops early still ends the call, and so records its usage.
      await iterator.return?.(undefined);
    }
  }

  return {
    /** Ids a caller may put in `model`: what this user's keys reach, `auto` and the task aliases. */
    async models(userId: string) {
      const available = await providers.availableModels(userId);
      const unique = [...new Map(available.map((model) => [model.id, model])).values()];
      return [
        { id: AUTO_MODEL, ownedBy: 'xionimus' },
        ...TASK_ALIASES.map((id) => ({ id, ownedBy: 'xionimus' })),
        ...unique.map((model) => ({ id: model.id, ownedBy: model.provider })),
      ];
    },

    /**
     * Routes the call and waits for the model to start answering, so that everything that can be
     * refused (budget, unknown model, no provider, every candidate failing) is thrown here.
     */
    async start(userId: string, request: CompletionRequest, signal: AbortSignal): Promise<Completion> {
      const { system, turns, lastUser, pendingImages } = conversation(request.messages);
      const settings = callSettings(request);
      await usage.assertWithinBudget(userId);
      const choice = modelChoice(request.model);
      const needs = [
        ...(settings.tools && settings.toolChoice?.type !== 'none' ? (['tools'] as const) : []),
        ...(pendingImages.length > 0 ? (['vision'] as const) : []),
      ];
      const chosen = route({
        message: lastUser,
        ...choice,
        available: ableModels(await providers.availableModels(userId), choice.model, needs),
        table: await deps.routingTable?.(),
      });
      await readImages(pendingImages, deps.outbound.fetch, signal);
      const iterator = run({
        userId,
        route: chosen,
        system: system ?? chosen.agent.systemPrompt,
        turns,
        maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
        settings,
        caller: {
          parallelToolCalls: request.parallel_tool_calls ?? undefined,
          user: request.user ?? undefined,
          logitBias: request.logit_bias ?? undefined,
          logprobs: request.logprobs ? (request.top_logprobs ?? true) : undefined,
        },
        reasoning: request.reasoning_effort ?? undefined,
        signal,
      });
      const first = await iterator.next();
      if (first.done || first.value.type !== 'start') {
        await iterator.return(undefined);
        throw clientGone();
      }
      const { model, skipped } = first.value;
      const reason =
        model.id === chosen.candidates[0]?.id
          ? chosen.reason
          : `${chosen.reason}; fell back to ${model.id} (${skipped.map((skip) => `${skip.model}: ${skip.reason}`).join('; ')})`;
      return {
        id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
        created: Math.floor(Date.now() / 1000),
        model,
        route: { agent: chosen.agent.id, taskKind: chosen.taskKind, reason },
        events: after(iterator),
      };
    },

    /** The whole answer of a started call (the non-streaming response). */
    async collect(completion: Completion): Promise<CompletionResult> {
      let text = '';
      let reasoning = '';
      const citations: Citation[] = [];
      const toolCalls: OutputToolCall[] = [];
      for await (const event of completion.events) {
        if (event.type === 'text') text += event.text;
        else if (event.type === 'reasoning') reasoning += event.text;
        else if (event.type === 'citation') citations.push(event.citation);
        else if (event.type === 'tool-call') toolCalls.push(event.call);
        else if (event.type === 'finish') {
          const { finishReason, usage, logprobs } = event;
          return { text, reasoning, toolCalls, citations, finishReason, usage, ...(logprobs ? { logprobs } : {}) };
        }
      }
      // The provider stream ends without a finish only when the call was aborted.
      throw clientGone();
    },
  };
}

export type GatewayService = ReturnType<typeof createGatewayService>;
