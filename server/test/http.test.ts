import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Type from 'typebox';
import { BODY_LIMIT_BYTES } from '../src/app.js';
import { Nullable } from '../src/platform/http.js';
import { startTestApp, type TestApp } from './support/app.js';

describe('HTTP conventions', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp({
      env: { CORS_ORIGINS: 'https://app.example.test' },
      beforeListen: (app) => {
        app.post(
          '/api/test/choices',
          {
            schema: {
              body: Type.Object(
                {
                  note: Type.Optional(Nullable(Type.String({ maxLength: 5 }))),
                  size: Type.Optional(Type.Union([Type.Literal('s'), Type.Literal('m')])),
                  mode: Type.Optional(Type.Enum(['junior', 'senior'])),
                  items: Type.Optional(Type.Array(Nullable(Type.Integer()))),
                },
                { additionalProperties: false },
              ),
            },
          },
          async () => ({ ok: true }),
        );
        app.get('/api/test/boom', async () => {
          throw new Error('database password hunter2 leaked at /srv/app/secret.ts:42');
        });
      },
    });
  });
  afterAll(() => server.close());

  it('answers an internal error with a 500 problem that holds no message or stack', async () => {
    const reply = await server.request('GET', '/api/test/boom');
    expect(reply.status).toBe(500);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ status: 500, code: 'internal_error', title: 'Internal Server Error' });
    expect(reply.body.requestId).toBe(reply.headers.get('x-request-id'));
    expect(reply.text).not.toMatch(/hunter2|secret\.ts|at |stack/);
    // …while the log keeps the stack for the operator.
    expect(server.logs.some((line) => line.includes('secret.ts') && line.includes('"level":50'))).toBe(true);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const reply = await server.request('GET', '/api/nowhere?x=1');
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ code: 'not_found', detail: 'no route for GET /api/nowhere' });
  });

  it('answers malformed JSON, a wrong content type and an oversized body with 4xx problems', async () => {
    const malformed = await server.request('POST', '/api/auth/login', {
      rawBody: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toMatch(/^https:\/\/xionimus\.dev\/problems\//);
    const xml = await server.request('POST', '/api/auth/login', {
      rawBody: '<login/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    expect(xml.body.code).toBe('invalid_media_type');
    const huge = await server.request('POST', '/api/auth/login', {
      rawBody: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(BODY_LIMIT_BYTES) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('body_too_large');
  });

  it('reports every validation problem with its path', async () => {
    const reply = await server.request('POST', '/api/auth/register', { body: { email: 'not-an-email', extra: 1 } });
    expect(reply.status).toBe(400);
    const paths = reply.body.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['body/email', 'body/password', 'body/extra']));
  });

  it('names what a union or an enum allows, in one error per field', async () => {
    const wrongType = await server.request('POST', '/api/test/choices', {
      body: { note: 5, size: 'xl', mode: 'expert', items: [1, 'two', null] },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors).toEqual([
      { path: 'body/note', message: 'must be string or null' },
      { path: 'body/size', message: 'must be "s" or "m"' },
      { path: 'body/mode', message: 'must be "junior" or "senior"' },
      { path: 'body/items/1', message: 'must be integer or null' },
    ]);
    expect(wrongType.body.detail).toBe(
      'body/note must be string or null; body/size must be "s" or "m"; body/mode must be "junior" or "senior"; body/items/1 must be integer or null',
    );
    // A value of the right type that breaks its branch's rule gets that rule's error alone.
    const tooLong = await server.request('POST', '/api/test/choices', { body: { note: 'far too long' } });
    expect(tooLong.body.errors).toEqual([{ path: 'body/note', message: 'must NOT have more than 5 characters' }]);
    const valid = await server.request('POST', '/api/test/choices', {
      body: { note: null, size: 'm', items: [null, 2] },
    });
    expect(valid.status).toBe(200);
  });

  it('keeps a well-formed x-request-id from the caller and replaces a malformed one', async () => {
    const kept = await server.request('GET', '/api/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await server.request('GET', '/api/health', { headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the security headers', async () => {
    const reply = await server.request('GET', '/api/health');
    const csp = reply.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    // blob: shows the chat's stored images, fetched with the token (an <img> cannot send it).
    expect(csp).toContain("img-src 'self' data: blob: https:;");
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
    // HSTS only in production, where TLS is expected in front of the server.
    expect(reply.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends HSTS in production', async () => {
    const production = await startTestApp({ env: { NODE_ENV: 'production' } });
    try {
      const reply = await production.request('GET', '/api/health');
      expect(reply.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await production.close();
    }
  });

  it('allows CORS only for the configured origins', async () => {
    const allowed = await server.request('OPTIONS', '/api/auth/login', {
      headers: { origin: 'https://app.example.test', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const denied = await server.request('GET', '/api/health', { headers: { origin: 'https://evil.example.test' } });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs one line per request with route, status, duration and user, and no secrets', async () => {
    const key = 'sk-live-0123456789abcdefghijklmnop';
    await server.request('GET', '/api/health', {
      headers: { authorization: `Bearer ${key}`, 'x-request-id': 'log-check' },
    });
    const line = server.logs.find(
      (entry) => entry.includes('"reqId":"log-check"') && entry.includes('request completed'),
    );
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ route: '/api/health', status: 200, method: 'GET' });
    expect(JSON.parse(line!).durationMs).toEqual(expect.any(Number));
    expect(server.logs.join('\n')).not.toContain('0123456789abcdefghij');
  });

  it('publishes an OpenAPI document generated from the route schemas, and Swagger UI', async () => {
    const spec = await server.request('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    const operations = Object.values(spec.body.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((methods) => Object.values(methods))
      .map((operation) => operation.operationId);
    expect(operations).toEqual(
      expect.arrayContaining([
        'register',
        'login',
        'refresh',
        'logout',
        'getMe',
        'putApiKey',
        'listAuditLog',
        'getReadiness',
      ]),
    );
    expect(spec.body.paths['/api/auth/me'].get.security).toEqual([{ bearer: [] }]);
    const ui = await server.request('GET', '/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});
