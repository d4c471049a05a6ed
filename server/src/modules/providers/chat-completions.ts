// A fast path for the one hot provider call: streaming a plain-text answer from an OpenAI Chat
// Completions endpoint (OpenAI's own, or an OpenAI-compatible server). The AI SDK's adapters run
// every answer through web streams (body → TextDecoderStream → EventSourceParserStream → a zod
// TransformStream → their mapping TransformStream) and validate each chunk with zod; bench:stream
// measured that at 4–5 ms CPU and 70–90 KB of heap per 200-chunk answer. Here one request on
// undici's dispatch API feeds an event reader (sse-data.ts) straight from the socket, each
// event is JSON.parse'd and checked by hand (a chunk that repeats the last plain text chunk around
// new text is read by template instead), and all text that one network read carried becomes
// one text-delta part: about a fifth of the adapter's CPU and heap per answer, measured side by
// side over loopback.
//
// It is a LanguageModelV3 that wraps the SDK's own model for the same endpoint and id. Only
// doStream with a prompt of system/user/assistant text and the standard sampling settings takes
// the fast path; tools, tool choice, JSON output, files, provider options, raw chunks, topK and
// the model ids the OpenAI adapter rewrites requests for (o-series, gpt-5 and later, search
// previews) go to the SDK adapter, as does doGenerate. The request body, the stream parts, and
// the errors (APICallError with the SDK's fields, before and during the stream) are the SDK
// adapter's: chat-completions.test.ts runs both against the same fake provider and compares them.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { VERSION as OPENAI_VERSION } from '@ai-sdk/openai';
import { VERSION as COMPATIBLE_VERSION } from '@ai-sdk/openai-compatible';
import {
  APICallError,
  InvalidResponseDataError,
  JSONParseError,
  TypeValidationError,
  type JSONObject,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3FinishReason,
  type LanguageModelV3Message,
  type LanguageModelV3StreamPart,
  type LanguageModelV3StreamResult,
  type LanguageModelV3Usage,
  type SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import { errors, type Dispatcher } from 'undici';
import { providerAgent } from './provider-fetch.js';
import { sseDataReader } from './sse-data.js';

export interface ChatCompletionsOptions {
  /** The SDK's model for the same endpoint and id: every call but the plain stream goes to it. */
  fallback: LanguageModelV3;
  /**
   * Which SDK adapter `fallback` is (`createOpenAI(…).chat(id)` or `createOpenAICompatible(…)(id)`):
   * whose request body, stream parts and errors the fast path reproduces.
   */
  wire: 'openai' | 'openai-compatible';
  /** The base URL the adapter was given (…/v1); requests go to `${baseURL}/chat/completions`. */
  baseURL: string;
  /** Sent as `Authorization: Bearer …`; no Authorization header when empty. */
  apiKey?: string;
  /** Extra request headers, as given to the adapter. */
  headers?: Record<string, string>;
  /** openai-compatible: the adapter's `includeUsage` (OpenAI's adapter always asks for usage). */
  includeUsage?: boolean;
  dispatcher?: Dispatcher;
}

type Wire = ChatCompletionsOptions['wire'];
type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const nullish = (value: unknown) => value === null || value === undefined;
const isStringOrNullish = (value: unknown) => nullish(value) || typeof value === 'string';
const isNumberOrNullish = (value: unknown) => nullish(value) || typeof value === 'number';

// ---- which calls take the fast path ------------------------------------------------------------

/** Call options the fast path sends as the adapters do; any other option set means the SDK. */
const PLAIN_OPTIONS = new Set([
  'prompt',
  'maxOutputTokens',
  'temperature',
  'stopSequences',
  'topP',
  'presencePenalty',
  'frequencyPenalty',
  'responseFormat',
  'seed',
  'includeRawChunks',
  'abortSignal',
  'headers',
]);

function isPlainCall(options: LanguageModelV3CallOptions): boolean {
  for (const key in options) {
    if (options[key as keyof LanguageModelV3CallOptions] !== undefined && !PLAIN_OPTIONS.has(key)) return false;
  }
  if (options.includeRawChunks || (options.responseFormat && options.responseFormat.type !== 'text')) return false;
  for (const message of options.prompt) {
    if (message.providerOptions !== undefined) return false;
    if (message.role === 'user') {
      // Several parts become an array of content parts: the SDK's to build.
      if (message.content.length !== 1 || !isPlainText(message.content[0])) return false;
    } else if (message.role === 'assistant') {
      for (const part of message.content) if (!isPlainText(part)) return false;
    } else if (message.role !== 'system') {
      return false;
    }
  }
  return true;
}

const isPlainText = (part: { type: string; providerOptions?: unknown } | undefined) =>
  part?.type === 'text' && part.providerOptions === undefined;

/**
 * Model ids whose requests @ai-sdk/openai's chat model rewrites (getOpenAILanguageModelCapabilities
 * and getArgs): reasoning models (o1, o3, o4-mini, gpt-5 and later but gpt-5-chat-*) get a
 * developer message, max_completion_tokens and no sampling settings; search previews lose
 * temperature. openai-compatible treats no id specially.
 */
export function openAIRewritesRequestsFor(modelId: string): boolean {
  if (/^o\d+(?:-|$)/.test(modelId)) return true;
  const gpt = gptVersion(modelId);
  if (gpt && gpt.major >= 5 && !(gpt.minor === undefined && gpt.variant.startsWith('chat'))) return true;
  return modelId.startsWith('gpt-4o-search-preview') || modelId.startsWith('gpt-4o-mini-search-preview');
}

/** The adapter's /^gpt-(\d+)(?:\.(\d+))?(?:-(.+))?$/, spelled out. */
function gptVersion(modelId: string): { major: number; minor: string | undefined; variant: string } | undefined {
  const major = /^gpt-\d+/.exec(modelId)?.[0];
  if (!major) return undefined;
  let rest = modelId.slice(major.length);
  const minor = /^\.\d+/.exec(rest)?.[0];
  if (minor) rest = rest.slice(minor.length);
  if (rest !== '' && !/^-./.test(rest)) return undefined;
  return { major: Number(major.slice(4)), minor, variant: rest.slice(1) };
}

// ---- the request -------------------------------------------------------------------------------

function messagesOf(prompt: LanguageModelV3Message[]): Json[] {
  const messages: Json[] = [];
  for (const message of prompt) {
    if (message.role === 'system') {
      messages.push({ role: 'system', content: message.content });
    } else if (message.role === 'user') {
      const part = message.content[0];
      messages.push({ role: 'user', content: part?.type === 'text' ? part.text : '' });
    } else if (message.role === 'assistant') {
      let text = '';
      for (const part of message.content) if (part.type === 'text') text += part.text;
      messages.push({ role: 'assistant', content: text });
    }
  }
  return messages;
}

/** The adapters' body, with their key order, and only the settings the call gave. */
function requestBody(modelId: string, options: LanguageModelV3CallOptions, streamOptions: boolean): Json {
  const body: Json = { model: modelId };
  if (options.maxOutputTokens !== undefined) body.max_tokens = options.maxOutputTokens;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.frequencyPenalty !== undefined) body.frequency_penalty = options.frequencyPenalty;
  if (options.presencePenalty !== undefined) body.presence_penalty = options.presencePenalty;
  if (options.stopSequences !== undefined) body.stop = options.stopSequences;
  if (options.seed !== undefined) body.seed = options.seed;
  body.messages = messagesOf(options.prompt);
  body.stream = true;
  if (streamOptions) body.stream_options = { include_usage: true };
  return body;
}

