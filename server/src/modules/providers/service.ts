// AI providers behind one call: the user's key (decrypted just in time) or the server's, the
// model registry, retries with backoff before the first token, fallback to the next candidate
// model, and a circuit breaker per provider. A base URL a user chose is fetched only through the
// outbound guard and only ever receives that user's own key.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createPerplexity } from '@ai-sdk/perplexity';
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Message,
  LanguageModelV3Prompt,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
  SharedV3ProviderOptions,
} from '@ai-sdk/provider';
import { streamText } from 'ai';
import { LRUCache } from 'lru-cache';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/errors.js';
import type { Metrics } from '../../platform/monitoring/metrics.js';
import { breadcrumb } from '../../platform/monitoring/sentry.js';
import { startAiCallSpan, type AiCallSpan, type AiCallUsage } from '../../platform/monitoring/tracing.js';
import type { OutboundGuard } from '../../platform/outbound/guard.js';
import type { ServerKeysService } from '../apikeys/server-keys.js';
import type { ApiKeysService } from '../apikeys/service.js';
import type { SettingsService } from '../settings/service.js';
import { createChatCompletionsModel, plainParts } from './chat-completions.js';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker.js';
import { isAuthFailure, providerError } from './errors.js';
import { createProviderFetch } from './provider-fetch.js';
import {
  PROVIDER_NAMES,
  builtInModels,
  discoveredModel,
  mergeModels,
  modelCan,
  reasoningOptions,
  type ModelInfo,
  type ProviderName,
  type ReasoningEffort,
} from './registry.js';
import { DEFAULT_RETRY_POLICY, FirstTokenTimeout, backoffMs, isRetryable, sleep, type RetryPolicy } from './retry.js';

export type KeySource = 'user' | 'server';

type ModelPart = Exclude<ProviderEvent, { type: 'start' }> | { type: 'error'; error: unknown };

/**
 * The turns for a model that reads no images (a fallback, or a chat whose earlier turns had
 * images): each image becomes a note in its turn's text, so the model knows one was there.
 */
function withoutImages(turns: readonly ChatTurn[]): readonly ChatTurn[] {
  if (!turns.some((turn) => turn.role === 'user' && turn.images?.length)) return turns;
  return turns.map((turn) => {
    if (turn.role !== 'user' || !turn.images?.length) return turn;
    const note = `[${turn.images.length === 1 ? 'an image' : `${turn.images.length} images`} not shown: this model cannot read images]`;
    return { role: 'user', content: turn.content ? `${turn.content}\n\n${note}` : note };
  });
}

function toPrompt(system: string | undefined, turns: readonly ChatTurn[]): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Message[] = system ? [{ role: 'system', content: system }] : [];
  for (const turn of turns) {
    if (turn.role === 'tool') {
      const result = {
        type: 'tool-result' as const,
        toolCallId: turn.toolCallId,
        toolName: turn.toolName,
        output: { type: 'text' as const, value: turn.content },
      };
      // The results of one round of calls travel in one message, as providers expect them.
      const last = prompt.at(-1);
      if (last?.role === 'tool') last.content.push(result);
      else prompt.push({ role: 'tool', content: [result] });
    } else if (turn.role === 'assistant' && turn.toolCalls?.length) {
      prompt.push({
        role: 'assistant',
        content: [
          ...(turn.content ? [{ type: 'text' as const, text: turn.content }] : []),
          ...turn.toolCalls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.name,
            input: call.input,
          })),
        ],
      });
    } else if (turn.role === 'user' && turn.images?.length) {
      prompt.push({
        role: 'user',
        content: [
          ...(turn.content ? [{ type: 'text' as const, text: turn.content }] : []),
          ...turn.images.map((image) => ({
            type: 'file' as const,
            mediaType: image.mediaType,
            data: image.data,
            ...(image.detail ? { providerOptions: { openai: { imageDetail: image.detail } } } : {}),
          })),
        ],
      });
    } else {
      prompt.push({ role: turn.role, content: [{ type: 'text', text: turn.content }] });
    }
  }
  return prompt;
}

