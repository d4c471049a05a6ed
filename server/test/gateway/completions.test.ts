import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatApp } from '../support/chat.js';
import { fixtureText, newCaller, startGatewayApp, usageRows } from './callers.js';

describe('OpenAI-compatible chat completions', () => {
  let chat: ChatApp;
  let client: OpenAI;
  beforeAll(async () => {
    chat = await startGatewayApp();
    ({ client } = await newCaller(chat));
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('answers a completion through the official openai client, with usage and who answered', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday' }],
    });

    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4.1-nano',
      choices: [
        { index: 0, message: { role: 'assistant', content: fixtureText('openai/openai-text') }, finish_reason: 'stop' },
      ],
      // What the recorded OpenAI stream reports.
      usage: { prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 },
    });
    expect(completion.id).toMatch(/^chatcmpl-\w+$/);
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(60);
    // The extension member survives the official client's parsing.
    expect((completion as unknown as { xionimus: unknown }).xionimus).toMatchObject({
      provider: 'openai',
      agent: expect.any(String),
      taskKind: expect.any(String),
      reason: expect.stringContaining('gpt-4.1-nano'),
    });
    expect(chat.fake.requests[0]?.headers.authorization).toBe('Bearer sk-server-openai-0123456789');
  });

  it('streams deltas the openai client reads, then the finish reason and, when asked, the usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect((chunks[0] as unknown as { xionimus: unknown }).xionimus).toMatchObject({ provider: 'openai' });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(fixtureText('openai/openai-text'));
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'gpt-4.1-nano')).toBe(
      true,
    );
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    const finishes = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason).filter(Boolean));
    expect(finishes).toEqual(['stop']);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 },
    });
  });

  it('sends Server-Sent Events of data lines ending with [DONE], and no usage chunk unless asked', async () => {
    const caller = await newCaller(chat, 'raw');
    const response = await fetch(`${chat.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.pat.token}` },
      body: JSON.stringify({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await response.text()).split('\n\n').filter(Boolean);
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const payloads = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)));
    expect(payloads.every((payload) => payload.choices.length === 1 && !('usage' in payload))).toBe(true);
    expect(payloads.at(-1).choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
  });

  it('streams an Anthropic model’s answer in the same OpenAI format', async () => {
    const stream = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(fixtureText('anthropic/anthropic-text'));
    expect(chat.fake.requests[0]).toMatchObject({ provider: 'anthropic' });
  });

  it('lists auto, the task aliases and the models the keys reach in OpenAI’s list format', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    const ids = models.map((model) => model.id);

    expect(ids.slice(0, 2)).toEqual(['auto', 'xionimus-general']);
    expect(ids).toEqual(expect.arrayContaining(['xionimus-code', 'xionimus-research', 'gpt-4.1-nano', 'sonar']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(models.find((model) => model.id === 'gpt-4.1-nano')).toEqual({
      id: 'gpt-4.1-nano',
      object: 'model',
      created: expect.any(Number),
      owned_by: 'openai',
    });
    expect(models.find((model) => model.id === 'claude-sonnet-4-5')?.owned_by).toBe('anthropic');
    expect(models.find((model) => model.id === 'auto')?.owned_by).toBe('xionimus');
  });

  it('retrieves one model as OpenAI’s models.retrieve reads it, and 404 for one the keys do not reach', async () => {
    expect(await client.models.retrieve('gpt-4.1-nano')).toEqual({
      id: 'gpt-4.1-nano',
      object: 'model',
      created: expect.any(Number),
      owned_by: 'openai',
    });
    expect((await client.models.retrieve('auto')).owned_by).toBe('xionimus');
    const missing = await client.models.retrieve('gpt-9').catch((error: unknown) => error);
    expect(missing).toMatchObject({ status: 404, code: 'model_not_found' });
    expect((missing as Error).message).toContain('no model gpt-9 is available to you');
  });

  it('passes sampling settings, stop sequences and the seed to the model, and ignores fields it does not use', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday', name: 'ada' }],
      temperature: 0.2,
      top_p: 0.9,
      n: 1,
      seed: 7,
      presence_penalty: 0,
      frequency_penalty: 0.5,
      stop: 'END',
      response_format: { type: 'text' },
      max_tokens: 50,
      // A field no OpenAI version has, and one sent as null.
      ...({ some_future_field: { nested: true }, stream_options: null, tool_choice: null } as object),
    });
    expect(completion.choices[0]?.message.content).toBe(fixtureText('openai/openai-text'));
    const upstream = chat.fake.requests[0]?.body;
    expect(upstream).toMatchObject({
      max_tokens: 50,
      temperature: 0.2,
      top_p: 0.9,
      seed: 7,
      presence_penalty: 0,
      frequency_penalty: 0.5,
      stop: ['END'],
    });
    for (const field of ['some_future_field', 'n', 'response_format', 'tools', 'tool_choice']) {
      expect(upstream).not.toHaveProperty(field);
    }
  });

  it('passes reasoning_effort to a model that reasons: Claude thinks with a budget, o4-mini gets the effort', async () => {
    chat.fake.enqueue('anthropic', { fixture: 'anthropic/anthropic-clear-thinking.1' });
    const claude = await client.chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: 'And divided by 5?' }],
      reasoning_effort: 'high',
    });
    expect(chat.fake.requests[0]?.body.thinking).toEqual({ type: 'enabled', budget_tokens: 16_384 });
    expect(claude.choices[0]?.message.content).toBe('925 ÷ 5 = 185');
    expect((claude.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toContain(
      'divide that by 5',
    );

    chat.fake.reset();
    await client.chat.completions.create({
      model: 'o4-mini',
      messages: [{ role: 'user', content: 'Name a holiday' }],
      reasoning_effort: 'minimal',
    });
    expect(chat.fake.requests[0]?.body.reasoning_effort).toBe('minimal');

    chat.fake.reset();
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday' }],
      reasoning_effort: 'high',
    });
    expect(chat.fake.requests[0]?.body).not.toHaveProperty('reasoning_effort');
  });

  it('returns the log probabilities an OpenAI model sends when asked, whole and streamed', async () => {
    chat.fake.enqueue('openai', { text: 'Hello there' });
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Say hello' }],
      logprobs: true,
      top_logprobs: 2,
    });
    expect(chat.fake.requests[0]?.body).toMatchObject({ logprobs: true, top_logprobs: 2 });
    const content = completion.choices[0]?.logprobs?.content;
    expect(content?.map((entry) => entry.token)).toEqual(['Hello ', 'there']);
    // The AI SDK keeps token, logprob and alternatives (not OpenAI's bytes).
    expect(content?.[0]).toEqual({
      token: 'Hello ',
      logprob: -0.01,
      top_logprobs: [
        { token: 'Hello ', logprob: -0.01 },
        { token: 'Hello~1', logprob: -1.01 },
      ],
    });

    // Streamed: each chunk's with its text, as OpenAI streams them; the client's accumulator reads them all.
    chat.fake.enqueue('openai', { text: 'Hello there' });
    const runner = client.chat.completions.stream({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Say hello' }],
      logprobs: true,
    });
    const streamed: Array<[string | null | undefined, unknown]> = [];
    runner.on('chunk', (piece) => {
      const choice = piece.choices[0];
      if (choice) streamed.push([choice.delta.content, choice.logprobs?.content?.map((entry) => entry.token) ?? null]);
    });
    const final = await runner.finalChatCompletion();
    expect(streamed.filter(([text]) => text)).toEqual([
      ['Hello ', ['Hello ']],
      ['there', ['there']],
    ]);
    expect(streamed.at(-1)).toEqual([undefined, null]);
    expect(final.choices[0]?.message.content).toBe('Hello there');
    expect(final.choices[0]?.logprobs?.content?.map((entry) => [entry.token, entry.top_logprobs])).toEqual([
      ['Hello ', []],
      ['there', []],
    ]);

    // Not asked: none.
    chat.fake.enqueue('openai', { text: 'Hello there' });
    const plain = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(plain.choices[0]?.logprobs).toBeNull();
  });

  it('asks the model for JSON, by a schema or without one', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, month: { type: 'integer' } },
      required: ['name', 'month'],
      additionalProperties: false,
    };
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday' }],
      response_format: { type: 'json_schema', json_schema: { name: 'holiday', schema, strict: true } },
    });
    expect(chat.fake.requests[0]?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'holiday', schema },
    });

    chat.fake.reset();
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday as JSON' }],
      response_format: { type: 'json_object' },
    });
    expect(chat.fake.requests[0]?.body.response_format).toEqual({ type: 'json_object' });
  });

  it('uses the caller’s system and developer messages instead of the agent’s prompt', async () => {
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Name a holiday' },
      ],
    });
    expect(chat.fake.requests[0]?.body.messages).toEqual([
      { role: 'system', content: 'You are terse.\n\nAnswer in French.' },
      { role: 'user', content: 'Name a holiday' },
    ]);

    chat.fake.reset();
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday' }],
    });
    const [system] = chat.fake.requests[0]?.body.messages ?? [];
    expect(system.role).toBe('system');
    expect(system.content).toMatch(/Xionimus|engineer|assistant/i);
  });

  it('passes the conversation on as given, joining text parts', async () => {
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [
        { role: 'user', content: 'What is the weather?' },
        { role: 'assistant', content: 'It is sunny.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'And tomorrow?' },
            { type: 'text', text: 'Be brief.' },
          ],
        },
      ],
    });
    expect(chat.fake.requests[0]?.body.messages.slice(1)).toEqual([
      { role: 'user', content: 'What is the weather?' },
      { role: 'assistant', content: 'It is sunny.' },
      { role: 'user', content: 'And tomorrow?\nBe brief.' },
    ]);
  });

  it('routes model auto by the message, and a task alias to its agent', async () => {
    const auto = await client.chat.completions.create({
      model: 'auto',
      messages: [
        {
          role: 'user',
          content: 'Traceback (most recent call last):\n  File "app.py", line 3\nZeroDivisionError: division by zero',
        },
      ],
    });
    const routed = (auto as unknown as { xionimus: { taskKind: string; agent: string; reason: string } }).xionimus;
    expect(routed).toMatchObject({ taskKind: 'debugging', agent: 'debugger' });
    expect(routed.reason).toMatch(/classified as debugging/);
    expect(auto.model).not.toBe('auto');

    const research = await client.chat.completions.create({
      model: 'xionimus-research',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect((research as unknown as { xionimus: unknown }).xionimus).toMatchObject({
      taskKind: 'research',
      agent: 'researcher',
    });
  });

  it('routes auto by the admin’s routing table, as chat does', async () => {
    const current = await chat.server.request('GET', '/api/admin/routing', { token: chat.user.token });
    const table = structuredClone(current.body.table);
    table.general.models.senior = ['claude-haiku-4-5'];
    const changed = await chat.server.request('PUT', '/api/admin/routing', { token: chat.user.token, body: { table } });
    expect(changed.status).toBe(200);
    try {
      const completion = await client.chat.completions.create({
        model: 'auto',
        messages: [{ role: 'user', content: 'Name a holiday' }],
      });
      expect(completion.model).toBe('claude-haiku-4-5');
      expect((completion as unknown as { xionimus: unknown }).xionimus).toMatchObject({ taskKind: 'general' });
    } finally {
      await chat.server.request('PUT', '/api/admin/routing', { token: chat.user.token, body: { table: null } });
    }
  });

  it('returns a Perplexity answer’s sources in the extension member', async () => {
    chat.fake.enqueue('perplexity', { fixture: 'perplexity/perplexity-citations' });
    const completion = await client.chat.completions.create({
      model: 'sonar',
      messages: [{ role: 'user', content: 'population of San Francisco?' }],
    });
    const { citations } = (completion as unknown as { xionimus: { citations: Array<{ url: string }> } }).xionimus;
    expect(citations[0]?.url).toBe('https://populationstat.com/united-states/san-francisco');
  });

  it('records each call as api usage, which the usage summary counts', async () => {
    const caller = await newCaller(chat, 'metered');
    await caller.client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday' }],
    });
    const stream = await caller.client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Name a holiday' }],
      stream: true,
    });
    for await (const _chunk of stream) void _chunk;

    const summary = await chat.server.request('GET', '/api/usage', { token: caller.token });
    expect(summary.status).toBe(200);
    // 2 × (16 prompt + 300 completion tokens) at $0.10 / $0.40 per million.
    expect(summary.body.items).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4.1-nano',
        inputTokens: 32,
        outputTokens: 600,
        calls: 2,
        costUsd: 0.000244,
      }),
    ]);
    expect(summary.body.total).toMatchObject({ calls: 2, costUsd: 0.000244 });
    const rows = await usageRows(chat, caller.user.id);
    expect(rows.map((row) => [row.source, row.outcome])).toEqual([
      ['api', 'complete'],
      ['api', 'complete'],
    ]);
    expect(rows.every((row) => row.ttft_ms !== null && row.latency_ms >= (row.ttft_ms ?? 0))).toBe(true);
  });

  it('documents both endpoints in the OpenAPI description under openai-compatible', async () => {
    const spec = await chat.server.request('GET', '/openapi.json');
    expect(spec.body.paths['/v1/chat/completions'].post).toMatchObject({
      operationId: 'createChatCompletion',
      tags: ['openai-compatible'],
      security: [{ bearer: [] }],
    });
    expect(spec.body.paths['/v1/models'].get).toMatchObject({
      operationId: 'listOpenAiModels',
      tags: ['openai-compatible'],
    });
  });

  it('also accepts the caller’s ordinary access token', async () => {
    const caller = await newCaller(chat, 'jwt');
    const response = await fetch(`${chat.server.url}/v1/models`, {
      headers: { authorization: `Bearer ${caller.token}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { object: string }).object).toBe('list');
  });
});