interface Call {
  wire: Wire;
  url: string;
  body: Json;
  signal: AbortSignal | undefined;
  /** Where the adapter puts its provider metadata: 'openai', or the compatible provider's name. */
  metadataKey: string;
}

function headersRecord(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

/** What the adapters throw for an HTTP error: the provider's error.message, else the status text. */
function failedResponse(
  call: Call,
  statusCode: number,
  responseHeaders: Record<string, string>,
  body: { text: string } | { failure: unknown },
): APICallError {
  const common = { url: call.url, requestBodyValues: call.body, statusCode, responseHeaders };
  if ('failure' in body) {
    return new APICallError({ ...common, message: 'Failed to process error response', cause: body.failure });
  }
  const responseBody = body.text;
  // undici reports no reason phrase; fetch's statusText is the standard one in practice.
  const statusText = STATUS_CODES[statusCode] ?? '';
  let parsed: unknown;
  try {
    parsed = responseBody.trim() === '' ? undefined : JSON.parse(responseBody);
  } catch {
    parsed = undefined;
  }
  const data = isRecord(parsed) ? errorData(parsed.error) : undefined;
  return data
    ? new APICallError({ ...common, message: data.error.message, responseBody, data })
    : new APICallError({ ...common, message: statusText, responseBody });
}

/** The adapters' error schema ({ error: { message, type?, param?, code? } }), unknown keys dropped. */
function errorData(error: unknown): { error: Json & { message: string } } | undefined {
  if (!isRecord(error) || typeof error.message !== 'string' || !isStringOrNullish(error.type)) return undefined;
  if (!nullish(error.code) && typeof error.code !== 'string' && typeof error.code !== 'number') return undefined;
  const kept: Json & { message: string } = { message: error.message };
  for (const key of ['type', 'param', 'code']) if (key in error) kept[key] = error[key];
  return { error: kept };
}

// provider-utils' handleFetchError: a failure with one of these codes in its cause chain is worth a retry.
const RETRYABLE_NETWORK_CODES = new Set([
  'ConnectionRefused',
  'ConnectionClosed',
  'FailedToOpenSocket',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function hasNetworkCode(error: unknown): boolean {
  for (let depth = 0; error instanceof Error && depth < 8; depth++) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code)) return true;
    error = error.cause;
  }
  return false;
}

/**
 * What the adapters surface when the connection breaks mid-answer: fetch's TypeError('terminated')
 * inside provider-utils' APICallError, retryable when the cause is a network failure.
 */
function brokenStream(call: Call, statusCode: number, responseHeaders: Record<string, string>, cause: unknown) {
  const terminated = new TypeError('terminated', { cause });
  return new APICallError({
    message: 'Failed to process successful response',
    cause: terminated,
    url: call.url,
    requestBodyValues: call.body,
    statusCode,
    responseHeaders,
    ...(hasNetworkCode(cause) ? { isRetryable: true } : {}),
  });
}

// ---- @ai-sdk/openai's error frame before the first output (openai-stream-error.ts) -------------

function streamErrorStatus(error: Json): number {
  const code = error.code;
  if (typeof code === 'number' && Number.isInteger(code) && code >= 400 && code <= 599) return code;
  if (typeof code === 'string' && /^\d{3}$/.test(code) && Number(code) >= 400 && Number(code) <= 599) {
    return Number(code);
  }
  const discriminator = [code, error.type]
    .filter((value) => typeof value === 'string' || typeof value === 'number')
    .join(' ')
    .toLowerCase();
  if (discriminator.includes('insufficient_quota') || discriminator.includes('rate_limit')) return 429;
  if (discriminator.includes('authentication')) return 401;
  if (discriminator.includes('permission')) return 403;
  if (discriminator.includes('not_found')) return 404;
  if (['invalid', 'bad_request', 'context_length'].some((term) => discriminator.includes(term))) return 400;
  if (discriminator.includes('overload')) return 503;
  if (discriminator.includes('timeout')) return 504;
  return 500;
}

