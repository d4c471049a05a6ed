// The fake provider server is only trustworthy if the real SDKs read it as they read the real APIs,
// so every test here drives it through the AI SDK providers or the official `openai` client.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createPerplexity } from '@ai-sdk/perplexity';
import { APICallError, generateText, streamText, type LanguageModel, type TextStreamPart, type ToolSet } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIXTURES_DIR, startFakeProviders, type FakeProvider, type FakeProviders } from './support/fake-providers.js';

const API_KEY = 'sk-test-0123456789';

function chunks(fixture: string): any[] {
  return readFileSync(join(FIXTURES_DIR, `${fixture}.chunks.txt`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

function body(fixture: string): any {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${fixture}.json`), 'utf8'));
}

/** The assistant text of an OpenAI-style stream: its content deltas, concatenated. */
function openAiStyleText(fixture: string): string {
  return chunks(fixture)
    .map((chunk) => chunk.choices?.[0]?.delta?.content ?? '')
    .join('');
}

function anthropicText(fixture: string): string {
  return chunks(fixture)
    .filter((chunk) => chunk.type === 'content_block_delta' && chunk.delta.type === 'text_delta')
    .map((chunk) => chunk.delta.text)
    .join('');
}

/** The usage an OpenAI-style stream reports last (Perplexity repeats a cumulative one on every chunk). */
function openAiStyleUsage(fixture: string): { inputTokens: number; outputTokens: number } {
  const usage = chunks(fixture).findLast((chunk) => chunk.usage)!.usage;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
}

async function collect(result: { fullStream: AsyncIterable<TextStreamPart<ToolSet>> }) {
  const parts: TextStreamPart<ToolSet>[] = [];
  for await (const part of result.fullStream) parts.push(part);
  return parts;
}

function textOf(parts: TextStreamPart<ToolSet>[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('fake AI providers', () => {
  let fake: FakeProviders;
  let model: (provider: FakeProvider, apiKey?: string) => LanguageModel;

  beforeAll(async () => {
    fake = await startFakeProviders();
    model = (provider, apiKey = API_KEY) => {
      const baseURL = fake.baseUrl(provider);
      switch (provider) {
        case 'openai':
          return createOpenAI({ baseURL, apiKey }).chat('gpt-4.1-nano');
        case 'anthropic':
          return createAnthropic({ baseURL, apiKey })('claude-sonnet-4-5');
        case 'perplexity':
          return createPerplexity({ baseURL, apiKey })('sonar');
        case 'openai-compatible':
          return createOpenAICompatible({ name: 'local', baseURL, apiKey, includeUsage: true })('llama3.2:3b');
      }
    };
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  describe('replaying recorded streams through streamText', () => {
    it('gives the OpenAI stream its full text, its usage and a stop finish', async () => {
      const result = streamText({ model: model('openai'), prompt: 'Invent a holiday' });

      expect(await result.text).toBe(openAiStyleText('openai/openai-text'));
      expect(await result.usage).toMatchObject(openAiStyleUsage('openai/openai-text'));
      expect(await result.finishReason).toBe('stop');
    });

    it('gives the Anthropic stream its full text and the usage of message_start and message_delta', async () => {
      const recorded = chunks('anthropic/anthropic-text');
      const result = streamText({ model: model('anthropic'), prompt: 'How are you?' });

      expect(await result.text).toBe(anthropicText('anthropic/anthropic-text'));
      expect(await result.usage).toMatchObject({
        inputTokens: recorded.find((chunk) => chunk.type === 'message_start').message.usage.input_tokens,
        outputTokens: recorded.find((chunk) => chunk.type === 'message_delta').usage.output_tokens,
      });
      expect(await result.finishReason).toBe('stop');
    });

    it('takes the input tokens that Anthropic corrects in message_delta', async () => {
      fake.enqueue('anthropic', { fixture: 'anthropic/anthropic-message-delta-input-tokens' });
      const recorded = chunks('anthropic/anthropic-message-delta-input-tokens');
      const result = streamText({ model: model('anthropic'), prompt: 'ping' });

      expect(await result.text).toBe('pong');
      const corrected = recorded.find((chunk) => chunk.type === 'message_delta').usage.input_tokens;
      expect(corrected).not.toBe(recorded[0].message.usage.input_tokens);
      expect((await result.usage).inputTokens).toBe(corrected);
    });

    it('gives the Perplexity stream its full text and its last cumulative usage', async () => {
      const result = streamText({ model: model('perplexity'), prompt: 'Invent a holiday' });

      expect(await result.text).toBe(openAiStyleText('perplexity/perplexity-text'));
      expect(await result.usage).toMatchObject(openAiStyleUsage('perplexity/perplexity-text'));
      expect(await result.finishReason).toBe('stop');
    });

    it('turns Perplexity citations into url source parts that arrive before the text', async () => {
      fake.enqueue('perplexity', { fixture: 'perplexity/perplexity-citations' });
      const citations: string[] = chunks('perplexity/perplexity-citations')[0].citations;
      const result = streamText({ model: model('perplexity'), prompt: 'Population of San Francisco?' });
      const parts = await collect(result);

      const sources = parts.filter((part) => part.type === 'source');
      expect(sources.map((source) => source.type === 'source' && source.sourceType === 'url' && source.url)).toEqual(
        citations,
      );
      expect(parts.findIndex((part) => part.type === 'source')).toBeLessThan(
        parts.findIndex((part) => part.type === 'text-delta'),
      );
      expect((await result.sources).map((source) => source.sourceType === 'url' && source.url)).toEqual(citations);
      expect(textOf(parts)).toBe(openAiStyleText('perplexity/perplexity-citations'));
    });

    it('separates the reasoning_content of an OpenAI-compatible xAI stream from its text', async () => {
      const recorded = chunks('openai-compatible/xai-text');
      const result = streamText({ model: model('openai-compatible'), prompt: 'Say a single word.' });
      const parts = await collect(result);

      expect(textOf(parts)).toBe(openAiStyleText('openai-compatible/xai-text'));
      expect(await result.reasoningText).toBe(
        recorded.map((chunk) => chunk.choices[0]?.delta?.reasoning_content ?? '').join(''),
      );
      expect(parts.findIndex((part) => part.type === 'reasoning-delta')).toBeLessThan(
        parts.findIndex((part) => part.type === 'text-delta'),
      );
      const usage = recorded.at(-1).usage;
      expect(await result.usage).toMatchObject({
        inputTokens: usage.prompt_tokens,
        outputTokens: usage.completion_tokens,
        reasoningTokens: usage.completion_tokens_details.reasoning_tokens,
      });
    });

    it('replays Anthropic extended thinking as reasoning before the text', async () => {
      fake.enqueue('anthropic', { fixture: 'anthropic/anthropic-clear-thinking' });
      const result = streamText({ model: model('anthropic'), prompt: 'Divide by 5' });

      expect(await result.text).toBe(anthropicText('anthropic/anthropic-clear-thinking.1'));
      expect(await result.reasoningText).toContain('925');
    });

    it('maps an Anthropic refusal to the content-filter finish reason with no text', async () => {
      fake.enqueue('anthropic', { fixture: 'anthropic/anthropic-refusal' });
      const result = streamText({ model: model('anthropic'), prompt: 'Something forbidden' });
      const parts = await collect(result);

      expect(await result.text).toBe('');
      expect(await result.finishReason).toBe('content-filter');
      expect(parts.find((part) => part.type === 'finish')).toMatchObject({ rawFinishReason: 'refusal' });
    });

    it('still reads a stream whose message_start arrives twice', async () => {
      fake.enqueue('anthropic', { fixture: 'anthropic/duplicate-message-start' });
      const result = streamText({ model: model('anthropic'), prompt: 'Hello' });

      expect(await result.text).toBe(anthropicText('anthropic/duplicate-message-start'));
      expect(await result.finishReason).toBe('stop');
    });

    it('reports a second message spliced into the stream as an error part after the partial output', async () => {
      fake.enqueue('anthropic', { fixture: 'anthropic/spliced-message-start' });
      const result = streamText({ model: model('anthropic'), prompt: 'Call the tool', onError: () => {} });
      const parts = await collect(result);

      const error = parts.find((part) => part.type === 'error');
      expect(error).toMatchObject({ error: { name: 'AI_InvalidResponseDataError' } });
      expect(parts.some((part) => part.type === 'tool-input-start')).toBe(true);
      expect(await result.finishReason).toBe('error');
    });

    it('replays a raw SSE transcript from an OpenAI-compatible gateway, tool call included', async () => {
      fake.enqueue('openai-compatible', { fixture: 'openai-compatible/anthropic-fallback-tool-call' });
      const result = streamText({ model: model('openai-compatible'), prompt: 'Read a.txt' });
      const parts = await collect(result);

      expect(textOf(parts)).toBe('Reading it.');
      expect(parts.find((part) => part.type === 'tool-call')).toMatchObject({
        toolName: 'read_file',
        input: { path: 'a.txt' },
      });
      expect(await result.finishReason).toBe('tool-calls');
    });
  });

  describe('answering without a stream', () => {
    const recorded: Record<FakeProvider, { fixture: string; text: (json: any) => string }> = {
      openai: { fixture: 'openai/openai-text', text: (json) => json.choices[0].message.content },
      anthropic: { fixture: 'anthropic/anthropic-text', text: (json) => json.content[0].text },
      perplexity: { fixture: 'perplexity/perplexity-text', text: (json) => json.choices[0].message.content },
      'openai-compatible': {
        fixture: 'openai-compatible/xai-text',
        text: (json) => json.choices[0].message.content,
      },
    };

    it.each(Object.keys(recorded) as FakeProvider[])(
      'gives generateText the recorded %s JSON text',
      async (provider) => {
        const { fixture, text } = recorded[provider];
        const result = await generateText({ model: model(provider), prompt: 'Hello' });

        expect(result.text).toBe(text(body(fixture)));
        expect(result.finishReason).toBe('stop');
        expect(fake.requests[0]!.body.stream).not.toBe(true);
      },
    );
  });

  describe('synthesising text scenarios', () => {
    const providers: FakeProvider[] = ['openai', 'anthropic', 'perplexity', 'openai-compatible'];
    const text = 'Exactly this answer, with punctuation — and ünïcödé.\nSecond line.';

    it.each(providers)('streams exactly the given text and usage in %s format, in several chunks', async (provider) => {
      fake.enqueue(provider, { text, usage: { inputTokens: 21, outputTokens: 13 } });
      const result = streamText({ model: model(provider), prompt: 'Hello' });
      const parts = await collect(result);

      expect(textOf(parts)).toBe(text);
      expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(1);
      expect(await result.usage).toMatchObject({ inputTokens: 21, outputTokens: 13 });
      expect(await result.finishReason).toBe('stop');
    });

    it.each(providers)('answers generateText with exactly the given text in %s format', async (provider) => {
      fake.enqueue(provider, { text, usage: { inputTokens: 8, outputTokens: 5 } });
      const result = await generateText({ model: model(provider), prompt: 'Hello' });

      expect(result.text).toBe(text);
      expect(result.usage).toMatchObject({ inputTokens: 8, outputTokens: 5 });
    });

    it('estimates plausible usage when the scenario gives none', async () => {
      fake.enqueue('anthropic', { text: 'A short reply.' });
      const result = await generateText({ model: model('anthropic'), prompt: 'Hello' });

      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
    });

    it('sends the OpenAI-compatible usage chunk only to a client that asks for it', async () => {
      fake.enqueue('openai-compatible', { text: 'No usage for you.', usage: { inputTokens: 3, outputTokens: 4 } });
      const withoutUsage = createOpenAICompatible({ name: 'local', baseURL: fake.baseUrl('openai-compatible') });
      const result = streamText({ model: withoutUsage('llama3.2:3b'), prompt: 'Hello' });

      expect(await result.text).toBe('No usage for you.');
      expect((await result.usage).inputTokens).toBeUndefined();
      expect(fake.requests[0]!.body.stream_options).toBeUndefined();
    });
  });

  describe('failing like the real APIs', () => {
    it.each(['openai', 'anthropic', 'perplexity', 'openai-compatible'] as FakeProvider[])(
      'surfaces a 429 from %s with Retry-After as a retryable APICallError',
      async (provider) => {
        fake.enqueue(provider, { status: 429, retryAfterSeconds: 1, errorMessage: 'Slow down' });
        const error = await rejection(generateText({ model: model(provider), prompt: 'Hello', maxRetries: 0 }));

        expect(APICallError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ statusCode: 429, isRetryable: true, message: 'Slow down' });
        expect(error.responseHeaders['retry-after']).toBe('1');
      },
    );

    it('uses the OpenAI and Anthropic error envelopes', async () => {
      fake.enqueue('openai', { status: 500 });
      fake.enqueue('anthropic', { status: 529 });
      const openAiError = await rejection(generateText({ model: model('openai'), prompt: 'Hi', maxRetries: 0 }));
      const anthropicError = await rejection(generateText({ model: model('anthropic'), prompt: 'Hi', maxRetries: 0 }));

      expect(JSON.parse(openAiError.responseBody)).toEqual({
        error: { message: expect.any(String), type: 'server_error', code: null },
      });
      expect(JSON.parse(anthropicError.responseBody)).toEqual({
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      });
      expect(anthropicError.isRetryable).toBe(true);
    });

    it('serves a recorded error body with the scenario status', async () => {
      fake.enqueue('openai', { status: 400, fixture: 'openai/reasoning-model-legacy-parameter-error' });
      const error = await rejection(generateText({ model: model('openai'), prompt: 'Hi', maxRetries: 0 }));

      expect(error).toMatchObject({ statusCode: 400, isRetryable: false });
      expect(error.message).toContain("Use 'max_completion_tokens' instead.");
    });

    it.each([
      ['openai', 'Incorrect API key provided: bad-key', 'authorization'],
      ['anthropic', 'invalid x-api-key', 'x-api-key'],
      ['perplexity', 'Invalid API key provided: bad-key', 'authorization'],
      ['openai-compatible', 'Incorrect API key provided: bad-key', 'authorization'],
    ] as [FakeProvider, string, string][])(
      'answers the key bad-key at %s with a 401 saying %j',
      async (provider, message, header) => {
        fake.enqueue(provider, { text: 'never served' });
        const error = await rejection(
          generateText({ model: model(provider, 'bad-key'), prompt: 'Hello', maxRetries: 0 }),
        );

        expect(APICallError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ statusCode: 401, isRetryable: false, message });
        expect(fake.requests[0]!.headers[header]).toContain('bad-key');
        // The rejected request did not use up the queued scenario.
        expect((await generateText({ model: model(provider), prompt: 'Hello' })).text).toBe('never served');
      },
    );

    it('cuts the connection after some chunks, so the stream throws after partial text', async () => {
      fake.enqueue('openai', { cutAfterChunks: 6 });
      const result = streamText({ model: model('openai'), prompt: 'Invent a holiday', maxRetries: 0 });
      const deltas: string[] = [];
      let thrown: any;
      try {
        for await (const part of result.fullStream) if (part.type === 'text-delta') deltas.push(part.text);
      } catch (error) {
        thrown = error;
      }

      const full = openAiStyleText('openai/openai-text');
      expect(deltas.length).toBe(5); // the first chunk carries the role and an empty content
      expect(full.startsWith(deltas.join(''))).toBe(true);
      expect(APICallError.isInstance(thrown)).toBe(true);
      expect(thrown).toMatchObject({ isRetryable: true, cause: { message: 'terminated' } });
      await expect(result.text).rejects.toThrow();
    });

    it('cuts a JSON answer halfway, so generateText rejects', async () => {
      fake.enqueue('anthropic', { cutAfterChunks: 1 });
      const error = await rejection(generateText({ model: model('anthropic'), prompt: 'Hi', maxRetries: 0 }));

      expect(APICallError.isInstance(error)).toBe(true);
    });

    it('gives up a stalled answer when the client times out, leaving no connection open', async () => {
      fake.enqueue('openai', { stallMs: 60_000 });
      const started = Date.now();
      const answer = rejection(
        generateText({ model: model('openai'), prompt: 'Hello', maxRetries: 0, abortSignal: AbortSignal.timeout(300) }),
      );
      await vi.waitFor(() => expect(fake.openConnections()).toBe(1));
      const error = await answer;

      expect(error.name).toBe('TimeoutError');
      expect(Date.now() - started).toBeLessThan(5_000);
      await vi.waitFor(() => expect(fake.openConnections()).toBe(0));
    });

    it('serves the scenario after a stall shorter than the client timeout', async () => {
      fake.enqueue('anthropic', { stallMs: 100, text: 'Late but here.' });
      const started = Date.now();
      const result = await generateText({ model: model('anthropic'), prompt: 'Hello' });

      expect(result.text).toBe('Late but here.');
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    });

    it('stops a slow stream as soon as the client aborts it', async () => {
      fake.enqueue('anthropic', { chunkDelayMs: 100 });
      const abort = new AbortController();
      const result = streamText({ model: model('anthropic'), prompt: 'Hello', abortSignal: abort.signal });
      const seen: string[] = [];
      let openWhileStreaming = 0;
      for await (const part of result.fullStream) {
        seen.push(part.type);
        if (part.type === 'text-delta') {
          openWhileStreaming = fake.openConnections();
          abort.abort();
        }
      }

      expect(openWhileStreaming).toBe(1);
      expect(seen.at(-1)).toBe('abort');
      await vi.waitFor(() => expect(fake.openConnections()).toBe(0));
    });
  });

  describe('serving the official openai client', () => {
    it('streams a chat completion and answers a plain one', async () => {
      const client = new OpenAI({ baseURL: fake.baseUrl('openai'), apiKey: API_KEY, maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages: [{ role: 'user', content: 'Invent a holiday' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        usage = chunk.usage ?? usage;
      }
      const completion = await client.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages: [{ role: 'user', content: 'Invent a holiday' }],
      });

      expect(text).toBe(openAiStyleText('openai/openai-text'));
      expect(usage?.completion_tokens).toBe(openAiStyleUsage('openai/openai-text').outputTokens);
      expect(completion.choices[0]?.message.content).toBe(body('openai/openai-text').choices[0].message.content);
    });

    it('raises its AuthenticationError for the key bad-key', async () => {
      const client = new OpenAI({ baseURL: fake.baseUrl('openai'), apiKey: 'bad-key', maxRetries: 0 });
      const error = await rejection(
        client.chat.completions.create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Hi' }] }),
      );

      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    });

    it('lists the configured models at {base}/models', async () => {
      const openai = new OpenAI({ baseURL: fake.baseUrl('openai'), apiKey: API_KEY });
      const local = new OpenAI({ baseURL: fake.baseUrl('openai-compatible'), apiKey: API_KEY });
      fake.models.openai = ['gpt-4.1-nano'];

      expect((await openai.models.list()).data).toEqual([
        { id: 'gpt-4.1-nano', object: 'model', created: expect.any(Number), owned_by: expect.any(String) },
      ]);
      expect((await local.models.list()).data.map((entry) => entry.id)).toEqual(['llama3.2:3b', 'qwen2.5-coder:7b']);
    });
  });

  describe('speaking the wire formats', () => {
    async function post(provider: FakeProvider, path: string, payload: unknown) {
      const response = await fetch(`${fake.baseUrl(provider)}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify(payload),
      });
      return { contentType: response.headers.get('content-type'), text: await response.text() };
    }

    it('ends OpenAI-style streams with data: [DONE], except Perplexity, which stops after its done chunk', async () => {
      const openai = await post('openai', '/chat/completions', { model: 'gpt-4.1-nano', messages: [], stream: true });
      const local = await post('openai-compatible', '/chat/completions', { model: 'x', messages: [], stream: true });
      const perplexity = await post('perplexity', '/chat/completions', { model: 'sonar', messages: [], stream: true });

      expect(openai.contentType).toMatch(/^text\/event-stream/);
      expect(openai.text.startsWith('data: {')).toBe(true);
      expect(openai.text.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
      expect(local.text.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
      expect(perplexity.text).not.toContain('[DONE]');
      expect(perplexity.text).toMatch(/"object":"chat\.completion\.done".*\n\n$/);
    });

    it('names each Anthropic event after its payload type', async () => {
      const { contentType, text } = await post('anthropic', '/messages', {
        model: 'claude',
        messages: [],
        stream: true,
      });
      const events = text.trim().split('\n\n');

      expect(contentType).toMatch(/^text\/event-stream/);
      expect(events).toHaveLength(chunks('anthropic/anthropic-text').length);
      for (const event of events) {
        const [name, data] = event.split('\n');
        expect(name).toBe(`event: ${JSON.parse(data!.replace(/^data: /, '')).type}`);
      }
    });

    it('answers a request without stream: true with application/json', async () => {
      const { contentType, text } = await post('openai', '/chat/completions', { model: 'gpt-4.1-nano', messages: [] });

      expect(contentType).toBe('application/json');
      expect(JSON.parse(text)).toEqual(body('openai/openai-text'));
    });
  });

  describe('bookkeeping', () => {
    it('records each request with its path, key and messages', async () => {
      await generateText({ model: model('openai'), prompt: 'First question' });
      await generateText({ model: model('anthropic'), prompt: 'Second question' });

      expect(fake.requests).toHaveLength(2);
      expect(fake.requests[0]).toMatchObject({
        provider: 'openai',
        method: 'POST',
        path: '/openai/v1/chat/completions',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: { model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'First question' }] },
      });
      expect(fake.requests[1]).toMatchObject({
        provider: 'anthropic',
        path: '/anthropic/v1/messages',
        headers: { 'x-api-key': API_KEY },
        body: {
          model: 'claude-sonnet-4-5',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Second question' }] }],
        },
      });
    });

    it('serves queued scenarios in order, then the default fixture', async () => {
      fake.enqueue('openai', { text: 'one' }, { text: 'two' });
      const answers: string[] = [];
      for (let i = 0; i < 3; i++) answers.push((await generateText({ model: model('openai'), prompt: 'Hi' })).text);

      expect(answers).toEqual(['one', 'two', body('openai/openai-text').choices[0].message.content]);
    });

    it('forgets queued scenarios and recorded requests on reset', async () => {
      fake.enqueue('anthropic', { status: 500 });
      await generateText({ model: model('openai'), prompt: 'Hi' });
      fake.reset();

      expect(fake.requests).toEqual([]);
      const result = await generateText({ model: model('anthropic'), prompt: 'Hi', maxRetries: 0 });
      expect(result.text).toBe(body('anthropic/anthropic-text').content[0].text);
    });
  });
});
