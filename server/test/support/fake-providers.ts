// A local stand-in for the AI providers' HTTP APIs. It speaks each provider's wire protocol and
// replays the real responses recorded in ../shared/fixtures/providers, so production code (the AI
// SDK providers, the official `openai` client) is exercised over real sockets exactly as against
// the real APIs. Scenarios add what recordings cannot: HTTP errors, cut connections, stalls.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type FakeProvider = 'openai' | 'anthropic' | 'perplexity' | 'openai-compatible';

export interface Scenario {
  /** `folder/name` under the fixtures directory, or a bare name inside the provider's own folder. */
  fixture?: string;
  /** Instead of a fixture: a synthesised answer in the provider's format with exactly this text. */
  text?: string;
  /** Token counts reported for a `text` scenario (estimated from the request and text otherwise). */
  usage?: { inputTokens: number; outputTokens: number };
  /** Answer with this HTTP status and a provider-shaped error body (the fixture's body if one is given). */
  status?: number;
  retryAfterSeconds?: number;
  errorMessage?: string;
  /** Send that many stream events (or, for a JSON answer, half the body), then destroy the socket. */
  cutAfterChunks?: number;
  /** Wait this long before sending headers; gives up as soon as the client disconnects. */
  stallMs?: number;
  /** Pause between stream events; gives up as soon as the client disconnects. */
  chunkDelayMs?: number;
}

export interface RecordedRequest {
  provider: FakeProvider;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
}

export interface FakeProviders {
  url: string;
  baseUrl(provider: FakeProvider): string;
  enqueue(provider: FakeProvider, ...scenarios: Scenario[]): void;
  requests: RecordedRequest[];
  models: Record<FakeProvider, string[]>;
  /** Connections with a request still in progress (idle keep-alive sockets are not counted). */
  openConnections(): number;
  reset(): void;
  close(): Promise<void>;
}

// A copy of ../shared/fixtures/providers (Apache-2.0, see LICENSE-vercel-ai.txt there), so a clone tests anywhere.
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/providers/', import.meta.url));

const PREFIX: Record<FakeProvider, string> = {
  openai: '/openai/v1',
  anthropic: '/anthropic/v1',
  perplexity: '/perplexity',
  'openai-compatible': '/compat/v1',
};

const FOLDER: Record<FakeProvider, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  perplexity: 'perplexity',
  'openai-compatible': 'openai-compatible',
};

const DEFAULT_FIXTURE: Record<FakeProvider, string> = {
  openai: 'openai/openai-text',
  anthropic: 'anthropic/anthropic-text',
  perplexity: 'perplexity/perplexity-text',
  'openai-compatible': 'openai-compatible/xai-text',
};

const DEFAULT_MODELS: Record<FakeProvider, string[]> = {
  openai: ['gpt-4.1-nano', 'gpt-4.1-mini', 'gpt-4o-mini'],
  anthropic: ['claude-sonnet-4-5', 'claude-haiku-4-5'],
  perplexity: ['sonar', 'sonar-pro'],
  'openai-compatible': ['llama3.2:3b', 'qwen2.5-coder:7b'],
};

const PROVIDERS = Object.keys(PREFIX) as FakeProvider[];
const BAD_KEY = 'bad-key';