function openAIStreamError(call: Call, responseHeaders: Record<string, string>, frame: Json) {
  const inner = isRecord(frame.error) ? frame.error : frame;
  const known =
    typeof inner.message === 'string' &&
    (isRecord(frame.error) || typeof inner.type === 'string' || 'code' in inner || 'param' in inner);
  const statusCode = known ? streamErrorStatus(inner) : 500;
  const quota = inner.code === 'insufficient_quota' || inner.type === 'insufficient_quota';
  return new APICallError({
    message: known ? (inner.message as string) : 'OpenAI stream failed before any output was generated',
    url: call.url,
    requestBodyValues: call.body,
    statusCode,
    responseHeaders,
    responseBody: JSON.stringify(frame),
    data: frame,
    isRetryable:
      !(known && quota) && (statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500),
  });
}

// ---- the stream --------------------------------------------------------------------------------

/** What is wrong with a chunk's shape (the adapters' zod schema, checked by hand), if anything. */
function chunkProblem(value: Json, choice: unknown, wire: Wire): string | undefined {
  if (choice !== undefined && !isRecord(choice)) return 'a choice must be an object';
  if (!isStringOrNullish(value.id) || !isStringOrNullish(value.model) || !isNumberOrNullish(value.created)) {
    return 'id, model and created must be a string, a string and a number';
  }
  const usage = value.usage;
  if (
    !nullish(usage) &&
    (!isRecord(usage) || !isNumberOrNullish(usage.prompt_tokens) || !isNumberOrNullish(usage.completion_tokens))
  ) {
    return 'usage must carry token counts';
  }
  if (!choice) return undefined;
  if (!isStringOrNullish(choice.finish_reason)) return 'finish_reason must be a string';
  if (wire === 'openai' && !nullish(choice.logprobs) && !validLogprobs(choice.logprobs)) {
    return 'logprobs must list tokens with their log probabilities';
  }
  const delta = choice.delta;
  if (nullish(delta)) return undefined;
  return isRecord(delta) ? deltaProblem(delta, wire) : 'delta must be an object';
}

/** @ai-sdk/openai's logprobs: `content` and `refusal`, each a list of tokens with alternatives. */
function validLogprobs(logprobs: unknown): boolean {
  const isToken = (entry: unknown) =>
    isRecord(entry) && typeof entry.token === 'string' && typeof entry.logprob === 'number';
  const isList = (list: unknown) =>
    nullish(list) ||
    (Array.isArray(list) &&
      list.every((entry) => isToken(entry) && Array.isArray(entry.top_logprobs) && entry.top_logprobs.every(isToken)));
  return isRecord(logprobs) && isList(logprobs.content) && isList(logprobs.refusal);
}

function deltaProblem(delta: Json, wire: Wire): string | undefined {
  if (!isStringOrNullish(delta.reasoning_content) || !isStringOrNullish(delta.reasoning)) {
    return 'reasoning must be a string';
  }
  if (!isStringOrNullish(delta.content) && (wire === 'openai' || !Array.isArray(delta.content))) {
    return 'content must be a string';
  }
  if (wire === 'openai' && !isStringOrNullish(delta.refusal)) return 'refusal must be a string';
  if (!nullish(delta.tool_calls) && !Array.isArray(delta.tool_calls)) return 'tool_calls must be an array';
  if (!nullish(delta.annotations) && !Array.isArray(delta.annotations)) return 'annotations must be an array';
  return undefined;
}

// ---- plain text chunks by template ---------------------------------------------------------------
//
// JSON.parse of every chunk was the hottest part of a streamed answer, and a provider repeats the
// same JSON around each piece of text. So after a chunk whose only effect was its text, the chunk
// is cut around its content string into a template, and a later chunk that is the template with
// another string literal in that hole is read without parsing. OpenAI adds a random `obfuscation`
// string to every chunk, which nothing reads: a second hole. A template is kept only if parsing it
// with probe strings in the holes gives the same chunk with the probes as content (and obfuscation):
// then each hole is a whole string token, so another string literal there changes that string only.

/** A plain text chunk's JSON around its content string and, if it has one, its obfuscation string. */
interface ChunkTemplate {
  /** Up to and including the content's opening quote. */
  prefix: string;
  /** From the content's closing quote to the obfuscation's opening quote; undefined without one. */
  infix: string | undefined;
  /** From the last hole's closing quote to the end. */
  suffix: string;
}

/** Templates derived per stream at most: chunks that differ in more than their text stop trying. */
const TEMPLATE_ATTEMPTS = 4;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The text of a plain text chunk, if it is the chunk's only effect (given the gate is open). */
function plainText(value: unknown): string | undefined {
  if (!isRecord(value) || value.error !== undefined || !nullish(value.usage)) return undefined;
  const choices = value.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice: unknown = choices[0];
  if (!isRecord(choice) || !nullish(choice.finish_reason) || !nullish(choice.logprobs) || !isRecord(choice.delta)) {
    return undefined;
  }
  const { content, refusal, reasoning_content: reasoningContent, reasoning, tool_calls: toolCalls } = choice.delta;
  if (typeof content !== 'string' || content === '') return undefined;
  const others = [refusal, reasoningContent, reasoning, toolCalls, choice.delta.annotations];
  return others.every(nullish) ? content : undefined;
}

