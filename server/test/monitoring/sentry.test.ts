// Error reporting end to end: the real Sentry SDK sends its real envelopes to a local ingest
// server, and the test reads them. The SDK is global to the process, so it is initialised once,
// here, for this whole file (with SENTRY_SEND_PII off; sentry-pii.test.ts covers it on).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { AppError } from '../../src/platform/errors.js';
import { flushSentry, initSentry } from '../../src/platform/monitoring/sentry.js';
import { SERVER_KEYS, startChatApp, type ChatApp } from '../support/chat.js';
import { newCaller } from '../gateway/callers.js';
import { startFakeSentry, type FakeSentry } from './fake-sentry.js';

// Every secret planted in a request, an error or its extra data. None may reach Sentry.
const PLANTED = {
  cookie: 'xionimus_refresh=planted-refresh-cookie-7f3a9c',
  headerKey: 'planted-header-key-91b2',
  queryToken: 'planted-query-token-3312',
  bodyPassword: 'planted-body-password-4471',
  messageKey: 'sk-proj-PLANTEDmessageKey123456',
  extraKey: 'sk-ant-PLANTEDextraKey987654',
  extraApiKey: 'planted-extra-apikey-5521',
  plainErrorKey: 'sk-PLANTEDplainErrorKey0001',
};

describe('error reporting to Sentry', () => {
  let sentry: FakeSentry;
  let chat: ChatApp;

  beforeAll(async () => {
    sentry = await startFakeSentry();
    const env = {
      SENTRY_DSN: sentry.dsn,
      ENVIRONMENT: 'ci-test',
      APP_VERSION: '9.9.9-test',
      // Every request traced, so transactions are checked for secrets too.
      SENTRY_TRACES_SAMPLE_RATE: '1',
    };
    expect(initSentry(parseConfig(env))).toBe(true);
    chat = await startChatApp({
      providers: ['openai'],
      env,
      beforeListen: (app) => {
        app.post('/test/boom', async () => {
          throw new AppError('upstream_broke', 500, `provider said: invalid key ${PLANTED.messageKey}`, {
            internal: true,
            extra: { upstreamResponse: `rejected ${PLANTED.extraKey}`, apiKey: PLANTED.extraApiKey },
          });
        });
        app.get('/test/crash', async () => {
          throw new TypeError(`cannot read the key ${PLANTED.plainErrorKey}`);
        });
      },
    });
  });
  afterAll(async () => {
    await chat?.close();
    await sentry?.close();
  });

  const boom = (requestId: string) =>
    fetch(`${chat.server.url}/test/boom?token=${PLANTED.queryToken}&page=2`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${chat.user.token}`,
        cookie: `${PLANTED.cookie}; theme=dark`,
        'x-api-key': PLANTED.headerKey,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ password: PLANTED.bodyPassword, note: 'visible-note' }),
    });

  it('reports an internal error with its request, route, user id, environment and release', async () => {
    const response = await boom('req-sentry-boom');
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'internal_error', requestId: 'req-sentry-boom' });

    const event = await sentry.waitForEvent((candidate) => candidate.tags?.request_id === 'req-sentry-boom');
    expect(event).toMatchObject({ level: 'error', environment: 'ci-test', release: '9.9.9-test' });
    expect(event.exception.values.at(-1)).toMatchObject({
      type: 'AppError',
      value: 'provider said: invalid key [REDACTED]',
    });
    expect(event.tags).toMatchObject({ error_code: 'upstream_broke', route: '/test/boom' });
    expect(event.user).toMatchObject({ id: chat.user.user.id });
    expect(event.user.email).toBeUndefined();
    expect(event.request).toMatchObject({ method: 'POST', url: expect.stringContaining('/test/boom') });
    expect(event.request.headers).toMatchObject({
      authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      'x-api-key': '[REDACTED]',
      'x-request-id': 'req-sentry-boom',
    });
    // Without SENTRY_SEND_PII, request bodies stay home.
    expect(JSON.stringify(event)).not.toContain('visible-note');
    expect(event.extra).toMatchObject({ upstreamResponse: 'rejected [REDACTED]', apiKey: '[REDACTED]' });
  });

  it('reports an unexpected exception thrown by a route as an error', async () => {
    const response = await fetch(`${chat.server.url}/test/crash`, { headers: { 'x-request-id': 'req-sentry-crash' } });
    expect(response.status).toBe(500);
    const event = await sentry.waitForEvent((candidate) => candidate.tags?.request_id === 'req-sentry-crash');
    expect(event.exception.values.at(-1)).toMatchObject({ type: 'TypeError', value: 'cannot read the key [REDACTED]' });
    expect(event.user).toBeUndefined();
  });

  it('reports a provider outage as a warning, with a breadcrumb for every AI call', async () => {
    const caller = await newCaller(chat, 'sentry');
    chat.fake.enqueue('openai', ...Array.from({ length: 20 }, () => ({ status: 500 })));
    const response = await fetch(`${chat.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${caller.pat.token}`,
        'x-request-id': 'req-sentry-outage',
      },
      body: JSON.stringify({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hello' }] }),
    });
    chat.fake.reset();
    expect(response.status).toBe(502);

    const event = await sentry.waitForEvent((candidate) => candidate.tags?.request_id === 'req-sentry-outage');
    expect(event.level).toBe('warning');
    expect(event.tags.error_code).toBe('provider_unavailable');
    const aiCalls = (event.breadcrumbs ?? []).filter((crumb: any) => crumb.category === 'ai');
    expect(aiCalls.length).toBeGreaterThanOrEqual(3);
    expect(aiCalls[0]).toMatchObject({
      message: 'openai gpt-4.1-nano: provider_unavailable',
      level: 'warning',
      data: { attempt: 1 },
    });
  });

  it('does not report client errors', async () => {
    await fetch(`${chat.server.url}/api/nowhere`, { headers: { 'x-request-id': 'req-sentry-404' } });
    await fetch(`${chat.server.url}/api/auth/me`, { headers: { 'x-request-id': 'req-sentry-401' } });
    await flushSentry();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const requestIds = sentry.events().map((event) => event.tags?.request_id);
    expect(requestIds).not.toContain('req-sentry-404');
    expect(requestIds).not.toContain('req-sentry-401');
  });

  it('sends no planted secret in any envelope: errors, transactions and breadcrumbs alike', async () => {
    await flushSentry();
    const everything = sentry.allText();
    expect(sentry.events().length).toBeGreaterThanOrEqual(3);
    expect(sentry.transactions().length).toBeGreaterThan(0);
    for (const secret of [
      ...Object.values(PLANTED),
      ...Object.values(PLANTED).map((value) => value.split('=').at(-1)!),
      chat.user.token,
      chat.user.email,
      SERVER_KEYS.openai,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('reports an uncaught exception that ends a process, scrubbed', async () => {
    const script = fileURLToPath(new URL('./crash-process.ts', import.meta.url));
    const key = 'sk-proj-PLANTEDcrashKey0000111';
    const child = spawn(process.execPath, ['--import', 'tsx', script, sentry.dsn, key], { stdio: 'pipe' });
    let output = '';
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(exitCode, output).not.toBe(0);
    const event = await sentry.waitForEvent((candidate) => candidate.environment === 'crash-test');
    expect(event.exception.values.at(-1)).toMatchObject({
      value: 'the worker died calling the provider with [REDACTED]',
      mechanism: { type: 'auto.node.onuncaughtexception', handled: false },
    });
    expect(sentry.allText()).not.toContain(key);
  });
});
