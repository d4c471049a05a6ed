// The fast path against the SDK adapters it stands in for: both run against the same fake
// provider, and the request bodies, stream parts and errors they produce are compared.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3StreamPart,
  type LanguageModelV3StreamResult,
} from '@ai-sdk/provider';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../../../test/support/fake-providers.js';
import { createChatCompletionsModel, plainParts, type ChatCompletionsOptions } from './chat-completions.js';
import { createProviderFetch } from './provider-fetch.js';
import { isRetryable, retryAfterMs } from './retry.js';

type Wire = ChatCompletionsOptions['wire'];

const KEY = 'sk-test-0123456789abcdef';
const providerFetch = createProviderFetch();

/** The SDK adapters exactly as the providers service builds them. */
function sdkModel(wire: Wire, modelId: string, baseURL: string, apiKey = KEY, fetch = providerFetch) {
  return wire === 'openai'
    ? createOpenAI({ baseURL, apiKey, fetch }).chat(modelId)
    : createOpenAICompatible({ name: 'openai-compatible', baseURL, apiKey, fetch, includeUsage: true })(modelId);
}

function fastModel(wire: Wire, modelId: string, baseURL: string, extra: Partial<ChatCompletionsOptions> = {}) {
  return createChatCompletionsModel({
    fallback: sdkModel(wire, modelId, baseURL, extra.apiKey ?? KEY),
    wire,
    baseURL,
    apiKey: KEY,
    includeUsage: true,
    ...extra,
  });
}

const text = (value: string) => [{ type: 'text' as const, text: value }];

const CALL: LanguageModelV3CallOptions = {
  prompt: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: text('Invent a holiday') },
    { role: 'assistant', content: [...text('Which '), ...text('kind? ')] },
    { role: 'user', content: text('A silly one — ünïcödé ✓') },
  ],
  maxOutputTokens: 300,
  temperature: 0.3,
  topP: 0.9,
  frequencyPenalty: 0.1,
  presencePenalty: 0.2,
  stopSequences: ['\n\n\n'],
  seed: 7,
  headers: { 'x-trace': 'trace-1' },
};
const SHORT_CALL: LanguageModelV3CallOptions = { prompt: [{ role: 'user', content: text('Hi') }] };

interface Run {
  result?: LanguageModelV3StreamResult;
  thrown?: unknown;
  parts: LanguageModelV3StreamPart[];
  readError?: unknown;
}

async function run(model: LanguageModelV3, options: LanguageModelV3CallOptions): Promise<Run> {
  let result: LanguageModelV3StreamResult;
  try {
    result = await model.doStream(options);
  } catch (thrown) {
    return { thrown, parts: [] };
  }
  const parts: LanguageModelV3StreamPart[] = [];
  const reader = result.stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { result, parts };
      parts.push(value);
    }
  } catch (readError) {
    return { result, parts, readError };
  }
}

const textOf = (parts: LanguageModelV3StreamPart[]) =>
  parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');

/**
 * What a consumer can tell apart. Runs of deltas collapse to one entry (the fast path merges what
 * one read carried), and the adapter's empty text-delta on the role chunk is dropped.
 */
function summary(parts: LanguageModelV3StreamPart[]) {
  const shape: string[] = [];
  for (const part of parts) {
    if (part.type === 'text-delta' && part.delta === '') continue;
    const key =
      part.type === 'error'
        ? `error:${part.error instanceof Error ? part.error.name : 'object'}`
        : part.type === 'source' || !('id' in part)
          ? part.type
          : `${part.type}:${part.id}`;
    if ((part.type === 'text-delta' || part.type === 'reasoning-delta') && shape.at(-1) === key) continue;
    shape.push(key);
  }
  return {
    shape,
    text: textOf(parts),
    reasoning: parts.map((part) => (part.type === 'reasoning-delta' ? part.delta : '')).join(''),
    warnings: parts.filter((part) => part.type === 'stream-start'),
    metadata: parts.filter((part) => part.type === 'response-metadata'),
    sources: parts.flatMap((part) => (part.type === 'source' ? [{ ...part, id: undefined }] : [])),
    errors: parts.flatMap((part) =>
      part.type === 'error' ? [part.error instanceof Error ? part.error.name : part.error] : [],
    ),
    finish: parts.filter((part) => part.type === 'finish'),
  };
}

// ---- a scripted provider for what the recorded fixtures do not contain ----------------------------

type Reply = (res: ServerResponse) => void | Promise<void>;

interface Scripted {
  url: string;
  requests: Array<{ headers: IncomingMessage['headers']; body: any }>;
  enqueue(...replies: Reply[]): void;
  close(): Promise<void>;
}