/** The template of plain text chunk `data` (parsed: `value`), unless a probe parse disagrees. */
function templateOf(data: string, value: Json, content: string): ChunkTemplate | undefined {
  const contentLiteral = JSON.stringify(content);
  const contentAt = data.indexOf(contentLiteral);
  if (contentAt < 0) return undefined;
  const contentEnd = contentAt + contentLiteral.length - 1;
  const prefix = data.slice(0, contentAt + 1);
  const obfuscation = value.obfuscation;
  let infix: string | undefined;
  let suffix = data.slice(contentEnd);
  if (typeof obfuscation === 'string') {
    const literal = JSON.stringify(obfuscation);
    const at = data.indexOf(literal, contentEnd + 1);
    if (at < 0) return undefined;
    infix = data.slice(contentEnd, at + 1);
    suffix = data.slice(at + literal.length - 1);
  }
  // Each probe is the string it replaces plus '.'. Had a hole not been a whole string token, that
  // '.' would stand outside a string (where JSON allows it only before a digit, not a quote) or the
  // probe would end up in a longer string: the parse fails or finds another content.
  const contentProbe = `${content}.`;
  const obfuscationProbe = `${String(obfuscation)}.`;
  const body = (text: string) => JSON.stringify(text).slice(1, -1);
  const probeText =
    infix === undefined
      ? prefix + body(contentProbe) + suffix
      : prefix + body(contentProbe) + infix + body(obfuscationProbe) + suffix;
  let probe: unknown;
  try {
    probe = JSON.parse(probeText);
  } catch {
    return undefined; // not a template after all: the chunks keep the full path
  }
  const delta =
    isRecord(probe) && Array.isArray(probe.choices) ? (probe.choices[0] as Json | undefined)?.delta : undefined;
  if (!isRecord(probe) || !isRecord(delta) || delta.content !== contentProbe) return undefined;
  delta.content = content;
  if (infix !== undefined) {
    if (probe.obfuscation !== obfuscationProbe) return undefined;
    probe.obfuscation = obfuscation;
  }
  if (JSON.stringify(probe) !== JSON.stringify(value)) return undefined;
  // Slices of the chunk would keep the whole chunk alive for as long as the answer streams.
  return { prefix: own(prefix), infix: infix === undefined ? undefined : own(infix), suffix: own(suffix) };
}

/** A copy of a string that shares no memory with the string it was sliced from. */
function own(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** The text of a chunk that is `template` with string literals in its holes, else undefined. */
function textByTemplate({ prefix, infix, suffix }: ChunkTemplate, data: string): string | undefined {
  // slice and === rather than startsWith and endsWith: V8 compares those a character at a time.
  const end = data.length - suffix.length;
  if (end <= prefix.length || data.slice(0, prefix.length) !== prefix || data.slice(end) !== suffix) return undefined;
  let contentEnd = end;
  if (infix !== undefined) {
    const start = data.lastIndexOf('"', end - 1) + 1; // an obfuscation string without quotes starts there
    contentEnd = start - infix.length;
    if (contentEnd <= prefix.length || data.slice(contentEnd, start) !== infix || !isVerbatim(data.slice(start, end))) {
      return undefined;
    }
  }
  const literal = data.slice(prefix.length, contentEnd);
  if (isVerbatim(literal)) return literal;
  try {
    return JSON.parse(`"${literal}"`) as string;
  } catch {
    return undefined; // no string literal there: the full path parses the chunk and reports what is wrong
  }
}

/** Whether `literal` (between a string's quotes) needs no decoding: no quote, backslash or control character. */
function isVerbatim(literal: string): boolean {
  for (let index = 0; index < literal.length; index++) {
    const code = literal.charCodeAt(index);
    if (code < 0x20 || code === QUOTE || code === BACKSLASH) return false;
  }
  return true;
}

const NONE = 0;
const TEXT = 1;
const REASONING = 2;

const FINISH_REASONS: Record<string, LanguageModelV3FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content-filter',
  function_call: 'tool-calls',
  tool_calls: 'tool-calls',
};

const TOOL_CALLS_UNSUPPORTED =
  'the provider streamed a tool call, which only the AI SDK adapter handles (this fast path sends no tools)';

/**
 * The parts of one answer for its one reader, as a ReadableStream's default controller would queue
 * them (high-water mark 1; an error drops what was queued). providers/service.ts iterates it
 * directly: a ReadableStream with its controller, reader, iterator and a promise chain per read
 * was a tenth of the heap an idle streamed answer holds. Whoever asks for `stream` gets one.
 */