export async function startFakeProviders(): Promise<FakeProviders> {
  const queues = emptyQueues();
  // Responses still in progress. Idle keep-alive sockets, and spare sockets a client connects
  // ahead of use (undici does after an abort), carry no request: they are no open upstream call.
  const inProgress = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    inProgress.add(res);
    res.once('close', () => inProgress.delete(res));
    handle(req, res).catch((error: unknown) => failRequest(res, error));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const disconnected = new AbortController();
    res.once('close', () => disconnected.abort());
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const provider = PROVIDERS.find((p) => path === PREFIX[p] || path.startsWith(`${PREFIX[p]}/`));
    const rawBody = await readBody(req);
    const body = parseJson(rawBody);
    if (!provider) {
      sendJson(res, 404, { error: { message: `Unknown route ${req.method} ${path}`, type: 'invalid_request_error' } });
      return;
    }
    fake.requests.push({ provider, method: req.method ?? 'GET', path, headers: flattenHeaders(req), body });

    if (carriesBadKey(req)) {
      sendError(res, provider, 401, { errorMessage: badKeyMessage(provider) });
      return;
    }
    const route = path.slice(PREFIX[provider].length);
    if (req.method === 'GET' && route === '/models') {
      sendJson(res, 200, modelList(provider, fake.models[provider]));
      return;
    }
    if (req.method !== 'POST' || route !== chatRoute(provider)) {
      sendError(res, provider, 404, { errorMessage: `Invalid URL (${req.method} ${path})` });
      return;
    }
    if (rawBody.length > 0 && body === undefined) {
      sendError(res, provider, 400, { errorMessage: 'We could not parse the JSON body of your request.' });
      return;
    }
    const scenario = queues[provider].shift() ?? {};
    await answer(provider, body ?? {}, scenario, res, disconnected.signal);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const fake: FakeProviders = {
    url,
    baseUrl: (provider) => `${url}${PREFIX[provider]}`,
    enqueue: (provider, ...scenarios) => {
      queues[provider].push(...scenarios);
    },
    requests: [],
    models: structuredClone(DEFAULT_MODELS),
    openConnections: () => inProgress.size,
    reset: () => {
      for (const provider of PROVIDERS) queues[provider].length = 0;
      fake.requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return fake;
}

async function answer(
  provider: FakeProvider,
  body: any,
  scenario: Scenario,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  if (scenario.stallMs !== undefined && !(await pause(scenario.stallMs, signal))) return;
  if (scenario.status !== undefined) {
    const fixtureBody = scenario.fixture ? readFixture(provider, scenario.fixture, 'json') : undefined;
    sendError(res, provider, scenario.status, scenario, fixtureBody);
    return;
  }
  const stream = body.stream === true;
  if (scenario.text !== undefined) {
    const reply = synthesise(provider, body, scenario.text, scenario.usage);
    if (stream)
      await sendStream(
        res,
        provider,
        reply.chunks.map((chunk) => JSON.stringify(chunk)),
        scenario,
        signal,
      );
    else await sendJsonBody(res, JSON.stringify(reply.json), scenario);
    return;
  }
  const fixture = scenario.fixture ?? DEFAULT_FIXTURE[provider];
  if (!stream) {
    await sendJsonBody(res, readFixture(provider, fixture, 'json'), scenario);
    return;
  }
  const sse = findFixture(provider, fixture, ['.sse', '.1.sse']);
  if (sse) {
    await sendEvents(res, provider, splitSseEvents(readFileSync(sse, 'utf8')), scenario, signal);
    return;
  }
  const lines = readFixture(provider, fixture, 'chunks')
    .split('\n')
    .filter((line) => line.trim() !== '');
  await sendStream(res, provider, lines, scenario, signal);
}

// ---- wire formats -------------------------------------------------------------------------------

function chatRoute(provider: FakeProvider): string {
  return provider === 'anthropic' ? '/messages' : '/chat/completions';
}

/** Frames JSON payloads the way the provider does on the wire. */
function sendStream(
  res: ServerResponse,
  provider: FakeProvider,
  payloads: string[],
  scenario: Scenario,
  signal: AbortSignal,
): Promise<void> {
  if (provider === 'anthropic') {
    const events = payloads.map((data) => `event: ${(JSON.parse(data) as { type: string }).type}\ndata: ${data}\n\n`);
    return sendEvents(res, provider, events, scenario, signal);
  }
  const events = payloads.map((data) => `data: ${data}\n\n`);
  // Perplexity ends its stream with a `chat.completion.done` chunk and no [DONE] sentinel
  // (perplexityai/api-discussion#209); OpenAI and the compatible servers send the sentinel.
  if (provider !== 'perplexity') events.push('data: [DONE]\n\n');
  return sendEvents(res, provider, events, scenario, signal);
}

async function sendEvents(
  res: ServerResponse,
  provider: FakeProvider,
  events: string[],
  scenario: Scenario,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...requestIdHeader(provider),
  });
  res.flushHeaders();
  const limit = scenario.cutAfterChunks ?? events.length;
  for (const [index, event] of events.slice(0, limit).entries()) {
    if (index > 0 && scenario.chunkDelayMs && !(await pause(scenario.chunkDelayMs, signal))) return;
    if (signal.aborted) return;
    await write(res, event);
  }
  if (scenario.cutAfterChunks !== undefined) res.destroy();
  else res.end();
}