async function startScripted(): Promise<Scripted> {
  const replies: Reply[] = [];
  const requests: Scripted['requests'] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: raw ? JSON.parse(raw) : undefined });
      const reply = replies.shift() ?? ((response: ServerResponse) => response.writeHead(500).end('nothing queued'));
      Promise.resolve(reply(res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    enqueue: (...more) => replies.push(...more),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const sseHead = { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_scripted' };
const data = (payload: unknown) => `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
const write = (res: ServerResponse, chunk: string) => new Promise<void>((resolve) => res.write(chunk, () => resolve()));

/** Each event in a write of its own (or all in one), then the end of the response. */
function sse(events: string[], { oneWrite = false } = {}): Reply {
  return async (res) => {
    res.writeHead(200, sseHead);
    if (oneWrite) await write(res, events.join(''));
    else for (const event of events) await write(res, event);
    res.end();
  };
}

const BASE = { id: 'chatcmpl-abc', object: 'chat.completion.chunk', created: 1_770_000_000, model: 'gpt-4o-mini-x' };
const chunk = (delta: object, finishReason: string | null = null) => ({
  ...BASE,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
});
const usageChunk = (usage: object) => ({ ...BASE, choices: [], usage });
const role = chunk({ role: 'assistant', content: '' });

// ---- the tests -------------------------------------------------------------------------------------

describe('chat completions fast path', () => {
  let fake: FakeProviders;
  let scripted: Scripted;
  beforeAll(async () => {
    fake = await startFakeProviders();
    scripted = await startScripted();
  });
  afterAll(async () => {
    await fake.close();
    await scripted.close();
  });
  beforeEach(() => {
    fake.reset();
    scripted.requests.length = 0;
  });

  describe('matches the SDK adapter on the recorded streams', () => {
    it.each([
      ['openai', 'openai/openai-text', 'gpt-4.1-nano'],
      ['openai', 'openai/azure-model-router.1', 'gpt-4o-mini'],
      ['openai-compatible', 'openai-compatible/xai-text', 'grok-3-mini'],
    ] as Array<[Wire, string, string]>)('%s %s', async (wire, fixture, modelId) => {
      fake.enqueue(wire, { fixture }, { fixture });
      const baseURL = fake.baseUrl(wire);
      const sdk = await run(sdkModel(wire, modelId, baseURL), CALL);
      const fast = await run(fastModel(wire, modelId, baseURL), CALL);

      const [sdkRequest, fastRequest] = fake.requests;
      expect(fastRequest!.body).toEqual(sdkRequest!.body);
      expect(Object.keys(fastRequest!.body)).toEqual(Object.keys(sdkRequest!.body));
      expect(fastRequest!.path).toBe(sdkRequest!.path);
      for (const header of ['authorization', 'content-type', 'x-trace']) {
        expect(fastRequest!.headers[header]).toBe(sdkRequest!.headers[header]);
      }
      expect(fast.result!.request).toEqual(sdk.result!.request);
      expect(Object.keys(fast.result!.response!.headers!).sort()).toEqual(
        Object.keys(sdk.result!.response!.headers!).sort(),
      );

      expect(sdk.readError ?? sdk.thrown).toBeUndefined();
      expect(fast.readError ?? fast.thrown).toBeUndefined();
      const expected = summary(sdk.parts);
      expect(summary(fast.parts)).toEqual(expected);
      expect(expected.text.length).toBeGreaterThan(0);
      expect(expected.finish).toHaveLength(1);
      if (wire === 'openai-compatible') expect(expected.reasoning.length).toBeGreaterThan(0);
    });

    it('sends no stream_options to an openai-compatible server without includeUsage, like the adapter', async () => {
      const events = [data(chunk({ role: 'assistant', content: 'Hello' })), data(chunk({ content: ' there' }, 'stop'))];
      scripted.enqueue(sse([...events, data('[DONE]')]), sse([...events, data('[DONE]')]));
      const baseURL = scripted.url;
      const sdk = createOpenAICompatible({ name: 'local', baseURL, fetch: providerFetch })('llama3.2:3b');
      const fast = createChatCompletionsModel({ fallback: sdk, wire: 'openai-compatible', baseURL });
      const expected = await run(sdk, SHORT_CALL);
      const actual = await run(fast, SHORT_CALL);

      expect(scripted.requests[1]!.body).toEqual(scripted.requests[0]!.body);
      expect(scripted.requests[1]!.body).not.toHaveProperty('stream_options');
      expect(scripted.requests[0]!.headers).not.toHaveProperty('authorization');
      expect(scripted.requests[1]!.headers).not.toHaveProperty('authorization');
      expect(summary(actual.parts)).toEqual(summary(expected.parts));
      expect(summary(actual.parts).finish[0]).toMatchObject({ providerMetadata: { local: {} } });
    });
  });

  it('sends the headers the adapter sends: the key, the content type and the extra headers', async () => {
    const reply = sse([data(role), data(chunk({ content: 'Hi' }, 'stop')), data('[DONE]')]);
    scripted.enqueue(reply, reply);
    const headers = { 'X-Org': 'acme', 'User-Agent': 'xionimus-test' };
    const sdk = createOpenAI({ baseURL: scripted.url, apiKey: KEY, headers, fetch: providerFetch }).chat('gpt-4o-mini');
    await run(sdk, SHORT_CALL);
    await run(
      createChatCompletionsModel({ fallback: sdk, wire: 'openai', baseURL: scripted.url, apiKey: KEY, headers }),
      {
        ...SHORT_CALL,
        headers: { 'x-call': 'one' },
      },
    );

    const [expected, actual] = scripted.requests.map((request) => request.headers);
    for (const name of ['authorization', 'content-type', 'x-org']) expect(actual![name]).toBe(expected![name]);
    expect(actual!['x-call']).toBe('one');
    expect(actual!['user-agent']).toMatch(/^xionimus-test ai-sdk\/openai\//);
    expect(expected!['user-agent']).toMatch(/^xionimus-test ai-sdk\/openai\//);
  });

  describe('matches the SDK adapter on streams the fixtures lack', () => {
    const openaiStreams: Record<string, string[]> = {
      'a refusal (content-filter) and usage with cache and prediction details': [
        data(role),
        data(chunk({ refusal: "I can't" })),
        data(chunk({ refusal: ' help with that.' })),
        data(chunk({}, 'stop')),
        data(
          usageChunk({
            prompt_tokens: 20,
            completion_tokens: 9,
            total_tokens: 29,
            prompt_tokens_details: { cached_tokens: 5, cache_write_tokens: 2, audio_tokens: 0 },
            completion_tokens_details: { reasoning_tokens: 3, accepted_prediction_tokens: 4, audio_tokens: 0 },
          }),
        ),
        data('[DONE]'),
      ],
      'a length finish, comments and CRLF line ends': [
        ': keep-alive\r\n\r\n',
        data(role).replace(/\n/g, '\r\n'),
        data(chunk({ content: 'Once upon' })),
        ': ping\n\n',
        data(chunk({ content: ' a time' }, 'length')),
        data(usageChunk({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 })),
        data('[DONE]'),
      ],
      'no finish reason, no usage and no [DONE]': [data(role), data(chunk({ content: 'cut short' }))],
      'a chunk that is no JSON, and one of the wrong shape, mid-answer': [
        data(role),
        data(chunk({ content: 'one ' })),
        data('{"choices": [ oops'),
        data(chunk({ content: 'two ' })),
        data({ choices: 'none' }),
        data(chunk({ content: 'three' }, 'content_filter')),
        data('[DONE]'),
      ],
      'logprobs, well formed and then of the wrong type, mid-answer': [
        data(role),
        data({
          ...chunk({ content: 'one ' }),
          choices: [
            {
              index: 0,
              delta: { content: 'one ' },
              logprobs: { content: [{ token: 'one', logprob: -0.1, top_logprobs: [] }], refusal: null },
              finish_reason: null,
            },
          ],
        }),
        data({
          ...chunk({ content: 'two ' }),
          choices: [{ index: 0, delta: { content: 'two ' }, logprobs: 'high', finish_reason: null }],
        }),
        data(chunk({ content: 'three' }, 'stop')),
        data('[DONE]'),
      ],
      'an error chunk after the first output': [
        data(role),
        data(chunk({ content: 'Partial' })),
        data({ error: { message: 'The server had an error', type: 'server_error', code: null, extra: 1 } }),
      ],
      'url citations and an unknown finish reason': [
        data(role),
        data(chunk({ content: 'See the source.' })),
        data(
          chunk({
            annotations: [
              {
                type: 'url_citation',
                url_citation: { start_index: 0, end_index: 3, url: 'https://example.com/a', title: 'A' },
              },
            ],
          }),
        ),
        data(chunk({}, 'something_new')),
        data('[DONE]'),
      ],
    };

    /** The fast path sends the adapter's request for `events` and gives back the adapter's parts. */
    const asAdapter = (wire: Wire, modelId: string) => async (_name: string, events: string[]) => {
      scripted.enqueue(sse(events), sse(events));
      const sdk = await run(sdkModel(wire, modelId, scripted.url), CALL);
      const fast = await run(fastModel(wire, modelId, scripted.url), CALL);

      expect(scripted.requests[1]!.body).toEqual(scripted.requests[0]!.body);
      expect(fast.thrown ?? fast.readError).toBeUndefined();
      expect(sdk.thrown ?? sdk.readError).toBeUndefined();
      expect(summary(fast.parts)).toEqual(summary(sdk.parts));
    };

    it.each(Object.entries(openaiStreams))('openai: %s', asAdapter('openai', 'gpt-4o-mini'));

    const thinking = (value: string) => ({ type: 'thinking', thinking: [{ type: 'text', text: value }] });
    const compatibleStreams: Record<string, string[]> = {
      'reasoning and text taking turns, in both reasoning fields': [
        data(chunk({ role: 'assistant', reasoning_content: 'Think' })),
        data(chunk({ reasoning_content: 'ing.' })),
        data(chunk({ content: 'First.' })),
        data(chunk({ reasoning: 'Again.' })),
        data(chunk({ content: ' Second.' }, 'stop')),
        data(usageChunk({ prompt_tokens: 8, completion_tokens: 6, total_tokens: 14, num_sources_used: 0 })),
        data('[DONE]'),
      ],
      'content as an array of text and thinking parts': [
        data(chunk({ role: 'assistant', content: [thinking('Plan it.'), { type: 'text', text: 'Done.' }] })),
        data(
          chunk(
            {
              content: [
                { type: 'text', text: ' More.' },
                { type: 'image', url: 'x' },
              ],
            },
            'stop',
          ),
        ),
        data('[DONE]'),
      ],
      'no finish reason (an error part, as the adapter adds)': [
        data(chunk({ role: 'assistant', content: 'Hello' })),
        data('[DONE]'),
      ],
      'a refusal, and usage with cached and reasoning tokens': [
        data(chunk({ role: 'assistant', refusal: 'No.' })),
        data(chunk({}, 'stop')),
        data(
          usageChunk({
            prompt_tokens: 30,
            completion_tokens: 12,
            total_tokens: 42,
            prompt_tokens_details: { cached_tokens: 10, text_tokens: 30 },
            completion_tokens_details: { reasoning_tokens: 7, rejected_prediction_tokens: 1 },
          }),
        ),
        data('[DONE]'),
      ],
      'an error chunk, and created 0': [
        data({ ...chunk({ role: 'assistant', content: 'Hi' }), created: 0 }),
        data({ error: { message: 'model overloaded', type: 'overloaded', code: 529 } }),
        data(chunk({ content: ' again' }, 'stop')),
        data('[DONE]'),
      ],
    };

    it.each(Object.entries(compatibleStreams))(
      'openai-compatible: %s',
      asAdapter('openai-compatible', 'qwen2.5-coder:7b'),
    );
  });

  describe('reads repeated text chunks by template, with the parts the SDK adapter gives', () => {
    /** A content chunk whose content string literal is written as given (escapes a server may choose). */
    const literal = (raw: string, extra: object = {}) =>
      data(JSON.stringify({ ...chunk({ content: '@' }), ...extra }).replace('"@"', raw));
    /** As OpenAI sends them: usage null and a random obfuscation string on every chunk. */
    const obfuscated = (delta: object, obfuscation: string, finishReason: string | null = null) => ({
      ...chunk(delta, finishReason),
      usage: null,
      obfuscation,
    });
    const citation = { start_index: 0, end_index: 1, url: 'https://example.com/b', title: 'B' };
    const openaiStreams: Record<string, string[]> = {
      'text with quotes, backslashes, line breaks, é, emoji and </script>': [
        data(role),
        ...['plain ', 'say "hi" ', 'back\\slash ', 'two\nlines ', 'tab\there ', 'café ', '😀 ', '</script> ', '\u2028 ']
          .concat(['\\"', '\\\\', 'end'])
          .map((piece) => data(chunk({ content: piece }))),
        data(chunk({}, 'stop')),
        data('[DONE]'),
      ],
      'escapes other servers write: \\u00e9, \\/, a surrogate pair, lone surrogates over two chunks': [
        data(role),
        data(chunk({ content: 'start ' })),
        literal('"caf\\u00e9 "'),
        literal('"a\\/b "'),
        literal('"\\ud83d\\ude00 "'),
        literal('"\\ud83d"'),
        literal('"\\ude00"'),
        literal('"\\u0041BC"'),
        data(chunk({ content: ' done' }, 'stop')),
        data('[DONE]'),
      ],
      'empty and null content between text chunks': [
        data(role),
        data(chunk({ content: 'one ' })),
        data(chunk({ content: '' })),
        data(chunk({ content: null })),
        data(chunk({ content: 'two ' })),
        data(chunk({})),
        data(chunk({ content: 'three' })),
        data(chunk({}, 'stop')),
        data('[DONE]'),
      ],
      'text chunks with a refusal or a citation too, twice in a row': [
        data(role),
        data(chunk({ content: 'r1 ', refusal: 'no ' })),
        data(chunk({ content: 'r2 ', refusal: 'no ' })),
        data(chunk({ content: 's1 ', annotations: [{ type: 'url_citation', url_citation: citation }] })),
        data(chunk({ content: 's2 ', annotations: [{ type: 'url_citation', url_citation: citation }] })),
        data(chunk({ content: 'end' }, 'stop')),
        data('[DONE]'),
      ],
      'a text chunk that differs in another field: model, an extra field, usage, finish reason': [
        data(role),
        data(chunk({ content: 'a ' })),
        data({ ...chunk({ content: 'b ' }), model: 'gpt-4o-mini-other' }),
        data({ ...chunk({ content: 'c ' }), extra: 'x' }),
        data(chunk({ content: 'd ', extra: 1 })),
        data(chunk({ content: 'e ' })),
        data({ ...chunk({ content: 'f ' }), usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }),
        data(chunk({ content: 'g ' })),
        data(chunk({ refusal: 'no ' })),
        data(chunk({ content: 'h ' })),
        data(chunk({ content: 'i' }, 'length')),
        data(chunk({ content: ' after the finish' })),
        data('[DONE]'),
      ],
      'text that looks like the JSON around it, and chunks that fit the template but are no string there': [
        data(role),
        data(chunk({ content: 'x ' })),
        data(chunk({ content: '","' })),
        data(chunk({ content: 'a","b' })),
        data(chunk({ content: '"},"logprobs":null,"finish_reason":"stop"}]}' })),
        literal('"y","extra":"z"'),
        literal('"y","content":"z"'),
        literal('"bad\\q"'),
        literal('"raw\tcontrol"'),
        data(chunk({ content: ' last' }, 'stop')),
        data('[DONE]'),
      ],
      "OpenAI's obfuscation string on every chunk": [
        data(obfuscated({ role: 'assistant', content: '', refusal: null }, 'Qup1BsQ3')),
        data(obfuscated({ content: 'Holiday' }, 'dTh')),
        data(obfuscated({ content: ' Name' }, 'yoKFv')),
        data(JSON.stringify(obfuscated({ content: ' not' }, '@')).replace('"@"', '"x"y"')),
        data(JSON.stringify(obfuscated({ content: ' json' }, '@')).replace('"@"', '"bad\\q"')),
        data(obfuscated({ content: ' "quoted"\n' }, '')),
        data(obfuscated({ content: ' x' }, 'a"b')),
        data(obfuscated({ content: '","obfuscation":"' }, 'zz')),
        data(obfuscated({ content: ' y' }, 'a","obfuscation":"b')),
        data({ ...obfuscated({ content: ' z' }, 'q'), obfuscation: 7 }),
        data(obfuscated({ content: ' end' }, 'Zp')),
        data(obfuscated({}, 'k2', 'stop')),
        data({ ...usageChunk({ prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 }), obfuscation: 'u' }),
        data('[DONE]'),
      ],
      // Usage (null → {}) and finish reason (null → "abcd") change between the text and the
      // obfuscation, by as many characters in all.
      'usage between the text and the obfuscation, the same length as the template': [
        data(obfuscated({ role: 'assistant', content: '', refusal: null }, 'r')),
        data(obfuscated({ content: 'a' }, 'o1')),
        data(obfuscated({ content: ' b' }, 'o2')),
        data({ ...obfuscated({ content: ' c' }, 'o3', 'abcd'), usage: {} }),
        data(obfuscated({ content: ' d' }, 'o4', 'stop')),
        data('[DONE]'),
      ],
    };

    /** The fast path, a chunk per read and all in one read, gives the adapter's parts for `events`. */
    const sameParts =
      (wire: 'openai' | 'openai-compatible', modelId: string) => async (_name: string, events: string[]) => {
        scripted.enqueue(sse(events), sse(events), sse(events, { oneWrite: true }));
        const sdk = await run(sdkModel(wire, modelId, scripted.url), CALL);
        const fast = await run(fastModel(wire, modelId, scripted.url), CALL);
        const fastOneRead = await run(fastModel(wire, modelId, scripted.url), CALL);

        expect(sdk.thrown ?? sdk.readError).toBeUndefined();
        expect(summary(fast.parts)).toEqual(summary(sdk.parts));
        expect(summary(fastOneRead.parts)).toEqual(summary(sdk.parts));
        expect(textOf(sdk.parts).length).toBeGreaterThan(0);
      };

    it.each(Object.entries(openaiStreams))('openai: %s', sameParts('openai', 'gpt-4o-mini'));

    // Python's json.dumps spacing and \u escapes, and role and content on every chunk (as Ollama sends).
    const spaced = (delta: string, finishReason = 'null') =>
      data(
        `{"id": "chatcmpl-py", "object": "chat.completion.chunk", "created": 1770000000, "model": "qwen", ` +
          `"choices": [{"index": 0, "delta": ${delta}, "finish_reason": ${finishReason}}]}`,
      );
    const compatibleStreams: Record<string, string[]> = {
      'json.dumps spacing and \\u escapes, with reasoning between the text': [
        spaced('{"role": "assistant", "content": "Hi"}'),
        spaced('{"content": " caf\\u00e9"}'),
        spaced('{"content": " there"}'),
        spaced('{"content": " \\"q\\" \\ud83d\\ude00"}'),
        spaced('{"reasoning_content": "hmm", "content": null}'),
        spaced('{"content": " more"}'),
        spaced('{"content": " and", "reasoning_content": "more thought"}'),
        spaced('{"content": " again", "reasoning_content": " and more"}'),
        spaced('{"content": " end"}'),
        spaced('{"content": ""}', '"stop"'),
        data('[DONE]'),
      ],
      'text chunks with reasoning too, twice in a row': [
        data(chunk({ role: 'assistant', content: 'a' })),
        data(chunk({ content: ' b', reasoning_content: 'r' })),
        data(chunk({ content: ' c', reasoning_content: 'r' })),
        data(chunk({ content: ' d', reasoning: 's' })),
        data(chunk({ content: ' e', reasoning: 's' })),
        data(chunk({ content: ' f' }, 'stop')),
        data('[DONE]'),
      ],
      'an empty content chunk between reasoning chunks': [
        data(chunk({ role: 'assistant', content: 'a' })),
        data(chunk({ content: ' b' })),
        data(chunk({ reasoning_content: 'r1' })),
        data(chunk({ content: '' })),
        data(chunk({ reasoning_content: 'r2' })),
        data(chunk({ content: ' c' }, 'stop')),
        data('[DONE]'),
      ],
      'an empty content chunk between reasoning chunks, with obfuscation': [
        data(obfuscated({ role: 'assistant', content: 'a' }, 'o1')),
        data(obfuscated({ content: ' b' }, 'o2')),
        data(obfuscated({ reasoning_content: 'r1' }, 'o3')),
        data(obfuscated({ content: '' }, 'o4')),
        data(obfuscated({ reasoning_content: 'r2' }, 'o5')),
        data(obfuscated({ content: ' c' }, 'o6', 'stop')),
        data('[DONE]'),
      ],
      'role and content on every chunk': [
        data(chunk({ role: 'assistant', content: 'a' })),
        data(chunk({ role: 'assistant', content: ' b' })),
        data(chunk({ role: 'assistant', content: ' c' })),
        data(chunk({ role: 'assistant', content: [{ type: 'text', text: ' d' }] })),
        data(chunk({ role: 'assistant', content: ' e' }, 'stop')),
        data(usageChunk({ prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 })),
        data('[DONE]'),
      ],
    };

    it.each(Object.entries(compatibleStreams))(
      'openai-compatible: %s',
      sameParts('openai-compatible', 'qwen2.5-coder:7b'),
    );

    /** JSON.parse calls while the fast path streams `events`, with its parts and the adapter's. */
    async function parsesFor(events: string[]) {
      scripted.enqueue(sse(events, { oneWrite: true }), sse(events, { oneWrite: true }));
      const sdk = await run(sdkModel('openai', 'gpt-4o-mini', scripted.url), SHORT_CALL);
      const parse = vi.spyOn(JSON, 'parse');
      try {
        const fast = await run(fastModel('openai', 'gpt-4o-mini', scripted.url), SHORT_CALL);
        return { parses: parse.mock.calls.length, fast, sdk };
      } finally {
        parse.mockRestore();
      }
    }
    const pieces = Array.from({ length: 200 }, (_, index) => `w${index % 10} `);

    it.each([
      ['plain chunks', (piece: string) => chunk({ content: piece })],
      [
        "OpenAI's chunks with obfuscation",
        (piece: string, index: number) => obfuscated({ content: piece }, `o${index}`),
      ],
    ])('parses only a few of 200 repeated text chunks: %s', async (_name, make) => {
      const events = [
        data(role),
        ...pieces.map((piece, index) => data(make(piece, index))),
        data(chunk({}, 'stop')),
        data('[DONE]'),
      ];
      const { parses, fast, sdk } = await parsesFor(events);

      expect(summary(fast.parts)).toEqual(summary(sdk.parts));
      expect(textOf(fast.parts)).toBe(pieces.join(''));
      expect(parses).toBeLessThan(20);
    });

    it('parses every chunk when a probe parse shows the text is not where the template would put it', async () => {
      // The text is also in an earlier field, so the first string token equal to it is not the content.
      const events = [
        data(role),
        ...pieces.map((piece) => data(chunk({ text: piece, content: piece }))),
        data(chunk({}, 'stop')),
        data('[DONE]'),
      ];
      const { parses, fast, sdk } = await parsesFor(events);

      expect(summary(fast.parts)).toEqual(summary(sdk.parts));
      expect(textOf(fast.parts)).toBe(pieces.join(''));
      expect(parses).toBeGreaterThanOrEqual(events.length - 1);
    });
  });

  describe('errors', () => {
    const fields = (error: any) => ({
      isAPICallError: APICallError.isInstance(error),
      message: error.message,
      url: error.url,
      statusCode: error.statusCode,
      isRetryable: error.isRetryable,
      requestBodyValues: JSON.parse(JSON.stringify(error.requestBodyValues ?? null)),
      responseBody: error.responseBody,
      data: error.data,
      responseHeaderNames: Object.keys(error.responseHeaders ?? {}).sort(),
    });

    it('throws a 429 with Retry-After as the APICallError the SDK throws', async () => {
      fake.enqueue('openai', { status: 429, retryAfterSeconds: 7 }, { status: 429, retryAfterSeconds: 7 });
      const sdk = await run(sdkModel('openai', 'gpt-4o-mini', fake.baseUrl('openai')), CALL);
      const fast = await run(fastModel('openai', 'gpt-4o-mini', fake.baseUrl('openai')), CALL);

      const error = fast.thrown as APICallError;
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 429, isRetryable: true });
      expect(error.responseHeaders!['retry-after']).toBe('7');
      expect(error.message).toMatch(/^Rate limit reached/);
      expect(isRetryable(error)).toBe(true);
      expect(retryAfterMs(error)).toBe(7000);
      expect(fields(error)).toEqual(fields(sdk.thrown));
    });

    it('throws a 401 whose message does not carry the API key', async () => {
      const badKey = 'bad-key-sk-live-9f8e7d6c5b4a';
      fake.enqueue('openai-compatible', { text: 'never' }, { text: 'never' });
      const baseURL = fake.baseUrl('openai-compatible');
      const sdk = await run(sdkModel('openai-compatible', 'llama3.2:3b', baseURL, badKey), SHORT_CALL);
      const fast = await run(fastModel('openai-compatible', 'llama3.2:3b', baseURL, { apiKey: badKey }), SHORT_CALL);

      const error = fast.thrown as APICallError;
      expect(APICallError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
      expect(error.message).not.toContain(badKey);
      expect(JSON.stringify(error.requestBodyValues)).not.toContain(badKey);
      expect(fields(error)).toEqual(fields(sdk.thrown));
    });

    it('uses the status text when the error body is no JSON (as the SDK does over fetch)', async () => {
      const page: Reply = (res) => {
        res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>down</h1>');
      };
      scripted.enqueue(page, page);
      const sdk = await run(sdkModel('openai', 'gpt-4o-mini', scripted.url, KEY, globalThis.fetch), SHORT_CALL);
      const fast = await run(fastModel('openai', 'gpt-4o-mini', scripted.url), SHORT_CALL);

      expect(fast.thrown).toMatchObject({ message: 'Service Unavailable', statusCode: 503, isRetryable: true });
      expect(fields(fast.thrown)).toEqual(fields(sdk.thrown));
    });

    it('throws a retryable APICallError when the server cannot be reached, as the SDK does', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const baseURL = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v1`;
      await new Promise((resolve) => closed.close(resolve));
      const sdk = await run(sdkModel('openai', 'gpt-4o-mini', baseURL), SHORT_CALL);
      const fast = await run(fastModel('openai', 'gpt-4o-mini', baseURL), SHORT_CALL);

      expect(fast.thrown).toMatchObject({ isRetryable: true, cause: { code: 'ECONNREFUSED' } });
      expect((fast.thrown as Error).message).toMatch(/^Cannot connect to API: /);
      expect(isRetryable(fast.thrown)).toBe(true);
      expect(fields(fast.thrown)).toEqual(fields(sdk.thrown));
    });

    it('openai: rejects doStream on an error chunk before any output, as @ai-sdk/openai does', async () => {
      const events = [
        data(role),
        data({ error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } }),
      ];
      scripted.enqueue(sse(events), sse(events));
      const sdk = await run(sdkModel('openai', 'gpt-4o-mini', scripted.url), SHORT_CALL);
      const fast = await run(fastModel('openai', 'gpt-4o-mini', scripted.url), SHORT_CALL);

      expect(fast.thrown).toMatchObject({ statusCode: 429, isRetryable: true });
      expect(fields(fast.thrown)).toEqual(fields(sdk.thrown));
    });

    it('ends with an error part after the text so far when the connection is cut mid-answer', async () => {
      fake.enqueue('openai', { cutAfterChunks: 6 }, { cutAfterChunks: 6 });
      const sdk = await run(sdkModel('openai', 'gpt-4o-mini', fake.baseUrl('openai')), CALL);
      const fast = await run(fastModel('openai', 'gpt-4o-mini', fake.baseUrl('openai')), CALL);

      expect(fast.readError).toBeUndefined();
      const last = fast.parts.at(-1)!;
      expect(last.type).toBe('error');
      const error = (last as { error: APICallError }).error;
      expect(error.cause).toBeInstanceOf(TypeError);
      expect((error.cause as TypeError).message).toBe('terminated');
      expect(isRetryable(error)).toBe(true);
      expect(fast.parts.some((part) => part.type === 'finish')).toBe(false);
      // The SDK rejects the read with the same error; the text before it is the same.
      expect(textOf(fast.parts)).toBe(textOf(sdk.parts));
      expect(textOf(fast.parts).length).toBeGreaterThan(0);
      expect(fields(error)).toEqual(fields(sdk.readError));
      expect((sdk.readError as Error).cause).toMatchObject({ message: 'terminated' });
    });

    it('openai: rejects doStream when the connection is cut before any output, as the SDK does', async () => {
      fake.enqueue('openai', { cutAfterChunks: 1 }, { cutAfterChunks: 1 });
      const sdk = await run(sdkModel('openai', 'gpt-4o-mini', fake.baseUrl('openai')), SHORT_CALL);
      const fast = await run(fastModel('openai', 'gpt-4o-mini', fake.baseUrl('openai')), SHORT_CALL);

      expect(fast.thrown).toMatchObject({ isRetryable: true, cause: { message: 'terminated' } });
      expect(fields(fast.thrown)).toEqual(fields(sdk.thrown));
    });

    it('rejects the next read with the abort reason when aborted mid-answer, and closes the connection', async () => {
      fake.enqueue('openai', { chunkDelayMs: 20 });
      const controller = new AbortController();
      const model = fastModel('openai', 'gpt-4o-mini', fake.baseUrl('openai'));
      const { stream } = await model.doStream({ ...SHORT_CALL, abortSignal: controller.signal });
      const reader = stream.getReader();
      let part = await reader.read();
      while (!part.done && part.value.type !== 'text-delta') part = await reader.read();
      expect(part.done).toBe(false);

      const reason = new Error('the user stopped the answer');
      controller.abort(reason);
      await expect(
        (async () => {
          for (;;) if ((await reader.read()).done) return 'ended';
        })(),
      ).rejects.toBe(reason);
      await vi.waitFor(() => expect(fake.openConnections()).toBe(0));
    });

    it('rejects doStream with the abort reason while waiting for the answer', async () => {
      fake.enqueue('openai-compatible', { stallMs: 60_000 });
      const controller = new AbortController();
      const model = fastModel('openai-compatible', 'llama3.2:3b', fake.baseUrl('openai-compatible'));
      const pending = model.doStream({ ...SHORT_CALL, abortSignal: controller.signal });
      await vi.waitFor(() => expect(fake.openConnections()).toBe(1));
      const reason = new Error('first token timeout');
      controller.abort(reason);

      await expect(pending).rejects.toBe(reason);
      await vi.waitFor(() => expect(fake.openConnections()).toBe(0));
    });

    it('answers a streamed tool call (never asked for) with an error part pointing at the SDK path', async () => {
      fake.enqueue('openai-compatible', { fixture: 'xai-tool-call' }, { fixture: 'xai-tool-call' });
      const baseURL = fake.baseUrl('openai-compatible');
      const sdk = await run(sdkModel('openai-compatible', 'grok-3-mini', baseURL), SHORT_CALL);
      const fast = await run(fastModel('openai-compatible', 'grok-3-mini', baseURL), SHORT_CALL);

      expect(sdk.parts.some((part) => part.type === 'tool-call')).toBe(true);
      const errors = fast.parts.filter((part) => part.type === 'error');
      expect(errors).toHaveLength(1);
      expect(String((errors[0] as { error: Error }).error.message)).toMatch(/AI SDK adapter/);
      expect(fast.parts.some((part) => part.type.startsWith('tool-'))).toBe(false);
    });
  });

  describe('read as plain parts, without web streams', () => {
    async function readPlain(result: LanguageModelV3StreamResult) {
      const parts: LanguageModelV3StreamPart[] = [];
      try {
        for await (const part of plainParts(result)!) parts.push(part);
      } catch (readError) {
        return { parts, readError };
      }
      return { parts };
    }

    it('gives the parts its ReadableStream gives, in the same order', async () => {
      const fixture = 'openai-compatible/xai-text';
      fake.enqueue('openai-compatible', { fixture }, { fixture });
      const model = fastModel('openai-compatible', 'grok-3-mini', fake.baseUrl('openai-compatible'));
      const streamed = await run(model, CALL);
      const plain = await readPlain(await model.doStream(CALL));

      expect(plain.readError).toBeUndefined();
      expect(plain.parts).toEqual(streamed.parts);
      expect(textOf(plain.parts).length).toBeGreaterThan(0);
      expect(plain.parts.at(-1)!.type).toBe('finish');
    });

    it('rejects the next part with the abort reason when aborted mid-answer, and closes the connection', async () => {
      fake.enqueue('openai', { chunkDelayMs: 20 });
      const controller = new AbortController();
      const model = fastModel('openai', 'gpt-4o-mini', fake.baseUrl('openai'));
      const parts = plainParts(await model.doStream({ ...SHORT_CALL, abortSignal: controller.signal }))!;
      const reason = new Error('the user stopped the answer');
      const read = (async () => {
        for await (const part of parts) if (part.type === 'text-delta') controller.abort(reason);
      })();

      await expect(read).rejects.toBe(reason);
      await vi.waitFor(() => expect(fake.openConnections()).toBe(0));
    });

    // Cancelling at once also shows that provider-fetch drops a chunk read after a cancel (enqueueing it threw, uncaught).
    it('has none for a result of the SDK adapter, whose stream can be cancelled at once', async () => {
      fake.enqueue('openai', {});
      const result = await sdkModel('openai', 'gpt-4o-mini', fake.baseUrl('openai')).doStream(SHORT_CALL);
      expect(plainParts(result)).toBeUndefined();
      await result.stream.cancel();
    });
  });

  describe('what goes to the SDK adapter', () => {
    function spyModel(modelId = 'gpt-4o-mini'): LanguageModelV3 & { doStream: ReturnType<typeof vi.fn> } {
      const result = { stream: new ReadableStream<LanguageModelV3StreamPart>() };
      return {
        specificationVersion: 'v3',
        provider: 'openai.chat',
        modelId,
        supportedUrls: { 'image/*': [/^https:/] },
        doGenerate: vi.fn(async () => ({ marker: 'generated' }) as never),
        doStream: vi.fn(async () => result),
      };
    }

    const tool = {
      type: 'function' as const,
      name: 'weather',
      inputSchema: { type: 'object' as const, properties: {} },
    };
    const file = { type: 'file' as const, mediaType: 'image/png', data: 'iVBORw0KGgo=' };
    it.each([
      ['tools', { tools: [tool] }],
      ['a tool choice', { toolChoice: { type: 'none' as const } }],
      ['JSON output', { responseFormat: { type: 'json' as const } }],
      ['provider options', { providerOptions: { openai: { user: 'u-1' } } }],
      [
        'a message with provider options',
        { prompt: [{ role: 'user' as const, content: text('Hi'), providerOptions: { openai: {} } }] },
      ],
      ['a file', { prompt: [{ role: 'user' as const, content: [...text('What is this?'), file] }] }],
      [
        'two text parts in a user message',
        { prompt: [{ role: 'user' as const, content: [...text('a'), ...text('b')] }] },
      ],
      [
        'reasoning in an assistant message',
        {
          prompt: [
            { role: 'user' as const, content: text('Hi') },
            { role: 'assistant' as const, content: [{ type: 'reasoning' as const, text: 'hm' }, ...text('Hello')] },
            { role: 'user' as const, content: text('And?') },
          ],
        },
      ],
      [
        'a tool result',
        {
          prompt: [
            {
              role: 'tool' as const,
              content: [
                {
                  type: 'tool-result' as const,
                  toolCallId: 'c1',
                  toolName: 'weather',
                  output: { type: 'text' as const, value: 'sunny' },
                },
              ],
            },
          ],
        },
      ],
      ['topK', { topK: 5 }],
      ['raw chunks', { includeRawChunks: true }],
    ] as Array<[string, Partial<LanguageModelV3CallOptions>]>)('a call with %s', async (_name, extra) => {
      const fallback = spyModel();
      const model = createChatCompletionsModel({ fallback, wire: 'openai', baseURL: scripted.url, apiKey: KEY });
      const options = { ...SHORT_CALL, ...extra };
      await model.doStream(options);

      expect(fallback.doStream).toHaveBeenCalledWith(options);
      expect(scripted.requests).toHaveLength(0);
    });

    it('a plain call does not reach the SDK adapter', async () => {
      scripted.enqueue(sse([data(role), data(chunk({ content: 'Hi' }, 'stop')), data('[DONE]')]));
      const fallback = spyModel();
      const model = createChatCompletionsModel({ fallback, wire: 'openai', baseURL: scripted.url, apiKey: KEY });
      const { parts } = await run(model, { ...CALL, includeRawChunks: false });

      expect(fallback.doStream).not.toHaveBeenCalled();
      expect(textOf(parts)).toBe('Hi');
    });

    it('passes doGenerate and the model description through', async () => {
      const fallback = spyModel('gpt-4.1-mini');
      const model = createChatCompletionsModel({ fallback, wire: 'openai', baseURL: scripted.url });
      expect(await model.doGenerate(SHORT_CALL)).toEqual({ marker: 'generated' });
      expect(fallback.doGenerate).toHaveBeenCalledWith(SHORT_CALL);
      expect(model).toMatchObject({ specificationVersion: 'v3', provider: 'openai.chat', modelId: 'gpt-4.1-mini' });
      expect(model.supportedUrls).toBe(fallback.supportedUrls);
    });

    // The fast path is taken exactly for the ids whose request @ai-sdk/openai sends unchanged.
    it.each([
      'gpt-4o-mini',
      'gpt-4.1-nano',
      'gpt-3.5-turbo',
      'chatgpt-4o-latest',
      'gpt-5-chat-latest',
      'ft:gpt-4o-mini:acme::abc123',
      'o1',
      'o3-mini',
      'o4-mini-2025-04-16',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5.1',
      'gpt-5.1-chat-latest',
      'gpt-6',
      'gpt-4o-search-preview',
    ])('openai model %s', async (modelId) => {
      const call: LanguageModelV3CallOptions = {
        prompt: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: text('Hi') },
        ],
        maxOutputTokens: 100,
        temperature: 0.5,
      };
      const plainBody = {
        model: modelId,
        max_tokens: 100,
        temperature: 0.5,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
        stream: true,
        stream_options: { include_usage: true },
      };
      const reply = sse([data(role), data(chunk({ content: 'Hi' }, 'stop')), data('[DONE]')]);
      scripted.enqueue(reply, reply);
      const sdk = await run(sdkModel('openai', modelId, scripted.url), call);
      const sdkWarnings = (sdk.parts[0] as { warnings: unknown[] }).warnings;
      const sdkSendsPlain = JSON.stringify(scripted.requests[0]!.body) === JSON.stringify(plainBody);

      const fallback = sdkModel('openai', modelId, scripted.url);
      const delegated = vi.spyOn(fallback, 'doStream');
      const fast = await run(
        createChatCompletionsModel({ fallback, wire: 'openai', baseURL: scripted.url, apiKey: KEY }),
        call,
      );

      expect(delegated.mock.calls.length > 0).toBe(!(sdkSendsPlain && sdkWarnings.length === 0));
      expect(scripted.requests[1]!.body).toEqual(scripted.requests[0]!.body);
      expect(summary(fast.parts)).toEqual(summary(sdk.parts));
    });
  });

  describe('cost', () => {
    it('makes one text-delta part of all the text one network read carried', async () => {
      const pieces = Array.from({ length: 50 }, (_, index) => `word${index} `);
      const events = [
        data(role),
        ...pieces.map((piece) => data(chunk({ content: piece }))),
        data(chunk({}, 'stop')),
        data('[DONE]'),
      ];
      scripted.enqueue(sse(events, { oneWrite: true }), sse(events, { oneWrite: true }));
      const sdk = await run(sdkModel('openai', 'gpt-4o-mini', scripted.url), SHORT_CALL);
      const fast = await run(fastModel('openai', 'gpt-4o-mini', scripted.url), SHORT_CALL);

      const deltas = fast.parts.filter((part) => part.type === 'text-delta');
      expect(deltas).toEqual([{ type: 'text-delta', id: '0', delta: pieces.join('') }]);
      expect(sdk.parts.filter((part) => part.type === 'text-delta' && part.delta !== '')).toHaveLength(50);
      expect(summary(fast.parts)).toEqual(summary(sdk.parts));
    });

    it('pauses the response body while the consumer does not read, and resumes on read', async () => {
      // Counts the chunks undici hands over, and the times the answer paused it.
      let chunks = 0;
      let pauses = 0;
      class CountingAgent extends Agent {
        override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
          const { onRequestStart, onResponseData } = handler;
          handler.onRequestStart = (controller, context) => {
            const pause = controller.pause.bind(controller);
            controller.pause = () => {
              pauses++;
              pause();
            };
            onRequestStart?.call(handler, controller, context);
          };
          handler.onResponseData = (controller, chunk) => {
            chunks++;
            onResponseData?.call(handler, controller, chunk);
          };
          return super.dispatch(options, handler);
        }
      }
      const dispatcher = new CountingAgent();
      const piece = 'x'.repeat(100);
      const count = 40_000; // about 7 MB of events: more than the socket buffers hold
      scripted.enqueue(async (res) => {
        res.writeHead(200, sseHead);
        await write(res, data(role));
        for (let index = 0; index < count; index++) {
          if (!res.write(data(chunk({ content: piece })))) await new Promise((resolve) => res.once('drain', resolve));
        }
        res.end(data(chunk({}, 'stop')) + data('[DONE]'));
      });
      const model = fastModel('openai', 'gpt-4o-mini', scripted.url, { dispatcher });
      const { stream } = await model.doStream(SHORT_CALL);
      const reader = stream.getReader();
      let part = await reader.read();
      while (!part.done && part.value.type !== 'text-delta') part = await reader.read();

      await vi.waitFor(() => expect(pauses).toBeGreaterThan(0), { timeout: 15_000 });
      // Paused, the body stays where it is (a few chunks already parsed may still come).
      const atPause = chunks;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(chunks - atPause).toBeLessThan(5);
      let received = part.done ? '' : (part.value as { delta: string }).delta;
      let finished = false;
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        if (next.value.type === 'text-delta') received += next.value.delta;
        if (next.value.type === 'finish') finished = true;
      }
      expect(received.length).toBe(piece.length * count);
      expect(finished).toBe(true);
      await dispatcher.close();
    });

    it('destroys the response body when the consumer cancels', async () => {
      fake.enqueue('openai', { chunkDelayMs: 20 });
      const model = fastModel('openai', 'gpt-4o-mini', fake.baseUrl('openai'));
      const { stream } = await model.doStream(SHORT_CALL);
      const reader = stream.getReader();
      await reader.read();
      await vi.waitFor(() => expect(fake.openConnections()).toBe(1));
      await reader.cancel();
      await vi.waitFor(() => expect(fake.openConnections()).toBe(0));
    });
  });
});