class PartQueue implements AsyncIterableIterator<LanguageModelV3StreamPart> {
  private readonly queued: LanguageModelV3StreamPart[] = [];
  private reader:
    { resolve(step: IteratorResult<LanguageModelV3StreamPart>): void; reject(error: unknown): void } | undefined;
  private closed = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly source: { pull(): void; cancel(): void }) {}

  get desiredSize() {
    return 1 - this.queued.length;
  }

  enqueue(part: LanguageModelV3StreamPart) {
    if (this.closed || this.failure) return;
    const reader = this.reader;
    this.reader = undefined;
    if (reader) reader.resolve({ value: part, done: false });
    else this.queued.push(part);
  }

  close() {
    if (this.closed || this.failure) return;
    this.closed = true;
    if (this.queued.length === 0) this.settle();
  }

  error(error: unknown) {
    if (this.closed || this.failure) return;
    this.failure = { error };
    this.queued.length = 0;
    this.settle();
  }

  next(): Promise<IteratorResult<LanguageModelV3StreamPart>> {
    if (this.queued.length > 0) {
      const value = this.queued.shift()!;
      this.source.pull();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    this.source.pull();
    return new Promise((resolve, reject) => (this.reader = { resolve, reject }));
  }

  return(): Promise<IteratorResult<LanguageModelV3StreamPart>> {
    if (!this.closed && !this.failure) {
      this.closed = true;
      this.queued.length = 0;
      this.source.cancel();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** The same parts as the ReadableStream of the LanguageModelV3 interface. */
  toStream(): ReadableStream<LanguageModelV3StreamPart> {
    return new ReadableStream<LanguageModelV3StreamPart>(
      {
        pull: async (controller) => {
          const step = await this.next();
          if (step.done) controller.close();
          else controller.enqueue(step.value);
        },
        cancel: async () => {
          await this.return();
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** A waiting reader learns that the queue closed or failed. */
  private settle() {
    const reader = this.reader;
    this.reader = undefined;
    if (!reader) return;
    if (this.failure) reader.reject(this.failure.error);
    else reader.resolve({ value: undefined, done: true });
  }
}

/** A fast-path doStream result: its ReadableStream is made only if someone reads it. */
class PlainStreamResult implements LanguageModelV3StreamResult {
  private made: ReadableStream<LanguageModelV3StreamPart> | undefined;

  constructor(
    readonly parts: PartQueue,
    readonly request: { body: Json },
    readonly response: { headers: Record<string, string> },
  ) {}

  get stream() {
    return (this.made ??= this.parts.toStream());
  }
}

/** The parts of a doStream result as an async iterable without web streams, if it came from the fast path. */
export function plainParts(result: LanguageModelV3StreamResult): AsyncIterable<LanguageModelV3StreamPart> | undefined {
  return result instanceof PlainStreamResult ? result.parts : undefined;
}

/**
 * A request body undici lets go of once it is sent. A string or Buffer body stays on undici's
 * request until the response ends: the whole prompt, held by every answer while it streams.
 */
function sentOnce(payload: Buffer): AsyncIterable<Buffer> {
  let rest: Buffer | undefined = payload;
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const value = rest;
        rest = undefined;
        return value ? { value, done: false } : { value: undefined, done: true };
      },
    }),
  };
}

/** What an answer needs of its response body: flow control, and a way to drop the request. */
interface ResponseBody {
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  destroy(): void;
}

/**
 * One request on undici's dispatch API: the body's chunks go straight to the answer's parser.
 * undici.request would put its handler and a body Readable (with its buffer and listeners) in
 * between, which an answer holds for as long as it streams; the errors are the ones it gives.
 */
class PlainExchange implements Dispatcher.DispatchHandler, ResponseBody {
  readonly answer: Promise<ChatCompletionStream>;
  private resolve!: (answer: ChatCompletionStream) => void;
  private reject!: (error: unknown) => void;
  private controller: Dispatcher.DispatchController | undefined;
  private stream: ChatCompletionStream | undefined;
  private statusCode = 0;
  private responseHeaders: Record<string, string> | undefined;
  private errorBody: Buffer[] | undefined;

  constructor(private readonly call: Call) {
    this.answer = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    call.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private readonly onAbort = () => this.controller?.abort(this.call.signal!.reason as Error);

  onRequestStart(controller: Dispatcher.DispatchController) {
    this.controller = controller;
    if (this.call.signal?.aborted) controller.abort(this.call.signal.reason as Error);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Dispatcher.ResponseData['headers'],
  ) {
    // Parsed into `headers` already; the raw ones are slices of a socket read that undici would
    // otherwise keep (with all of that read) for as long as the answer streams.
    controller.rawHeaders = null;
    if (statusCode < 200) return;
    this.statusCode = statusCode;
    this.responseHeaders = headersRecord(headers);
    if (statusCode > 299) this.errorBody = [];
    else this.resolve((this.stream = new ChatCompletionStream(this.call, this, statusCode, this.responseHeaders)));
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer) {
    if (this.stream) this.stream.onData(chunk);
    else this.errorBody?.push(chunk);
  }

  onResponseEnd() {
    this.call.signal?.removeEventListener('abort', this.onAbort);
    if (this.stream) this.stream.onEnd();
    else this.reject(this.failed({ text: Buffer.concat(this.errorBody ?? []).toString('utf8') }));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error) {
    this.call.signal?.removeEventListener('abort', this.onAbort);
    if (this.stream) {
      this.stream.onError(error);
    } else if (this.call.signal?.aborted) {
      this.reject(this.call.signal.reason);
    } else if (this.errorBody) {
      this.reject(this.failed({ failure: error }));
    } else {
      // What the adapters make of fetch's TypeError('fetch failed', { cause }).
      this.reject(
        new APICallError({
          message: `Cannot connect to API: ${error.message}`,
          cause: error,
          url: this.call.url,
          requestBodyValues: this.call.body,
          isRetryable: true,
        }),
      );
    }
  }

  private failed(body: { text: string } | { failure: unknown }) {
    return failedResponse(this.call, this.statusCode, this.responseHeaders ?? {}, body);
  }

  pause() {
    this.controller?.pause();
  }

  resume() {
    this.controller?.resume();
  }

  isPaused() {
    return this.controller?.paused ?? false;
  }

  destroy() {
    if (this.controller && !this.controller.aborted) this.controller.abort(new errors.RequestAbortedError());
  }
}

/**
 * One streamed answer: SSE events from the response body become LanguageModelV3 stream parts.
 * Text (and reasoning) deltas are buffered for the current network read and enqueued as one part
 * at its end. The body pauses while the consumer has not taken what was read.
 */
class ChatCompletionStream {
  readonly parts: PartQueue;
  /** @ai-sdk/openai resolves doStream only after the first output (or an error frame before it). */
  readonly ready: Promise<void> | undefined;
  private readonly feed: (text: string) => void;
  private readonly decoder = new StringDecoder('utf8');
  private gate: { resolve(): void; reject(error: unknown): void } | undefined;
  private readonly textId: string;
  private pending = '';
  private pendingKind = NONE;
  private textActive = false;
  private reasoningActive = false;
  private hasRefusal = false;
  private metadataSent = false;
  private errored = false;
  private toolCallsReported = false;
  private template: ChunkTemplate | undefined;
  private templateAttempts = TEMPLATE_ATTEMPTS;
  private rawFinishReason: string | undefined;
  private usage: Json | undefined;
  private openaiMetadata: Json | undefined;
  private done = false;

  constructor(
    private readonly call: Call,
    private readonly body: ResponseBody,
    private readonly statusCode: number,
    readonly responseHeaders: Record<string, string>,
  ) {
    this.textId = call.wire === 'openai' ? '0' : 'txt-0';
    this.feed = sseDataReader(this.onEvent);
    if (call.wire === 'openai') {
      this.ready = new Promise((resolve, reject) => (this.gate = { resolve, reject }));
    }
    this.parts = new PartQueue(this);
    this.parts.enqueue({ type: 'stream-start', warnings: [] });
  }

  /** The reader took parts: read on if the body waited for it. */
  pull() {
    if (!this.done && this.body.isPaused()) this.body.resume();
  }

  /** The reader stopped reading. */
  cancel() {
    this.done = true;
    this.body.destroy();
  }

  onData(chunk: Buffer) {
    if (this.done) return;
    try {
      this.feed(this.decoder.write(chunk));
    } catch (error) {
      this.fail(error); // a bug of ours: still an error for the consumer, never an uncaught one
      return;
    }
    if (this.done) return;
    this.flushPending();
    // Before the first output nobody reads yet (doStream has not resolved): keep reading, as the SDK's tee does.
    if (this.gate === undefined && this.parts.desiredSize <= 0) this.body.pause();
  }

  onEnd() {
    this.finish();
  }

  onError(error: Error) {
    if (this.done) return;
    if (this.call.signal?.aborted) {
      this.fail(this.call.signal.reason);
      return;
    }
    const failure = brokenStream(this.call, this.statusCode, this.responseHeaders, error);
    if (this.gate) {
      this.fail(failure);
      return;
    }
    this.flushPending();
    this.parts.enqueue({ type: 'error', error: failure });
    this.done = true;
    this.parts.close();
  }

  /** Ends the stream with an error: doStream rejects if it has not resolved yet, else reads do. */
  private fail(error: unknown) {
    this.done = true;
    this.body.destroy();
    if (this.gate) this.gate.reject(error);
    else this.parts.error(error);
    this.gate = undefined;
  }

  private openGate() {
    this.gate?.resolve();
    this.gate = undefined;
  }

  private readonly onEvent = (data: string) => {
    if (this.done) return;
    if (data === '[DONE]') {
      this.finish();
      return;
    }
    const text = this.template && textByTemplate(this.template, data);
    if (text !== undefined) {
      this.appendText(text); // all that process() does with a plain text chunk
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch (cause) {
      this.chunkError(new JSONParseError({ text: data, cause }));
      return;
    }
    const problem = this.process(value);
    if (problem) this.chunkError(new TypeValidationError({ value, cause: problem }));
    else this.learnTemplate(data, value);
  };

  /** After a plain text chunk, with metadata sent and the gate open, another like it only adds text. */
  private learnTemplate(data: string, value: unknown) {
    if (this.templateAttempts === 0 || this.gate !== undefined || !this.metadataSent || this.done) return;
    const content = plainText(value);
    if (content === undefined) return;
    this.templateAttempts--;
    this.template = templateOf(data, value as Json, content);
  }

  /** One parsed event; returns what is wrong with its shape, if anything. */
  private process(value: unknown): string | undefined {
    if (!isRecord(value)) return 'a chunk must be an object';
    const choices = value.choices;
    if (!Array.isArray(choices)) {
      if (value.error === undefined) return 'choices must be an array';
      const data = errorData(value.error);
      if (!data) return 'error.message must be a string';
      this.errorChunk(data.error);
      return undefined;
    }
    const problem = chunkProblem(value, choices[0], this.call.wire);
    if (problem) return problem;
    const choice = choices[0] as Json | undefined;
    const delta = choice?.delta as Json | null | undefined;
    this.metadata(value);
    if (!nullish(value.usage)) this.setUsage(value.usage as Json);
    if (!nullish(choice?.finish_reason)) this.rawFinishReason = choice!.finish_reason as string;
    if (this.call.wire === 'openai' && isRecord(choice?.logprobs)) this.addLogprobs(choice.logprobs);
    if (delta) {
      if (this.call.wire === 'openai') this.openAIDelta(delta);
      else this.compatibleDelta(delta);
    }
    if (this.gate && isOutputChunk(choices)) this.openGate();
    return undefined;
  }

  private metadata(value: Json) {
    const { id, model, created } = value;
    if (this.call.wire === 'openai') {
      if (this.metadataSent || !(id || model || created)) return;
      this.emit({
        type: 'response-metadata',
        id: nullish(id) ? undefined : (id as string),
        modelId: nullish(model) ? undefined : (model as string),
        timestamp: created ? new Date((created as number) * 1000) : undefined,
      });
    } else {
      if (this.metadataSent) return;
      this.emit({
        type: 'response-metadata',
        id: nullish(id) ? undefined : (id as string),
        modelId: nullish(model) ? undefined : (model as string),
        timestamp: nullish(created) ? undefined : new Date((created as number) * 1000),
      });
    }
    this.metadataSent = true;
  }

  /** Token log probabilities (a server sends them unasked, or a gateway asked): the adapter's list. */
  private addLogprobs({ content, refusal }: Json) {
    if (nullish(content) && nullish(refusal)) return;
    const metadata = (this.openaiMetadata ??= {});
    const list = ((metadata.logprobs as unknown[] | undefined) ??= []);
    list.push(
      ...((content as unknown[] | null | undefined) ?? []),
      ...((refusal as unknown[] | null | undefined) ?? []),
    );
  }

  private setUsage(usage: Json) {
    this.usage = usage;
    if (this.call.wire !== 'openai') return;
    const details = usage.completion_tokens_details;
    if (!isRecord(details)) return;
    if (!nullish(details.accepted_prediction_tokens)) {
      (this.openaiMetadata ??= {}).acceptedPredictionTokens = details.accepted_prediction_tokens;
    }
    if (!nullish(details.rejected_prediction_tokens)) {
      (this.openaiMetadata ??= {}).rejectedPredictionTokens = details.rejected_prediction_tokens;
    }
  }

  private openAIDelta(delta: Json) {
    const { content, refusal } = delta;
    if (typeof content === 'string' && content.length > 0) this.appendText(content);
    if (typeof refusal === 'string' && refusal.length > 0) {
      this.hasRefusal = true;
      this.appendText(refusal);
    } else if (content === '') {
      this.appendText(''); // the adapter opens the text block on the role chunk's empty content
    }
    this.toolCalls(delta.tool_calls);
    const annotations = delta.annotations as unknown[] | null | undefined;
    if (annotations) {
      for (const annotation of annotations) {
        const citation = isRecord(annotation) ? annotation.url_citation : undefined;
        if (!isRecord(citation) || typeof citation.url !== 'string' || typeof citation.title !== 'string') {
          this.chunkError(
            new TypeValidationError({ value: annotation, cause: 'url_citation must have url and title' }),
          );
          continue;
        }
        this.emit({ type: 'source', sourceType: 'url', id: randomUUID(), url: citation.url, title: citation.title });
      }
    }
  }

  private compatibleDelta(delta: Json) {
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string' && reasoning.length > 0) this.appendReasoning(reasoning);
    const content = delta.content;
    if (typeof content === 'string') {
      if (content.length > 0) this.appendText(content);
    } else if (Array.isArray(content)) {
      this.contentParts(content);
    }
    const refusal = delta.refusal;
    if (typeof refusal === 'string' && refusal.length > 0) {
      this.hasRefusal = true;
      this.appendText(refusal);
    }
    this.toolCalls(delta.tool_calls);
  }

  /** openai-compatible's content arrays: text parts, and `thinking` parts as reasoning. */
  private contentParts(parts: unknown[]) {
    for (const part of parts) {
      if (!isRecord(part)) continue;
      if (part.type === 'text' && typeof part.text === 'string') {
        if (part.text.length > 0) this.appendText(part.text);
      } else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
        let text = '';
        for (const piece of part.thinking) {
          if (isRecord(piece) && piece.type === 'text' && typeof piece.text === 'string') text += piece.text;
        }
        if (text.length > 0) this.appendReasoning(text);
      }
    }
  }

  private toolCalls(toolCalls: unknown) {
    if (!Array.isArray(toolCalls) || toolCalls.length === 0 || this.toolCallsReported) return;
    this.toolCallsReported = true;
    this.emit({
      type: 'error',
      error: new InvalidResponseDataError({ data: toolCalls, message: TOOL_CALLS_UNSUPPORTED }),
    });
  }

  private appendText(text: string) {
    if (this.pendingKind === REASONING) this.flushPending();
    if (!this.textActive) {
      if (this.reasoningActive) {
        this.parts.enqueue({ type: 'reasoning-end', id: 'reasoning-0' });
        this.reasoningActive = false;
      }
      this.parts.enqueue({ type: 'text-start', id: this.textId });
      this.textActive = true;
    }
    this.pending += text;
    this.pendingKind = TEXT;
  }

  private appendReasoning(text: string) {
    if (this.pendingKind === TEXT) this.flushPending();
    if (!this.reasoningActive) {
      if (this.textActive) {
        this.parts.enqueue({ type: 'text-end', id: this.textId });
        this.textActive = false;
      }
      this.parts.enqueue({ type: 'reasoning-start', id: 'reasoning-0' });
      this.reasoningActive = true;
    }
    this.pending += text;
    this.pendingKind = REASONING;
  }

  private flushPending() {
    if (this.pending !== '') {
      const delta = this.pending;
      this.parts.enqueue(
        this.pendingKind === TEXT
          ? { type: 'text-delta', id: this.textId, delta }
          : { type: 'reasoning-delta', id: 'reasoning-0', delta },
      );
    }
    this.pending = '';
    this.pendingKind = NONE;
  }

  /** Any part but a delta: the deltas buffered so far go first. */
  private emit(part: LanguageModelV3StreamPart) {
    this.flushPending();
    this.parts.enqueue(part);
  }

  /** A chunk that is no valid JSON or has the wrong shape: an error part, as the adapters do. */
  private chunkError(error: unknown) {
    this.errored = true;
    if (this.call.wire === 'openai') this.rawFinishReason = undefined;
    this.emit({ type: 'error', error });
    this.openGate();
  }

  /** A chunk `{ error: … }` from the provider. */
  private errorChunk(error: Json) {
    if (this.gate) {
      this.fail(openAIStreamError(this.call, this.responseHeaders, error));
      return;
    }
    this.errored = true;
    if (this.call.wire === 'openai') this.rawFinishReason = undefined;
    this.emit({ type: 'error', error });
  }

  private finish() {
    if (this.done) return;
    this.done = true;
    this.flushPending();
    if (this.reasoningActive) this.parts.enqueue({ type: 'reasoning-end', id: 'reasoning-0' });
    if (this.textActive) this.parts.enqueue({ type: 'text-end', id: this.textId });
    const raw = this.rawFinishReason;
    let finishReason: LanguageModelV3FinishReason;
    if (raw !== undefined) {
      const unified = FINISH_REASONS[raw] ?? 'other';
      finishReason = { unified: unified === 'stop' && this.hasRefusal ? 'content-filter' : unified, raw };
    } else if (this.errored) {
      finishReason = { unified: 'error', raw: undefined };
    } else if (this.call.wire === 'openai') {
      finishReason = { unified: 'other', raw: undefined };
    } else {
      finishReason = { unified: 'error', raw: undefined };
      this.parts.enqueue({
        type: 'error',
        error: new InvalidResponseDataError({
          data: undefined,
          message: 'Response stream ended without a finish reason.',
        }),
      });
    }
    this.parts.enqueue({
      type: 'finish',
      finishReason,
      usage: this.call.wire === 'openai' ? openAIUsage(this.usage) : compatibleUsage(this.usage),
      providerMetadata: this.providerMetadata(),
    });
    this.parts.close();
    this.openGate();
    // After [DONE] the rest of the body (the chunked terminator) is read, so the connection is reused.
    if (this.body.isPaused()) this.body.resume();
  }

  private providerMetadata(): SharedV3ProviderMetadata {
    if (this.call.wire === 'openai') return { openai: (this.openaiMetadata ?? {}) as JSONObject };
    const metadata: JSONObject = {};
    const details = this.usage?.completion_tokens_details;
    if (isRecord(details)) {
      if (!nullish(details.accepted_prediction_tokens)) {
        metadata.acceptedPredictionTokens = details.accepted_prediction_tokens as number;
      }
      if (!nullish(details.rejected_prediction_tokens)) {
        metadata.rejectedPredictionTokens = details.rejected_prediction_tokens as number;
      }
    }
    return { [this.call.metadataKey]: metadata };
  }
}

function isOutputChunk(choices: unknown[]): boolean {
  for (const choice of choices) {
    const delta = isRecord(choice) ? choice.delta : undefined;
    if (!isRecord(delta)) continue;
    const { content, refusal, tool_calls: toolCalls, annotations } = delta;
    if (typeof content === 'string' && content.length > 0) return true;
    if (typeof refusal === 'string' && refusal.length > 0) return true;
    if (Array.isArray(toolCalls) && toolCalls.length > 0) return true;
    if (Array.isArray(annotations) && annotations.length > 0) return true;
  }
  return false;
}

const NO_USAGE: LanguageModelV3Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
  raw: undefined,
};

const count = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** Only the keys of `value` in `keys`, as the zod object schema of @ai-sdk/openai keeps them. */
function pick(value: unknown, keys: readonly string[]): JSONObject | null | undefined {
  if (!isRecord(value)) return value as null | undefined;
  const kept: JSONObject = {};
  for (const key of keys) if (key in value) kept[key] = value[key] as JSONObject[string];
  return kept;
}

/** The token counts both adapters read from a usage object. */
function usageCounts(usage: Json) {
  const promptDetails = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : undefined;
  const completionDetails = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : undefined;
  return {
    prompt: count(usage.prompt_tokens) ?? 0,
    completion: count(usage.completion_tokens) ?? 0,
    cached: count(promptDetails?.cached_tokens) ?? 0,
    cacheWrite: count(promptDetails?.cache_write_tokens),
    reasoning: count(completionDetails?.reasoning_tokens) ?? 0,
  };
}

/** @ai-sdk/openai's convertOpenAIChatUsage, `raw` as its chunk schema strips it. */
function openAIUsage(usage: Json | undefined): LanguageModelV3Usage {
  if (!usage) return NO_USAGE;
  const { prompt, completion, cached, cacheWrite, reasoning } = usageCounts(usage);
  const raw = pick(usage, ['prompt_tokens', 'completion_tokens', 'total_tokens']) as JSONObject;
  if ('prompt_tokens_details' in usage) {
    raw.prompt_tokens_details = pick(usage.prompt_tokens_details, ['cached_tokens', 'cache_write_tokens']) ?? null;
  }
  if ('completion_tokens_details' in usage) {
    raw.completion_tokens_details =
      pick(usage.completion_tokens_details, [
        'reasoning_tokens',
        'accepted_prediction_tokens',
        'rejected_prediction_tokens',
      ]) ?? null;
  }
  return {
    inputTokens: { total: prompt, noCache: prompt - cached - (cacheWrite ?? 0), cacheRead: cached, cacheWrite },
    outputTokens: { total: completion, text: Math.max(0, completion - reasoning), reasoning },
    raw,
  };
}

/** @ai-sdk/openai-compatible's convertOpenAICompatibleChatUsage (its schema keeps every key). */
function compatibleUsage(usage: Json | undefined): LanguageModelV3Usage {
  if (!usage) return NO_USAGE;
  const { prompt, completion, cached, reasoning } = usageCounts(usage);
  return {
    inputTokens: { total: prompt, noCache: prompt - cached, cacheRead: cached, cacheWrite: undefined },
    outputTokens: { total: completion, text: Math.max(0, completion - reasoning), reasoning },
    raw: usage as JSONObject,
  };
}

// ---- the model ---------------------------------------------------------------------------------

export function createChatCompletionsModel(options: ChatCompletionsOptions): LanguageModelV3 {
  const { fallback, wire, dispatcher } = options;
  const base = options.baseURL.replace(/\/$/, '');
  const url = wire === 'openai' ? `${base}/chat/completions` : new URL(`${base}/chat/completions`).toString();
  const parsed = new URL(url);
  const target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
  const streamOptions = wire === 'openai' || options.includeUsage === true;
  const fastPath = wire !== 'openai' || !openAIRewritesRequestsFor(fallback.modelId);
  const metadataKey = wire === 'openai' ? 'openai' : (fallback.provider.split('.')[0] ?? '').trim();
  // The adapters' headers: content type, the key, the caller's, and their user agent.
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  const agent =
    wire === 'openai' ? `ai-sdk/openai/${OPENAI_VERSION}` : `ai-sdk/openai-compatible/${COMPATIBLE_VERSION}`;
  headers['user-agent'] = [headers['user-agent'], agent, `runtime/node.js/${process.version}`]
    .filter(Boolean)
    .join(' ');

  function headersFor(call: LanguageModelV3CallOptions): Record<string, string> {
    if (!call.headers) return headers;
    const merged = { ...headers };
    for (const [name, value] of Object.entries(call.headers))
      if (value !== undefined) merged[name.toLowerCase()] = value;
    return merged;
  }

  async function streamPlain(callOptions: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const signal = callOptions.abortSignal;
    const body = requestBody(fallback.modelId, callOptions, streamOptions);
    const exchange = new PlainExchange({ wire, url, body, signal, metadataKey });
    const payload = Buffer.from(JSON.stringify(body));
    (dispatcher ?? providerAgent()).dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: 'POST',
        headers: { ...headersFor(callOptions), 'content-length': String(payload.length) },
        // Dispatcher.md documents Iterable and AsyncIterable bodies; its types do not list them yet.
        body: sentOnce(payload) as unknown as Dispatcher.DispatchOptions['body'],
      },
      exchange,
    );
    const answer = await exchange.answer;
    if (answer.ready) await answer.ready;
    return new PlainStreamResult(answer.parts, { body }, { headers: answer.responseHeaders });
  }

  return {
    specificationVersion: 'v3',
    provider: fallback.provider,
    modelId: fallback.modelId,
    get supportedUrls() {
      return fallback.supportedUrls;
    },
    doGenerate: (callOptions) => fallback.doGenerate(callOptions),
    doStream: (callOptions) =>
      fastPath && isPlainCall(callOptions) ? streamPlain(callOptions) : fallback.doStream(callOptions),
  };
}