/**
 * Output tokens as billed. OpenAI counts reasoning inside completion_tokens, and so do the
 * adapters; xAI counts it beside them (its total_tokens is prompt + completion + reasoning), and
 * bills it as output: then the reasoning is added, else a Grok answer costs a fraction of its price.
 */
export function billedOutputTokens(usage: LanguageModelV3Usage): number {
  const output = usage.outputTokens.total ?? 0;
  const reasoning = usage.outputTokens.reasoning ?? 0;
  const raw = usage.raw as { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown } | undefined;
  if (reasoning > 0 && raw && typeof raw.total_tokens === 'number' && raw.completion_tokens === output) {
    const prompt = typeof raw.prompt_tokens === 'number' ? raw.prompt_tokens : 0;
    if (raw.total_tokens === prompt + output + reasoning) return output + reasoning;
  }
  return output;
}

/**
 * The provider adapter's own stream (the SDK's versioned LanguageModelV3 interface), reduced to
 * what an answer needs. `streamText` would add its multi-step, tool and telemetry pipeline,
 * which the stream benchmark measured at about half of the server's CPU per answer.
 * Every failure (HTTP error before the stream, a cut connection, an abort) becomes an error part.
 */
async function* modelParts(
  model: LanguageModelV3,
  options: Pick<LanguageModelV3CallOptions, 'prompt' | 'maxOutputTokens' | 'abortSignal' | 'providerOptions'> &
    CallSettings,
): AsyncGenerator<ModelPart> {
  // The adapter gives OpenAI's log probabilities only whole, at the end; its raw chunks carry
  // each chunk's, which then go with that chunk's text (the raw chunk comes before its parts).
  const chunkLogprobs = options.providerOptions?.openai?.logprobs !== undefined;
  let pending: TokenLogprob[] = [];
  try {
    const result = await model.doStream(chunkLogprobs ? { ...options, includeRawChunks: true } : options);
    for await (const part of plainParts(result) ?? result.stream) {
      if (part.type === 'raw') {
        pending.push(...logprobsOfChunk(part.rawValue));
      } else if (part.type === 'text-delta') {
        if (!part.delta) continue;
        if (pending.length === 0) yield { type: 'text', text: part.delta };
        else {
          yield { type: 'text', text: part.delta, logprobs: pending };
          pending = [];
        }
      } else if (part.type === 'reasoning-delta') {
        if (part.delta) yield { type: 'reasoning', text: part.delta };
      } else if (part.type === 'source' && part.sourceType === 'url') {
        yield { type: 'citation', url: part.url, title: part.title };
      } else if (part.type === 'tool-input-start') {
        yield { type: 'tool-start', id: part.id, name: part.toolName };
      } else if (part.type === 'tool-input-delta') {
        if (part.delta) yield { type: 'tool-delta', id: part.id, delta: part.delta };
      } else if (part.type === 'tool-call') {
        yield { type: 'tool-call', id: part.toolCallId, name: part.toolName, arguments: part.input };
      } else if (part.type === 'finish') {
        yield {
          type: 'finish',
          finishReason: part.finishReason.unified,
          inputTokens: part.usage.inputTokens.total ?? 0,
          outputTokens: billedOutputTokens(part.usage),
          ...logprobsOf(part.providerMetadata),
        };
      } else if (part.type === 'error') {
        yield { type: 'error', error: part.error };
        return;
      }
    }
  } catch (error) {
    // An abort's reason says whose it was: the user's stop or our first-token timeout.
    yield { type: 'error', error: options.abortSignal?.aborted ? options.abortSignal.reason : error };
  }
}

interface Credentials {
  apiKey: string;
  baseUrl: string | undefined;
  /** The outbound guard's fetch for a base URL the user chose; the platform fetch otherwise. */
  fetch: typeof globalThis.fetch | undefined;
  source: KeySource;
}

