import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatApp } from '../support/chat.js';
import { FIXTURES_DIR } from '../support/fake-providers.js';
import { failure, newCaller, startGatewayApp, usageRows } from './callers.js';

const WEATHER: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'The weather at a place',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};

/** The reasoning the recorded xAI stream carries. */
const XAI_REASONING = readFileSync(join(FIXTURES_DIR, 'openai-compatible/xai-tool-call.chunks.txt'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { choices: Array<{ delta?: { reasoning_content?: string } }> }).choices[0])
  .map((choice) => choice?.delta?.reasoning_content ?? '')
  .join('');

const reasoningOf = (delta: object | undefined) =>
  (delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';

/** The tool calls of a streamed answer, put together from their deltas as OpenAI clients do. */
function assembled(chunks: OpenAI.ChatCompletionChunk[]) {
  const calls: Array<{ id?: string; type?: string; name: string; arguments: string }> = [];
  for (const chunk of chunks) {
    for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
      const call = (calls[delta.index] ??= { name: '', arguments: '' });
      if (delta.id) call.id = delta.id;
      if (delta.type) call.type = delta.type;
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
    }
  }
  return calls;
}

describe('OpenAI-compatible gateway: tools', () => {
  let chat: ChatApp;
  let client: OpenAI;
  let userId: string;
  beforeAll(async () => {
    chat = await startGatewayApp({ allowFakeHost: true });
    const caller = await newCaller(chat);
    client = caller.client;
    userId = caller.user.id;
    // The caller's own OpenAI-compatible server (an Ollama, say).
    const local = await chat.server.request('PUT', '/api/settings/api-keys/openai-compatible', {
      token: caller.token,
      body: { baseUrl: chat.fake.baseUrl('openai-compatible') },
    });
    expect(local.status).toBe(200);
  });
  beforeEach(() => chat.fake.reset());
  /** The body of the completion request a provider received (not the local server's model list). */
  const posted = () => chat.fake.requests.find((request) => request.method === 'POST')?.body;
  afterAll(() => chat.close());

  it('offers the caller’s tools to the model and streams its call back as tool_calls', async () => {
    chat.fake.enqueue('openai', { fixture: 'openai-compatible/xai-tool-call' });
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'What is the weather in San Francisco?' }],
      tools: [WEATHER],
      tool_choice: 'auto',
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(assembled(chunks)).toEqual([
      { id: 'call_79382389', type: 'function', name: 'weather', arguments: '{"location":"San Francisco"}' },
    ]);
    // OpenAI's protocol has no reasoning text: the xAI reasoning is not passed off as the answer.
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('');
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason).filter(Boolean))).toEqual([
      'tool_calls',
    ]);
    // xAI counts its 227 reasoning tokens beside the 26 of the answer (total 560 = 307 + 26 + 227)
    // and bills them as output: so are they counted here.
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 307, completion_tokens: 253, total_tokens: 560 });

    // The provider received the tools in its own format.
    const upstream = posted();
    expect(upstream.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'The weather at a place',
          parameters: WEATHER.function.parameters,
        },
      },
    ]);
    expect(upstream.tool_choice).toBe('auto');
  });

  it('returns a tool call in a whole completion, with null content, and records its usage', async () => {
    chat.fake.enqueue('openai', { fixture: 'openai-compatible/xai-tool-call' });
    const before = (await usageRows(chat, userId)).length;
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'What is the weather in San Francisco?' }],
      tools: [WEATHER],
      tool_choice: { type: 'function', function: { name: 'weather' } },
    });

    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_79382389',
            type: 'function',
            function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
          },
        ],
      },
    });
    expect(posted().tool_choice).toEqual({ type: 'function', function: { name: 'weather' } });
    const rows = await usageRows(chat, userId);
    expect(rows.slice(before)).toMatchObject([
      { source: 'api', model: 'gpt-4.1-nano', outcome: 'complete', input_tokens: 307, output_tokens: 253 },
    ]);
  });

  it('relays a local model’s thinking as reasoning_content, and its tool call, though the registry knows it not', async () => {
    chat.fake.enqueue('openai-compatible', { fixture: 'openai-compatible/xai-tool-call' });
    const stream = await client.chat.completions.create({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'What is the weather in San Francisco?' }],
      tools: [WEATHER],
      stream: true,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => reasoningOf(chunk.choices[0]?.delta)).join('')).toBe(XAI_REASONING);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('');
    expect(assembled(chunks)).toEqual([
      { id: 'call_79382389', type: 'function', name: 'weather', arguments: '{"location":"San Francisco"}' },
    ]);

    chat.fake.enqueue('openai-compatible', { fixture: 'openai-compatible/xai-tool-call' });
    const whole = await client.chat.completions.create({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'What is the weather in San Francisco?' }],
      tools: [WEATHER],
    });
    expect((whole.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toBe(XAI_REASONING);
    expect(chat.fake.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
  });

  it('gives an Anthropic model the earlier calls and their results in Anthropic’s format, and relays its call', async () => {
    chat.fake.enqueue('anthropic', { fixture: 'anthropic/anthropic-tool-no-args' });
    const stream = await client.chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: [
        { role: 'user', content: 'What is the weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"location":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny, 21 °C' },
        { role: 'tool', tool_call_id: 'call_2', content: 'rain, 14 °C' },
        { role: 'user', content: 'Now update the issue list.' },
      ],
      tools: [
        WEATHER,
        { type: 'function', function: { name: 'updateIssueList', parameters: { type: 'object', properties: {} } } },
      ],
      stream: true,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      "I'll update the issue list for you.",
    );
    // The call had no arguments: clients get `{}`, which parses, rather than an empty string.
    expect(assembled(chunks)).toEqual([
      { id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', type: 'function', name: 'updateIssueList', arguments: '{}' },
    ]);
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason).filter(Boolean))).toEqual([
      'tool_calls',
    ]);

    const upstream = posted();
    expect(upstream.tools).toMatchObject([
      { name: 'weather', description: 'The weather at a place', input_schema: WEATHER.function.parameters },
      { name: 'updateIssueList', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(upstream.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'weather', input: { location: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'weather', input: { location: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny, 21 °C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'rain, 14 °C' },
          { type: 'text', text: 'Now update the issue list.' },
        ],
      },
    ]);
  });

  it('sends a tool result back to an OpenAI model as a tool message', async () => {
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [
        { role: 'user', content: 'What is the weather?' },
        {
          role: 'assistant',
          content: 'Let me look.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
      tools: [WEATHER],
    });
    expect(posted().messages.slice(1)).toEqual([
      { role: 'user', content: 'What is the weather?' },
      {
        role: 'assistant',
        content: 'Let me look.',
        // Empty arguments are sent on as an empty object.
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ]);
  });

  it('passes parallel_tool_calls, user and logit_bias to the providers that take them', async () => {
    const ask = (model: string) =>
      client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'What is the weather in Paris and Rome?' }],
        tools: [WEATHER],
        parallel_tool_calls: false,
        user: 'end-user-42',
        logit_bias: { '50256': -100 },
      });

    chat.fake.enqueue('openai', { fixture: 'openai-compatible/xai-tool-call' });
    await ask('gpt-4.1-nano');
    expect(posted()).toMatchObject({ parallel_tool_calls: false, user: 'end-user-42', logit_bias: { '50256': -100 } });

    // The caller's own server gets them as OpenAI's fields.
    chat.fake.reset();
    chat.fake.enqueue('openai-compatible', { fixture: 'openai-compatible/xai-tool-call' });
    await ask('llama3.2:3b');
    expect(posted()).toMatchObject({ parallel_tool_calls: false, user: 'end-user-42', logit_bias: { '50256': -100 } });

    // Claude has only "no parallel tool use", part of its tool_choice; it gets no user or bias.
    chat.fake.reset();
    chat.fake.enqueue('anthropic', { fixture: 'anthropic/anthropic-tool-no-args' });
    await ask('claude-haiku-4-5');
    const upstream = posted();
    expect(upstream.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(JSON.stringify(upstream)).not.toContain('end-user-42');

    // Without them, nothing of them is sent.
    chat.fake.reset();
    chat.fake.enqueue('openai', { fixture: 'openai-compatible/xai-tool-call' });
    await client.chat.completions.create({
      model: 'gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [WEATHER],
    });
    expect(Object.keys(posted())).not.toEqual(expect.arrayContaining(['parallel_tool_calls']));
    expect(posted().user).toBeUndefined();
    expect(posted().logit_bias).toBeUndefined();

    // A bias for something that is not a token id is refused, naming the field.
    const refused = await failure(
      client.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages: [{ role: 'user', content: 'Hi' }],
        logit_bias: { hello: 5 },
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/logit_bias/);
  });

  it('routes a call with tools only to models that call tools', async () => {
    const research = await client.chat.completions.create({
      model: 'xionimus-research',
      messages: [{ role: 'user', content: 'What happened in the news today?' }],
      tools: [WEATHER],
    });
    // Research goes to Perplexity first, whose models call no tools.
    expect(research.model).not.toMatch(/^sonar/);
    expect(chat.fake.requests.map((request) => request.provider)).not.toContain('perplexity');

    const named = await failure(
      client.chat.completions.create({
        model: 'sonar',
        messages: [{ role: 'user', content: 'What happened today?' }],
        tools: [WEATHER],
      }),
    );
    expect(named).toMatchObject({ status: 400, code: 'tools_not_supported' });
    expect(named.message).toContain('sonar cannot call tools');

    // tool_choice none: the tools are context only, any model may answer.
    chat.fake.reset();
    const none = await client.chat.completions.create({
      model: 'sonar',
      messages: [{ role: 'user', content: 'What happened today?' }],
      tools: [WEATHER],
      tool_choice: 'none',
    });
    expect(none.model).toBe('sonar');
  });

  it('refuses malformed tool conversations and settings with a 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [
        {
          messages: [
            { role: 'user', content: 'hi' },
            { role: 'tool', tool_call_id: 'call_9', content: 'x' },
          ],
        },
        'unknown_tool_call',
        /body\/messages\/1\/tool_call_id call_9 answers no tool call/,
      ],
      [
        {
          messages: [
            { role: 'user', content: 'hi' },
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'c', function: { name: 'w', arguments: '{oops' } }],
            },
          ],
        },
        'invalid_tool_arguments',
        /body\/messages\/1\/tool_calls\/0\/function\/arguments is not valid JSON/,
      ],
      [
        { tools: [WEATHER], tool_choice: { type: 'function', function: { name: 'stocks' } } },
        'invalid_tool_choice',
        /names stocks, which is not one of body\/tools/,
      ],
      [{ tool_choice: 'required' }, 'invalid_tool_choice', /body\/tools names no tool/],
      [{ functions: [{ name: 'weather' }] }, 'unsupported_parameter', /send tools and tool_choice instead/],
      [{ n: 2 }, 'validation_failed', /body\/n must be <= 1/],
      [{ temperature: 3 }, 'validation_failed', /body\/temperature must be <= 2/],
      [
        { tools: [{ type: 'function', function: { name: 'has space' } }] },
        'validation_failed',
        /body\/tools\/0\/function\/name must match pattern/,
      ],
    ];
    for (const [fields, code, detail] of cases) {
      const response = await fetch(`${chat.server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${client.apiKey}` },
        body: JSON.stringify({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }], ...fields }),
      });
      const body = (await response.json()) as { code: string; detail: string };
      expect({ status: response.status, code: body.code }, JSON.stringify(fields)).toEqual({ status: 400, code });
      expect(body.detail).toMatch(detail);
    }
    expect(chat.fake.requests.filter((request) => request.method === 'POST')).toEqual([]);
  });
});
