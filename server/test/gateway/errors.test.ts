import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatApp } from '../support/chat.js';
import { createToken, failure, newCaller, startGatewayApp, openAiClient, until, usageRows } from './callers.js';

const question = { model: 'gpt-4.1-nano', messages: [{ role: 'user' as const, content: 'Name a holiday' }] };

describe('OpenAI-compatible gateway refusals and failures', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startGatewayApp();
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  it('refuses a request without a token with 401, which the openai client surfaces as AuthenticationError', async () => {
    const anonymous = new OpenAI({
      baseURL: `${chat.server.url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
      defaultHeaders: { authorization: null },
    });
    const error = await failure(anonymous.chat.completions.create(question));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated', type: 'authentication_error' });
    expect(error.message).toBe('401 this endpoint needs a Bearer access token');
    expect(chat.fake.requests).toEqual([]);
  });

  it('answers errors with a body that is problem+json and an OpenAI error at once', async () => {
    const response = await fetch(`${chat.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-gateway-1' },
      body: JSON.stringify(question),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({
      type: 'https://xionimus.dev/problems/unauthenticated',
      title: 'Unauthorized',
      status: 401,
      detail: 'this endpoint needs a Bearer access token',
      code: 'unauthenticated',
      requestId: 'req-gateway-1',
      error: {
        message: 'this endpoint needs a Bearer access token',
        type: 'authentication_error',
        code: 'unauthenticated',
      },
    });
  });

  it('refuses a revoked personal access token', async () => {
    const caller = await newCaller(chat, 'revoked');
    await caller.client.models.list();
    const revoke = await chat.server.request('DELETE', `/api/settings/tokens/${caller.pat.id}`, {
      token: caller.token,
    });
    expect(revoke.status).toBe(204);

    const error = await failure(caller.client.chat.completions.create(question));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_token' });
    expect(error.message).toMatch(/revoked/);
    const listing = await failure(caller.client.models.list());
    expect(listing).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('refuses with 402 once the monthly budget is spent, which the client shows as an APIError', async () => {
    const caller = await newCaller(chat, 'broke');
    const budget = await chat.server.request('PUT', `/api/admin/users/${caller.user.id}/budget`, {
      token: chat.user.token,
      body: { monthlyLimitUsd: 0.0001 },
    });
    expect(budget.status).toBe(200);
    // One answer costs $0.000122, more than the whole budget.
    await caller.client.chat.completions.create(question);
    chat.fake.reset();

    const error = await failure(caller.client.chat.completions.create({ ...question, stream: true }));
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 402, code: 'budget_exceeded', type: 'insufficient_quota' });
    expect(error.message).toBe(
      '402 your monthly AI budget of $0.0001 is spent ($0.000122 used); ask an admin to raise it',
    );
    expect(chat.fake.requests).toEqual([]);
    expect(await usageRows(chat, caller.user.id)).toHaveLength(1);
  });

  it('refuses an unknown model with a message naming the available ones', async () => {
    const caller = await newCaller(chat, 'typo');
    const error = await failure(caller.client.chat.completions.create({ ...question, model: 'gpt-9' }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'model_not_available', type: 'invalid_request_error' });
    expect(error.message).toMatch(/gpt-9 is not a known model\. Available: .*gpt-4\.1-nano/);
  });

  it('refuses content parts other than text and images with a clear 400 before calling any provider', async () => {
    const caller = await newCaller(chat, 'audio');
    const error = await failure(
      caller.client.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is said here?' },
              { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            ],
          },
        ],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('unsupported_content');
    expect(error.message).toBe(
      '400 body/messages/0/content/1 has type input_audio; only text and image_url parts are supported',
    );
    expect(chat.fake.requests).toEqual([]);
  });

  it('refuses a body without a model or messages, and a conversation without a user message', async () => {
    const caller = await newCaller(chat, 'sloppy');
    const noModel = await failure(
      caller.client.chat.completions.create({ messages: question.messages } as unknown as typeof question),
    );
    expect(noModel).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(noModel.message).toMatch(/body\/model/);
    const badRole = await failure(
      caller.client.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages: [{ role: 'wizard', content: 'hi' }],
      } as unknown as typeof question),
    );
    expect(badRole.message).toMatch(/body\/messages\/0\/role/);
    const systemOnly = await failure(
      caller.client.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages: [{ role: 'system', content: 'Be nice.' }],
      }),
    );
    expect(systemOnly).toMatchObject({ status: 400, code: 'no_user_message' });
  });

  it('aborts the provider call when the client leaves mid-stream, and records the call as aborted', async () => {
    chat.fake.enqueue('openai', { chunkDelayMs: 40 });
    const caller = await newCaller(chat, 'impatient');
    const stream = await caller.client.chat.completions.create({ ...question, stream: true });
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (text.length > 0 && chat.fake.openConnections() > 0) {
        stream.controller.abort();
        break;
      }
    }
    expect(text.length).toBeGreaterThan(0);

    expect(
      await until(
        () => chat.fake.openConnections(),
        (open) => open === 0,
      ),
    ).toBe(0);
    const rows = await until(
      () => usageRows(chat, caller.user.id),
      (found) => found.length > 0,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'api', outcome: 'aborted', provider: 'openai', model: 'gpt-4.1-nano' });
    // What the provider did not report is estimated: the prompt and the text so far cost money.
    expect(rows[0]!.input_tokens).toBeGreaterThan(0);
    expect(rows[0]!.output_tokens).toBeGreaterThan(0);
    expect(rows[0]!.output_tokens).toBeLessThan(300);
  });

  it('aborts the provider call when the client gives up before the model starts answering', async () => {
    chat.fake.enqueue('openai', { stallMs: 10_000 });
    const caller = await newCaller(chat, 'hasty');
    const logsBefore = chat.server.logs.length;
    const controller = new AbortController();
    const call = caller.client.chat.completions.create(question, { signal: controller.signal });
    await until(
      () => chat.fake.openConnections(),
      (open) => open > 0,
    );
    controller.abort();
    expect(await failure(call)).toBeInstanceOf(OpenAI.APIUserAbortError);

    expect(
      await until(
        () => chat.fake.openConnections(),
        (open) => open === 0,
      ),
    ).toBe(0);
    const rows = await until(
      () => usageRows(chat, caller.user.id),
      (found) => found.length > 0,
    );
    expect(rows).toEqual([
      expect.objectContaining({ outcome: 'aborted', model: 'gpt-4.1-nano', input_tokens: 0, cost_micros: 0 }),
    ]);
    const logged = chat.server.logs.slice(logsBefore).map((line) => JSON.parse(line));
    expect(logged.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('ends a stream that breaks after it started with an error chunk, which the client throws', async () => {
    chat.fake.enqueue('openai', { cutAfterChunks: 4 });
    const caller = await newCaller(chat, 'cut');
    const stream = await caller.client.chat.completions.create({ ...question, stream: true });
    let text = '';
    const error = await failure(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.code).toBe('provider_unavailable');
    expect(error.type).toBe('server_error');
    expect(error.message).not.toMatch(/sk-/);
    expect(text.length).toBeGreaterThan(0);
    const rows = await usageRows(chat, caller.user.id);
    expect(rows.map((row) => row.outcome)).toEqual(['error']);
  });

  it('falls back to another model when the chosen one fails before answering', async () => {
    chat.fake.enqueue('openai', { status: 500 }, { status: 500 }, { status: 500 });
    const caller = await newCaller(chat, 'fallback');
    const completion = await caller.client.chat.completions.create(question);
    expect(completion.model).not.toBe('gpt-4.1-nano');
    const routed = (completion as unknown as { xionimus: { reason: string } }).xionimus;
    expect(routed.reason).toMatch(/fell back to/);
    const rows = await usageRows(chat, caller.user.id);
    expect(rows).toEqual([expect.objectContaining({ outcome: 'complete', model: completion.model })]);
  });

  it('lets a token stand for its user only', async () => {
    const owner = await newCaller(chat, 'owner');
    const other = await createToken(chat, chat.user.token, 'admin token');
    await openAiClient(chat, other.token).chat.completions.create(question);
    expect(await usageRows(chat, owner.user.id)).toEqual([]);
    expect((await usageRows(chat, chat.user.user.id)).at(-1)).toMatchObject({ source: 'api' });
  });
});

describe('OpenAI-compatible gateway without a provider', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startGatewayApp({ providers: [] });
  });
  afterAll(() => chat.close());

  it('explains that no provider is configured, and tells the client not to retry', async () => {
    const caller = await newCaller(chat, 'unconfigured');
    const error = await failure(
      openAiClient(chat, caller.pat.token, { maxRetries: 2 }).chat.completions.create(question),
    );
    expect(error).toBeInstanceOf(OpenAI.ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'provider_not_configured' });
    expect(error.message).toMatch(/No AI provider is configured yet/);
    expect(error.headers?.get('x-should-retry')).toBe('false');
    const listing = [];
    for await (const model of caller.client.models.list()) listing.push(model.id);
    expect(listing).not.toContain('gpt-4.1-nano');
  });
});

describe('OpenAI-compatible gateway rate limit', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startGatewayApp({ env: { RATE_LIMIT_ENABLED: 'true' } });
  });
  afterAll(() => chat.close());

  it('allows 60 completions a minute per user, then answers 429 the client shows as RateLimitError', async () => {
    const caller = await newCaller(chat, 'busy');
    const results = await Promise.allSettled(
      Array.from({ length: 61 }, () => caller.client.chat.completions.create(question)),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(60);
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason as APIError;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', type: 'rate_limit_error' });
  });
});