/** A tool the model called in an earlier turn; `input` is the parsed JSON of its arguments. */
export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** An image of a user turn: checked bytes of a known type; `detail` is OpenAI's resolution hint. */
export interface ImageInput {
  data: Uint8Array;
  mediaType: string;
  detail?: 'low' | 'high' | 'auto';
}

/** A turn of the conversation. Chat has user and assistant text; API callers also images and tools. */
export type ChatTurn =
  | { role: 'user'; content: string; images?: readonly ImageInput[] }
  | { role: 'assistant'; content: string; toolCalls?: readonly ToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string; toolName: string };

/** What an API caller may set of a call besides the prompt: sampling, output format, tools. */
export type CallSettings = Pick<
  LanguageModelV3CallOptions,
  | 'temperature'
  | 'topP'
  | 'stopSequences'
  | 'seed'
  | 'presencePenalty'
  | 'frequencyPenalty'
  | 'responseFormat'
  | 'tools'
  | 'toolChoice'
>;

/** A token's log probability and its likeliest alternatives, as OpenAI gives them. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes?: number[] | null;
  top_logprobs: Array<{ token: string; logprob: number; bytes?: number[] | null }>;
}

/** The log probabilities @ai-sdk/openai gathered into its provider metadata, if any. */
/** The log probabilities of one raw OpenAI chunk (its content's, or a refusal's). */
function logprobsOfChunk(chunk: unknown): TokenLogprob[] {
  const logprobs = (chunk as { choices?: Array<{ logprobs?: { content?: unknown; refusal?: unknown } | null }> } | null)
    ?.choices?.[0]?.logprobs;
  const list = (value: unknown) => (Array.isArray(value) ? (value as TokenLogprob[]) : []);
  return logprobs ? [...list(logprobs.content), ...list(logprobs.refusal)] : [];
}

function logprobsOf(metadata: SharedV3ProviderMetadata | undefined): { logprobs?: TokenLogprob[] } {
  const logprobs = metadata?.openai?.logprobs;
  return Array.isArray(logprobs) ? { logprobs: logprobs as unknown as TokenLogprob[] } : {};
}

/** What an API caller may ask of a call that only some providers take (OpenAI's names). */
export interface CallerOptions {
  /** false: at most one tool call per answer. */
  parallelToolCalls?: boolean;
  /** The caller's identifier of its end user. */
  user?: string;
  /** Token id → bias (-100 to 100); token ids are the model's own. */
  logitBias?: Record<string, number>;
  /** true: the log probability of each output token; a number: and that many likeliest alternatives. */
  logprobs?: boolean | number;
}

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));

/**
 * The caller's options in the terms of the model's provider, beside the reasoning ones: OpenAI
 * takes all three; an OpenAI-compatible server gets them as OpenAI's fields; Claude takes only
 * "no parallel tool calls"; Perplexity none of them.
 */
