// SENTRY_SEND_PII=true: reports name the user's email and carry the request body, still
// scrubbed. A file of its own, since the Sentry SDK is initialised once per process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { flushSentry, initSentry } from '../../src/platform/monitoring/sentry.js';
import { registerAndLogin, startTestApp, type TestApp } from '../support/app.js';
import { startFakeSentry, type FakeSentry } from './fake-sentry.js';

describe('error reporting with SENTRY_SEND_PII', () => {
  let sentry: FakeSentry;
  let server: TestApp;

  beforeAll(async () => {
    sentry = await startFakeSentry();
    const env = { SENTRY_DSN: sentry.dsn, SENTRY_SEND_PII: 'true', SENTRY_TRACES_SAMPLE_RATE: '0' };
    initSentry(parseConfig(env));
    server = await startTestApp({
      env,
      beforeListen: (app) => {
        app.post('/test/boom', async () => {
          throw new Error('the handler broke');
        });
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await sentry?.close();
  });

  it('sends the user email and the request body, with its password and tokens scrubbed', async () => {
    const account = await registerAndLogin(server, 'pii');
    const reply = await server.request('POST', '/test/boom', {
      token: account.token,
      headers: { 'x-request-id': 'req-sentry-pii' },
      body: {
        note: 'visible-note',
        password: 'planted-body-password-8812',
        nested: { refreshToken: 'planted-refresh-6620', message: 'key sk-ant-plantedBodyKey12345' },
      },
    });
    expect(reply.status).toBe(500);

    const event = await sentry.waitForEvent((candidate) => candidate.tags?.request_id === 'req-sentry-pii');
    expect(event.user).toMatchObject({ id: account.user.id, email: account.email });
    const body = typeof event.request.data === 'string' ? JSON.parse(event.request.data) : event.request.data;
    expect(body).toEqual({
      note: 'visible-note',
      password: '[REDACTED]',
      nested: { refreshToken: '[REDACTED]', message: 'key [REDACTED]' },
    });
    await flushSentry();
    expect(sentry.allText()).not.toMatch(/planted-body-password|planted-refresh|plantedBodyKey/);
  });
});