async function sendJsonBody(res: ServerResponse, body: string, scenario: Scenario): Promise<void> {
  if (scenario.cutAfterChunks === undefined) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  await write(res, body.slice(0, Math.floor(body.length / 2)));
  res.destroy();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  provider: FakeProvider,
  status: number,
  scenario: Pick<Scenario, 'errorMessage' | 'retryAfterSeconds'>,
  fixtureBody?: string,
): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...requestIdHeader(provider) };
  if (scenario.retryAfterSeconds !== undefined) headers['retry-after'] = String(scenario.retryAfterSeconds);
  res.writeHead(status, headers);
  res.end(fixtureBody ?? JSON.stringify(errorBody(provider, status, scenario.errorMessage)));
}

function failRequest(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  sendJson(res, 500, { error: { message: `fake provider failed: ${message}`, type: 'server_error', code: null } });
}

interface ErrorKind {
  type: string;
  code: string | null;
  message: string;
}

function errorBody(provider: FakeProvider, status: number, message?: string): unknown {
  if (provider === 'anthropic') {
    const kind = anthropicErrorKind(status);
    return { type: 'error', error: { type: kind.type, message: message ?? kind.message } };
  }
  const kind = openAiErrorKind(status);
  // Perplexity uses the OpenAI envelope but puts the numeric status in `code`.
  const code = provider === 'perplexity' ? status : kind.code;
  return { error: { message: message ?? kind.message, type: kind.type, code } };
}

function openAiErrorKind(status: number): ErrorKind {
  switch (status) {
    case 401:
      return { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' };
    case 404:
      return { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist.' };
    case 429:
      return {
        type: 'requests',
        code: 'rate_limit_exceeded',
        message:
          'Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
      };
    case 503:
      return {
        type: 'server_error',
        code: null,
        message: 'The engine is currently overloaded, please try again later.',
      };
    default:
      return status >= 500
        ? {
            type: 'server_error',
            code: null,
            message: 'The server had an error while processing your request. Sorry about that!',
          }
        : { type: 'invalid_request_error', code: null, message: 'Invalid request.' };
  }
}

function anthropicErrorKind(status: number): ErrorKind {
  const kinds: Record<number, [string, string]> = {
    400: ['invalid_request_error', 'Invalid request.'],
    401: ['authentication_error', 'invalid x-api-key'],
    403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
    404: ['not_found_error', 'The requested resource could not be found.'],
    413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
    429: ['rate_limit_error', 'Number of requests has exceeded your per-minute rate limit.'],
    529: ['overloaded_error', 'Overloaded'],
  };
  const [type, message] = kinds[status] ?? (status >= 500 ? ['api_error', 'Internal server error'] : kinds[400]!);
  return { type, code: null, message };
}

function badKeyMessage(provider: FakeProvider): string | undefined {
  if (provider === 'anthropic') return undefined; // Anthropic answers "invalid x-api-key" without echoing it
  if (provider === 'perplexity') return `Invalid API key provided: ${BAD_KEY}`;
  return `Incorrect API key provided: ${BAD_KEY}`;
}

function modelList(provider: FakeProvider, ids: string[]): unknown {
  if (provider === 'anthropic') {
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' }));
    return { data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null };
  }
  const ownedBy = provider === 'openai' ? 'system' : 'library';
  return {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: ownedBy })),
  };
}

function requestIdHeader(provider: FakeProvider): Record<string, string> {
  const id = `req_${randomBytes(12).toString('hex')}`;
  return provider === 'anthropic' ? { 'request-id': id } : { 'x-request-id': id };
}

// ---- synthesised answers for `text` scenarios ----------------------------------------------------

interface Synthesised {
  chunks: unknown[];
  json: unknown;
}