function providerOptionsFor(
  model: ModelInfo,
  reasoning: ReasoningEffort | undefined,
  caller: CallerOptions = {},
): SharedV3ProviderOptions | undefined {
  const { parallelToolCalls, user, logitBias, logprobs } = caller;
  const own =
    model.provider === 'openai'
      ? { openai: defined({ parallelToolCalls, user, logitBias, logprobs }) }
      : model.provider === 'openai-compatible'
        ? { 'openai-compatible': defined({ parallel_tool_calls: parallelToolCalls, user, logit_bias: logitBias }) }
        : model.provider === 'anthropic' && parallelToolCalls === false
          ? { anthropic: { disableParallelToolUse: true } }
          : {};
  const merged: SharedV3ProviderOptions = { ...reasoningOptions(model, reasoning) };
  for (const [provider, options] of Object.entries(own)) {
    if (Object.keys(options).length > 0) merged[provider] = { ...merged[provider], ...options };
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

export type ProviderEvent =
  | {
      type: 'start';
      model: ModelInfo;
      keySource: KeySource;
      attempts: number;
      skipped: SkippedModel[];
      /** The model thinks longer for this answer (a reasoning effort was asked and it can). */
      thinking: boolean;
    }
  /** `logprobs`: those of this text's tokens, when asked for and sent (OpenAI). */
  | { type: 'text'; text: string; logprobs?: TokenLogprob[] }
  /** The model's visible thinking, where its provider sends it (reasoning models of xAI, Ollama, …). */
  | { type: 'reasoning'; text: string }
  | { type: 'citation'; url: string; title?: string }
  /** A tool call begins: its arguments follow as deltas, then the whole call. */
  | { type: 'tool-start'; id: string; name: string }
  | { type: 'tool-delta'; id: string; delta: string }
  /** A complete tool call; `arguments` is JSON text, as the provider's adapter settled it. */
  | { type: 'tool-call'; id: string; name: string; arguments: string }
  | {
      type: 'finish';
      finishReason: string;
      inputTokens: number;
      outputTokens: number;
      /** OpenAI's log probabilities of all output tokens (also sent with each text), when asked for and sent. */
      logprobs?: TokenLogprob[];
    };

export interface SkippedModel {
  model: string;
  reason: string;
}

export interface StreamRequest {
  userId: string;
  /** keySource 'server' (as availableModels says): the user has no key of their own to look up. */
  candidates: ReadonlyArray<ModelInfo & { keySource?: KeySource }>;
  system?: string;
  messages: readonly ChatTurn[];
  maxOutputTokens?: number;
  /** Sampling, output format and tools (the OpenAI-compatible gateway's callers). */
  settings?: CallSettings;
  /** Think longer, where the model can (reasoningOptions). */
  reasoning?: ReasoningEffort;
  /** An API caller's parallel_tool_calls, user and logit_bias. */
  caller?: CallerOptions;
  signal: AbortSignal;
}

const MODELS_OVERRIDE = 'models';
const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const MODEL_CACHE_SIZE = 200;
const DISCOVERY_TTL_MS = 60_000;
/** How long the admin's model overrides are reused before the settings are read again. */
export const REGISTRY_TTL_MS = 5_000;

export interface ProvidersDeps {
  config: Pick<Config, 'providerTimeoutMs'>;
  apiKeys: Pick<ApiKeysService, 'reveal' | 'configuredProviders'>;
  /** Server-wide keys: an admin's, else the environment's (cached, so no SQL per request). */
  serverKeys: Pick<ServerKeysService, 'resolve'>;
  settings: Pick<SettingsService, 'readJson' | 'writeJson'>;
  outbound: Pick<OutboundGuard, 'fetch'>;
  metrics: Pick<Metrics, 'aiCalls' | 'modelLabel'>;
  retryPolicy?: RetryPolicy;
  breaker?: CircuitBreaker;
}

export function createProvidersService(deps: ProvidersDeps) {
  const { config, apiKeys, outbound } = deps;
  const policy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const breaker = deps.breaker ?? createCircuitBreaker();
  const discovered = new Map<string, { at: number; models: string[] }>();
  const operatorFetch = createProviderFetch();
  const models = new LRUCache<string, LanguageModelV3>({ max: MODEL_CACHE_SIZE });
  // Read per answer otherwise. A change here clears it at once; other instances see it within the TTL.
  let overrides: { at: number; value: Promise<ModelInfo[]>; merged: Promise<ModelInfo[]> } | undefined;
  // A route's candidates live as long as its answer: one copy per model and key source serves
  // every answer, instead of copies per request held by each running one.
  const withSource = new WeakMap<ModelInfo, Partial<Record<KeySource, ModelInfo & { keySource: KeySource }>>>();
  const sourced = (model: ModelInfo, keySource: KeySource) => {
    let copies = withSource.get(model);
    if (!copies) withSource.set(model, (copies = {}));
    return (copies[keySource] ??= { ...model, keySource });
  };

  /** Every attempt is counted, ends its trace span, and leaves a breadcrumb for error reports. */
  function attemptEnded(model: ModelInfo, attempt: number, outcome: string, span: AiCallSpan, usage?: AiCallUsage) {
    span.end(outcome, usage);
    deps.metrics.aiCalls.inc({ provider: model.provider, model: deps.metrics.modelLabel(model.id), outcome });
    const failed = outcome !== 'success' && outcome !== 'aborted';
    breadcrumb(
      'ai',
      `${model.provider} ${model.id}: ${outcome}`,
      { attempt: attempt + 1 },
      failed ? 'warning' : 'info',
    );
  }

  /** userId null: the server's credentials only (an admin testing them). */
  async function credentials(userId: string | null, provider: ProviderName): Promise<Credentials | undefined> {
    const own = userId === null ? undefined : await apiKeys.reveal(userId, provider);
    const server = await deps.serverKeys.resolve(provider);
    if (own) {
      // The user's key goes to the user's own server, or to the URL the operator configured.
      return own.baseUrl
        ? { apiKey: own.apiKey, baseUrl: own.baseUrl, fetch: outbound.fetch, source: 'user' }
        : { apiKey: own.apiKey, baseUrl: server.baseUrl, fetch: undefined, source: 'user' };
    }
    const usable = provider === 'openai-compatible' ? server.baseUrl : server.apiKey;
    return usable
      ? { apiKey: server.apiKey ?? '', baseUrl: server.baseUrl, fetch: undefined, source: 'server' }
      : undefined;
  }

  function languageModel(model: ModelInfo, creds: Credentials): LanguageModelV3 {
    // Models hold only their settings: one per model and credentials serves every answer.
    const key = [
      model.provider,
      model.id,
      creds.baseUrl ?? '',
      creds.fetch ? 'guarded' : 'operator',
      creds.apiKey,
    ].join('\u0000');
    let cached = models.get(key);
    if (!cached) {
      cached = createLanguageModel(model, creds);
      models.set(key, cached);
    }
    return cached;
  }

  /**
   * The SDK's adapter for the model. Plain-text answers from OpenAI Chat Completions endpoints
   * the operator configured stream through chat-completions.ts (same parts, a fifth of the
   * cost); a base URL the user chose stays on the SDK adapter behind the outbound guard's fetch.
   */
  function createLanguageModel(model: ModelInfo, creds: Credentials): LanguageModelV3 {
    const fetch = creds.fetch ?? operatorFetch;
    const options = { apiKey: creds.apiKey, baseURL: creds.baseUrl, fetch };
    const fast = (fallback: LanguageModelV3, wire: 'openai' | 'openai-compatible', baseURL: string) =>
      creds.fetch || !URL.canParse(baseURL)
        ? fallback
        : createChatCompletionsModel({ fallback, wire, baseURL, apiKey: creds.apiKey, includeUsage: true });
    switch (model.provider) {
      case 'openai':
        return fast(createOpenAI(options).chat(model.id), 'openai', creds.baseUrl ?? OPENAI_BASE_URL);
      case 'anthropic':
        return createAnthropic(options)(model.id);
      case 'perplexity':
        return createPerplexity(options)(model.id);
      case 'openai-compatible':
        return fast(
          createOpenAICompatible({
            name: 'openai-compatible',
            baseURL: creds.baseUrl ?? '',
            apiKey: creds.apiKey || undefined,
            fetch,
            includeUsage: true,
          })(model.id),
          'openai-compatible',
          creds.baseUrl ?? '',
        );
    }
  }

  /** Model ids an OpenAI-compatible server reports at GET {base}/models (cached briefly). */
  async function discover(creds: Credentials): Promise<string[]> {
    const base = (creds.baseUrl ?? '').replace(/\/$/, '');
    const cacheKey = `${creds.source}:${base}:${creds.apiKey.slice(-6)}`;
    const hit = discovered.get(cacheKey);
    if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.models;
    const response = await (creds.fetch ?? fetch)(`${base}/models`, {
      headers: creds.apiKey ? { authorization: `Bearer ${creds.apiKey}` } : {},
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) {
      throw new AppError(
        'provider_unavailable',
        502,
        `the server at ${base} answered ${response.status} when listing its models`,
      );
    }
    const body = (await response.json()) as { data?: Array<{ id?: unknown }> };
    const models = (body.data ?? []).map((entry) => entry.id).filter((id): id is string => typeof id === 'string');
    discovered.set(cacheKey, { at: Date.now(), models });
    return models;
  }

  /** The admin's model overrides, and the registry with them (merged once per read). */
  function overridesEntry() {
    if (overrides && Date.now() - overrides.at < REGISTRY_TTL_MS) return overrides;
    const value = deps.settings.readJson<ModelInfo[]>(MODELS_OVERRIDE).then((models) => models ?? []);
    const entry = { at: Date.now(), value, merged: value.then((models) => mergeModels(builtInModels(), models)) };
    overrides = entry;
    // A failed read is not kept: the next request tries again. Callers of either promise see the error.
    value.catch(() => {
      if (overrides === entry) overrides = undefined;
    });
    entry.merged.catch(() => undefined);
    return entry;
  }

  const modelOverrides = () => overridesEntry().value;
  const registry = () => overridesEntry().merged;

  async function providerStatus(userId: string) {
    // One query says which providers have a key of the user's own; only those are decrypted.
    const own = new Set(await apiKeys.configuredProviders(userId));
    return Promise.all(
      PROVIDER_NAMES.map(async (provider) => {
        const creds = await credentials(own.has(provider) ? userId : null, provider);
        return { provider, configured: creds !== undefined, source: creds?.source ?? null, creds };
      }),
    );
  }

  return {
    registry,
    async setModelOverrides(models: ModelInfo[]) {
      overrides = undefined;
      await deps.settings.writeJson(MODELS_OVERRIDE, models);
      overrides = undefined;
    },
    modelOverrides,

    /** Which providers this user can use, and through whose key. */
    async providers(userId: string) {
      return (await providerStatus(userId)).map(({ provider, configured, source }) => ({
        provider,
        configured,
        source,
      }));
    },

    /** Models whose provider has a key for this user (own key first, else the server's). */
    async availableModels(userId: string): Promise<Array<ModelInfo & { keySource: KeySource }>> {
      const [models, statuses] = await Promise.all([registry(), providerStatus(userId)]);
      const available: Array<ModelInfo & { keySource: KeySource }> = [];
      for (const { provider, creds } of statuses) {
        if (!creds) continue;
        if (provider === 'openai-compatible') {
          const ids = await discover(creds).catch(() => []);
          const known = new Map(
            models.filter((model) => model.provider === provider).map((model) => [model.id, model]),
          );
          available.push(...ids.map((id) => sourced(known.get(id) ?? discoveredModel(id), creds.source)));
        } else {
          available.push(
            ...models.filter((model) => model.provider === provider).map((model) => sourced(model, creds.source)),
          );
        }
      }
      return available;
    },

    /** Checks that a provider answers with this user's credentials: lists its models. */
    async testConnection(userId: string | null, provider: ProviderName) {
      const creds = await credentials(userId, provider);
      if (!creds) {
        throw new AppError('provider_not_configured', 409, `no ${provider} key or server URL is configured for you`);
      }
      if (provider !== 'openai-compatible') {
        // A one-token request proves key and endpoint without depending on a models API.
        const model = (await registry()).find((candidate) => candidate.provider === provider);
        if (!model) throw new AppError('model_not_available', 400, `the registry has no ${provider} model`);
        const result = streamText({
          model: languageModel(model, creds),
          prompt: 'ping',
          maxOutputTokens: 1,
          maxRetries: 0,
          abortSignal: AbortSignal.timeout(config.providerTimeoutMs),
          onError: () => undefined,
        });
        for await (const part of result.fullStream) {
          if (part.type === 'error') throw providerError(provider, model.id, part.error);
        }
        return { provider, ok: true, source: creds.source, models: [model.id] };
      }
      return { provider, ok: true, source: creds.source, models: await discover(creds) };
    },

    /**
     * Streams an answer from the first candidate that works. Failures before the first token
     * are retried (backoff, Retry-After) and then fall back to the next candidate; a failure
     * after it is thrown, since tokens already sent cannot be taken back.
     */
    async *stream(request: StreamRequest): AsyncGenerator<ProviderEvent> {
      const skipped: SkippedModel[] = [];
      let lastError: AppError | undefined;
      let authError: AppError | undefined;
      let configuredAny = false;
      // Candidates often share a provider: decrypt its key once per answer.
      const byProvider = new Map<ProviderName, Promise<Credentials | undefined>>();

      for (const model of request.candidates) {
        if (!byProvider.has(model.provider)) {
          const userId = model.keySource === 'server' ? null : request.userId;
          byProvider.set(model.provider, credentials(userId, model.provider));
        }
        const creds = await byProvider.get(model.provider);
        if (!creds) {
          skipped.push({ model: model.id, reason: `${model.provider} is not configured` });
          continue;
        }
        configuredAny = true;
        const circuit = `${model.provider}:${creds.baseUrl ?? 'default'}`;
        if (!breaker.allows(circuit)) {
          skipped.push({ model: model.id, reason: `${model.provider} is failing; skipped for a while` });
          continue;
        }

        for (let attempt = 0; attempt <= policy.retries; attempt++) {
          if (request.signal.aborted) return;
          const controller = new AbortController();
          const abort = () => controller.abort(request.signal.reason);
          request.signal.addEventListener('abort', abort, { once: true });
          const timer = setTimeout(
            () => controller.abort(new FirstTokenTimeout(config.providerTimeoutMs)),
            config.providerTimeoutMs,
          );
          let started = false;
          let failure: unknown;
          const providerOptions = providerOptionsFor(model, request.reasoning, request.caller);
          const span = startAiCallSpan({
            provider: model.provider,
            model: model.id,
            attempt: attempt + 1,
            keySource: creds.source,
          });
          try {
            const parts = span.within(
              modelParts(languageModel(model, creds), {
                ...request.settings,
                ...(providerOptions ? { providerOptions } : {}),
                prompt: toPrompt(
                  request.system,
                  modelCan(model, 'vision') ? request.messages : withoutImages(request.messages),
                ),
                maxOutputTokens: Math.min(request.maxOutputTokens ?? model.maxOutputTokens, model.maxOutputTokens),
                abortSignal: controller.signal,
              }),
            );
            for await (const part of parts) {
              if (part.type === 'error') {
                failure = part.error;
                break;
              }
              if (!started) {
                started = true;
                clearTimeout(timer);
                breaker.succeeded(circuit);
                yield {
                  type: 'start',
                  model,
                  keySource: creds.source,
                  attempts: attempt + 1,
                  skipped,
                  thinking: reasoningOptions(model, request.reasoning) !== undefined,
                };
              }
              if (part.type === 'finish') {
                attemptEnded(model, attempt, 'success', span, part);
                yield part;
                return;
              }
              yield part;
            }
          } finally {
            clearTimeout(timer);
            request.signal.removeEventListener('abort', abort);
          }
          if (request.signal.aborted) {
            attemptEnded(model, attempt, 'aborted', span);
            return;
          }
          const error = providerError(model.provider, model.id, failure ?? new Error('the stream ended early'));
          attemptEnded(model, attempt, error.code, span);
          if (started) throw error;

          if (isAuthFailure(failure)) authError ??= error;
          else breaker.failed(circuit);
          lastError = error;
          if (!isRetryable(failure) || attempt === policy.retries) break;
          const wait = backoffMs(attempt, policy, failure);
          if (wait > policy.maxRetryAfterMs) break;
          await sleep(wait, request.signal);
        }
        skipped.push({ model: model.id, reason: lastError?.message ?? 'failed' });
      }

      if (!configuredAny) {
        throw new AppError(
          'provider_not_configured',
          409,
          'no AI provider is configured for you: add an API key or a local server URL in Settings → API keys',
          { extra: { skipped } },
        );
      }
      throw (
        authError ??
        lastError ??
        new AppError('provider_unavailable', 502, 'every candidate model failed', { extra: { skipped } })
      );
    },
  };
}

export type ProvidersService = ReturnType<typeof createProvidersService>;
