import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerAndLogin } from './support/app.js';
import { SERVER_KEYS, startChatApp } from './support/chat.js';

type ChatApp = Awaited<ReturnType<typeof startChatApp>>;

const ADMIN_KEY = 'sk-admin-openai-key-0123456789ABCD';
const COMPAT_KEY = 'sk-admin-compat-key-0123456789EFGH';

describe('server-wide provider keys set by an admin', () => {
  let chat: ChatApp;
  let admin: ChatApp['user'];
  let member: Awaited<ReturnType<typeof registerAndLogin>>;
  beforeAll(async () => {
    // The environment configures OpenAI only; the first account on loopback is the admin.
    chat = await startChatApp({ providers: ['openai'], allowFakeHost: true });
    admin = chat.user;
    member = await registerAndLogin(chat.server, 'member');
  });
  beforeEach(() => chat.fake.reset());
  afterAll(() => chat.close());

  const modelsOf = async (token: string) =>
    (await chat.server.request('GET', '/api/models', { token })).body.items as Array<{
      id: string;
      provider: string;
      keySource: string;
    }>;

  it('is for admins only', async () => {
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/provider-keys'],
      ['PUT', '/api/admin/provider-keys/openai', { apiKey: ADMIN_KEY }],
      ['DELETE', '/api/admin/provider-keys/openai'],
      ['POST', '/api/admin/provider-keys/openai/test'],
    ];
    for (const [method, path, body] of calls) {
      const forbidden = await chat.server.request(method, path, { token: member.token, body });
      expect(forbidden.status, `${method} ${path}`).toBe(403);
      expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
      expect((await chat.server.request(method, path, { body })).status).toBe(401);
    }
  });

  it('lists every provider with where its key comes from, the environment’s included', async () => {
    const list = await chat.server.request('GET', '/api/admin/provider-keys', { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      {
        provider: 'openai',
        configured: true,
        source: 'environment',
        last4: SERVER_KEYS.openai.slice(-4),
        baseUrl: chat.fake.baseUrl('openai'),
        updatedAt: null,
      },
      expect.objectContaining({ provider: 'anthropic', configured: false, source: null, last4: null }),
      expect.objectContaining({ provider: 'perplexity', configured: false, source: null }),
      expect.objectContaining({ provider: 'openai-compatible', configured: false, source: null }),
    ]);
    expect(list.text).not.toContain(SERVER_KEYS.openai.slice(0, 12));
  });

  it('validates the provider, the key and the base URL', async () => {
    const put = (provider: string, body: unknown) =>
      chat.server.request('PUT', `/api/admin/provider-keys/${provider}`, { token: admin.token, body });
    const unknown = await put('skynet', { apiKey: ADMIN_KEY });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/params\/provider/);
    expect((await put('anthropic', { baseUrl: 'https://api.example.test/v1' })).body.code).toBe('api_key_required');
    expect((await put('openai-compatible', { apiKey: COMPAT_KEY })).body.code).toBe('base_url_required');
    const ftp = await put('openai', { apiKey: ADMIN_KEY, baseUrl: 'ftp://files.example.test/v1' });
    expect(ftp.status).toBe(400);
    expect(ftp.body).toMatchObject({ code: 'invalid_base_url', detail: expect.stringMatching(/http/) });
    const withPassword = await put('openai', { apiKey: ADMIN_KEY, baseUrl: 'https://user:pw@proxy.example.test/v1' });
    expect(withPassword.body.code).toBe('invalid_base_url');
    expect((await put('openai', { apiKey: ADMIN_KEY, baseUrl: 'not a url' })).status).toBe(400);
    const spaced = await put('openai', { apiKey: 'sk has spaces in it' });
    expect(spaced.status).toBe(400);
    expect(spaced.body.detail).toMatch(/apiKey/);
  });

  it('sets a key that appears in the models of every user at once, and removes it again', async () => {
    expect((await modelsOf(member.token)).some((model) => model.provider === 'anthropic')).toBe(false);
    const put = await chat.server.request('PUT', '/api/admin/provider-keys/anthropic', {
      token: admin.token,
      body: { apiKey: 'sk-ant-admin-0123456789WXYZ', baseUrl: chat.fake.baseUrl('anthropic') },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      provider: 'anthropic',
      configured: true,
      source: 'admin',
      last4: 'WXYZ',
      baseUrl: chat.fake.baseUrl('anthropic'),
      updatedAt: expect.any(String),
    });
    expect(put.text).not.toContain('sk-ant-admin');
    expect(await modelsOf(member.token)).toContainEqual(
      expect.objectContaining({ id: 'claude-haiku-4-5', provider: 'anthropic', keySource: 'server' }),
    );

    const sessionId = await chat.session(member.token);
    const answer = await chat.send(sessionId, { content: 'hello', model: 'claude-haiku-4-5' }, { token: member.token });
    expect(answer.events.find((event) => event.event === 'meta')?.data).toMatchObject({ provider: 'anthropic' });
    expect(chat.fake.requests.at(-1)?.headers['x-api-key']).toBe('sk-ant-admin-0123456789WXYZ');

    const removed = await chat.server.request('DELETE', '/api/admin/provider-keys/anthropic', { token: admin.token });
    expect(removed.status).toBe(204);
    expect((await modelsOf(member.token)).some((model) => model.provider === 'anthropic')).toBe(false);
    const again = await chat.server.request('DELETE', '/api/admin/provider-keys/anthropic', { token: admin.token });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('server_api_key_not_found');
  });

  it('overrides the environment’s key and falls back to it once removed', async () => {
    const sessionId = await chat.session(member.token);
    const put = await chat.server.request('PUT', '/api/admin/provider-keys/openai', {
      token: admin.token,
      body: { apiKey: ADMIN_KEY, baseUrl: chat.fake.baseUrl('openai') },
    });
    expect(put.body).toMatchObject({ source: 'admin', last4: 'ABCD' });
    await chat.send(sessionId, { content: 'hi', model: 'gpt-4.1-nano' }, { token: member.token });
    expect(chat.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ADMIN_KEY}`);

    await chat.server.request('DELETE', '/api/admin/provider-keys/openai', { token: admin.token });
    await chat.send(sessionId, { content: 'hi again', model: 'gpt-4.1-nano' }, { token: member.token });
    expect(chat.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SERVER_KEYS.openai}`);
    const list = await chat.server.request('GET', '/api/admin/provider-keys', { token: admin.token });
    expect(list.body.items[0]).toMatchObject({ provider: 'openai', source: 'environment' });
  });

  it('keeps the key sealed at rest and out of the logs and the audit trail', async () => {
    await chat.server.request('PUT', '/api/admin/provider-keys/perplexity', {
      token: admin.token,
      body: { apiKey: 'pplx-admin-secretsecretsecret-9876' },
    });
    await chat.server.request('DELETE', '/api/admin/provider-keys/perplexity', { token: admin.token });
    await chat.server.request('PUT', '/api/admin/provider-keys/perplexity', {
      token: admin.token,
      body: { apiKey: 'pplx-admin-secretsecretsecret-9876' },
    });
    const rows = await chat.server.database.db.selectFrom('settings').selectAll().execute();
    const stored = rows.find((row) => row.key.endsWith('server-api-key:perplexity'));
    expect(stored?.value).toContain('"last4":"9876"');
    expect(JSON.stringify(rows)).not.toContain('secretsecretsecret');
    expect(chat.server.logs.join('\n')).not.toContain('secretsecretsecret');

    const audit = await chat.server.request('GET', '/api/admin/audit?event=server_api_key_set', {
      token: admin.token,
    });
    const deleted = await chat.server.request('GET', '/api/admin/audit?event=server_api_key_deleted', {
      token: admin.token,
    });
    const perplexity = (reply: typeof audit) =>
      reply.body.items.filter((entry: any) => entry.details?.provider === 'perplexity');
    expect(perplexity(audit)).toHaveLength(2);
    expect(perplexity(deleted)).toHaveLength(1);
    expect(perplexity(audit)[0]).toMatchObject({ actorId: admin.user.id, outcome: 'success' });
    expect(JSON.stringify(audit.body)).not.toContain('secretsecretsecret');
    await chat.server.request('DELETE', '/api/admin/provider-keys/perplexity', { token: admin.token });
  });

  it('never sends the server key to a base URL a user chose', async () => {
    const put = await chat.server.request('PUT', '/api/admin/provider-keys/openai-compatible', {
      token: admin.token,
      body: { apiKey: COMPAT_KEY, baseUrl: chat.fake.baseUrl('openai-compatible') },
    });
    expect(put.status).toBe(200);
    // Without a key of their own, the member is served by the server's key at the admin's URL.
    expect(await modelsOf(member.token)).toContainEqual(
      expect.objectContaining({ id: 'llama3.2:3b', keySource: 'server' }),
    );
    expect(chat.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${COMPAT_KEY}`);

    // Their own server (a base URL, no key): the server key must not follow them there.
    const own = await chat.server.request('PUT', '/api/settings/api-keys/openai-compatible', {
      token: member.token,
      body: { baseUrl: chat.fake.baseUrl('openai-compatible') },
    });
    expect(own.status).toBe(200);
    chat.fake.reset();
    expect(await modelsOf(member.token)).toContainEqual(
      expect.objectContaining({ id: 'llama3.2:3b', keySource: 'user' }),
    );
    const sessionId = await chat.session(member.token);
    const answer = await chat.send(sessionId, { content: 'hi', model: 'llama3.2:3b' }, { token: member.token });
    expect(answer.events.find((event) => event.event === 'meta')?.data).toMatchObject({
      provider: 'openai-compatible',
    });
    const test = await chat.server.request('POST', '/api/providers/openai-compatible/test', { token: member.token });
    expect(test.body).toMatchObject({ ok: true, source: 'user' });

    const compat = chat.fake.requests.filter((request) => request.provider === 'openai-compatible');
    expect(compat.map((request) => request.path)).toEqual(
      expect.arrayContaining(['/compat/v1/models', '/compat/v1/chat/completions']),
    );
    for (const request of compat) {
      expect(request.headers.authorization, request.path).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(COMPAT_KEY);
    }
    await chat.server.request('DELETE', '/api/settings/api-keys/openai-compatible', { token: member.token });
    await chat.server.request('DELETE', '/api/admin/provider-keys/openai-compatible', { token: admin.token });
  });

  it('tests the server credentials, not the admin’s own key, and names a rejected key', async () => {
    await chat.server.request('PUT', '/api/settings/api-keys/anthropic', {
      token: admin.token,
      body: { apiKey: 'sk-ant-admins-own-key-1234' },
    });
    const missing = await chat.server.request('POST', '/api/admin/provider-keys/anthropic/test', {
      token: admin.token,
    });
    expect(missing.status).toBe(409);
    expect(missing.body.code).toBe('provider_not_configured');

    const ok = await chat.server.request('POST', '/api/admin/provider-keys/openai/test', { token: admin.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ provider: 'openai', ok: true, source: 'environment', models: [expect.any(String)] });
    expect(chat.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SERVER_KEYS.openai}`);

    await chat.server.request('PUT', '/api/admin/provider-keys/anthropic', {
      token: admin.token,
      body: { apiKey: 'bad-key-from-the-admin-5678', baseUrl: chat.fake.baseUrl('anthropic') },
    });
    const rejected = await chat.server.request('POST', '/api/admin/provider-keys/anthropic/test', {
      token: admin.token,
    });
    expect(rejected.status).toBe(400);
    expect(rejected.body.code).toBe('provider_auth_failed');
    expect(rejected.text).not.toContain('bad-key-from');
    expect(chat.fake.requests.at(-1)?.headers['x-api-key']).toBe('bad-key-from-the-admin-5678');
    await chat.server.request('DELETE', '/api/admin/provider-keys/anthropic', { token: admin.token });
    await chat.server.request('DELETE', '/api/settings/api-keys/anthropic', { token: admin.token });
  });
});