function synthesise(
  provider: FakeProvider,
  body: any,
  text: string,
  usage: Scenario['usage'] | undefined,
): Synthesised {
  const model = typeof body.model === 'string' ? body.model : 'fake-model';
  const input = usage?.inputTokens ?? Math.max(1, Math.ceil(JSON.stringify(body.messages ?? '').length / 4));
  const output = usage?.outputTokens ?? Math.max(1, Math.ceil(text.length / 4));
  const pieces = splitText(text);
  const includeUsage = body.stream_options?.include_usage === true;
  switch (provider) {
    case 'anthropic':
      return anthropicAnswer(model, pieces, text, input, output);
    case 'perplexity':
      return perplexityAnswer(model, pieces, text, input, output);
    default:
      return openAiAnswer(provider, model, pieces, text, input, output, includeUsage, logprobsAsked(provider, body));
  }
}

/** Splits at word boundaries so that the pieces concatenate back to exactly `text`. */
function splitText(text: string): string[] {
  const words = text.split(/(?<=\s)(?=\S)/).filter((piece) => piece !== '');
  if (words.length > 1) return words;
  const chars = Array.from(text);
  if (chars.length < 2) return chars.length ? [text] : [];
  const middle = Math.ceil(chars.length / 2);
  return [chars.slice(0, middle).join(''), chars.slice(middle).join('')];
}

/** OpenAI answers `logprobs: true` with each token's log probability and `top_logprobs` alternatives. */
function logprobsAsked(provider: FakeProvider, body: any): number | undefined {
  if (provider !== 'openai' || body.logprobs !== true) return undefined;
  return typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
}

/** A made-up but well-formed log probability for each piece (a piece stands for a token here). */
const pieceLogprobs = (pieces: string[], top: number, offset = 0) =>
  pieces.map((token, index) => {
    const entry = (text: string, logprob: number) => ({ token: text, logprob, bytes: [...Buffer.from(text)] });
    const logprob = -0.01 * (offset + index + 1);
    return {
      ...entry(token, logprob),
      top_logprobs: Array.from({ length: top }, (_, rank) =>
        rank === 0 ? entry(token, logprob) : entry(`${token.trim()}~${rank}`, logprob - rank),
      ),
    };
  });

function openAiAnswer(
  provider: FakeProvider,
  model: string,
  pieces: string[],
  text: string,
  input: number,
  output: number,
  includeUsage: boolean,
  topLogprobs?: number,
): Synthesised {
  const isOpenAi = provider === 'openai';
  const base = {
    id: `chatcmpl-${randomBytes(15).toString('base64url')}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    ...(isOpenAi ? { service_tier: 'default', system_fingerprint: 'fp_fake0000' } : {}),
  };
  const usage = {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    ...(isOpenAi
      ? {
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: {
            reasoning_tokens: 0,
            audio_tokens: 0,
            accepted_prediction_tokens: 0,
            rejected_prediction_tokens: 0,
          },
        }
      : {}),
  };
  // The final usage chunk (and `usage: null` on the others) only comes when the client asks for it.
  const usageField = includeUsage ? { usage: null } : {};
  const choice = (delta: object, finishReason: string | null, logprobs: object | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, ...(isOpenAi ? { logprobs } : {}), finish_reason: finishReason }],
    ...usageField,
  });
  const logprobsOf = (index: number) =>
    topLogprobs === undefined ? null : { content: pieceLogprobs([pieces[index]!], topLogprobs, index), refusal: null };
  const chunks: unknown[] = [
    choice({ role: 'assistant', content: '', ...(isOpenAi ? { refusal: null } : {}) }, null),
    ...pieces.map((content, index) => choice({ content }, null, logprobsOf(index))),
    choice({}, 'stop'),
  ];
  if (includeUsage) chunks.push({ ...base, choices: [], usage });
  const json = {
    id: base.id,
    object: 'chat.completion',
    created: base.created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, ...(isOpenAi ? { refusal: null, annotations: [] } : {}) },
        ...(isOpenAi
          ? {
              logprobs:
                topLogprobs === undefined ? null : { content: pieceLogprobs(pieces, topLogprobs), refusal: null },
            }
          : {}),
        finish_reason: 'stop',
      },
    ],
    usage,
    ...(isOpenAi ? { service_tier: 'default', system_fingerprint: base.system_fingerprint } : {}),
  };
  return { chunks, json };
}

function anthropicAnswer(model: string, pieces: string[], text: string, input: number, output: number): Synthesised {
  const id = `msg_01${randomBytes(12).toString('base64url')}`;
  const cache = { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const startUsage = { input_tokens: input, ...cache, output_tokens: 1, service_tier: 'standard' };
  const message = { model, id, type: 'message', role: 'assistant', stop_sequence: null };
  const chunks: unknown[] = [
    { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: startUsage } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'ping' },
    ...pieces.map((piece) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } })),
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: input, ...cache, output_tokens: output },
    },
    { type: 'message_stop' },
  ];
  const json = {
    ...message,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    usage: { ...startUsage, output_tokens: output },
  };
  return { chunks, json };
}

function perplexityAnswer(model: string, pieces: string[], text: string, input: number, output: number): Synthesised {
  const base = { id: randomUUID(), model, created: Math.floor(Date.now() / 1000) };
  // Perplexity repeats the cumulative usage and the citations on every chunk.
  const usageAt = (done: number) => {
    const completion = pieces.length ? Math.max(1, Math.round((output * done) / pieces.length)) : output;
    return { prompt_tokens: input, completion_tokens: completion, total_tokens: input + completion };
  };
  const chunks: unknown[] = pieces.map((content, index) => ({
    ...base,
    usage: usageAt(index + 1),
    citations: [],
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { role: 'assistant', content } }],
  }));
  chunks.push({
    ...base,
    usage: usageAt(pieces.length),
    citations: [],
    object: 'chat.completion.done',
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }],
  });
  const json = {
    ...base,
    usage: usageAt(pieces.length),
    citations: [],
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
  };
  return { chunks, json };
}

// ---- fixtures ------------------------------------------------------------------------------------

const fixtureCache = new Map<string, string>();

function findFixture(provider: FakeProvider, name: string, suffixes: string[]): string | undefined {
  const base = name.includes('/') ? join(FIXTURES_DIR, name) : join(FIXTURES_DIR, FOLDER[provider], name);
  return suffixes.map((suffix) => base + suffix).find((file) => existsSync(file));
}

function readFixture(provider: FakeProvider, name: string, kind: 'json' | 'chunks'): string {
  const suffixes = kind === 'json' ? ['.json', '.1.json'] : ['.chunks.txt', '.1.chunks.txt'];
  const file = findFixture(provider, name, suffixes);
  if (!file) throw new Error(`no ${suffixes[0]} fixture named ${name} in ${FIXTURES_DIR}`);
  let content = fixtureCache.get(file);
  if (content === undefined) {
    content = readFileSync(file, 'utf8');
    fixtureCache.set(file, content);
  }
  return content;
}

/** Splits a raw SSE transcript into events, each keeping its blank-line terminator. */
function splitSseEvents(transcript: string): string[] {
  return transcript
    .replace(/\r\n/g, '\n')
    .split(/(?<=\n\n)/)
    .filter((event) => event.trim() !== '');
}

// ---- plumbing ------------------------------------------------------------------------------------

function emptyQueues(): Record<FakeProvider, Scenario[]> {
  return { openai: [], anthropic: [], perplexity: [], 'openai-compatible': [] };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function parseJson(text: string): any {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // the caller answers 400, as the real APIs do
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function carriesBadKey(req: IncomingMessage): boolean {
  const bearer = req.headers.authorization?.replace(/^Bearer\s+/i, '');
  // Any key starting with bad-key is refused (the API requires keys of 8+ characters).
  return Boolean(bearer?.startsWith(BAD_KEY) || String(req.headers['x-api-key'] ?? '').startsWith(BAD_KEY));
}

function write(res: ServerResponse, chunk: string): Promise<void> {
  // Waiting for the flush keeps a following destroy() from discarding what was written.
  return new Promise((resolve) => res.write(chunk, () => resolve()));
}

/** Resolves true after `ms`, or false as soon as the client has gone; never keeps the process alive. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    timer.unref();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
