import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/services.js';
import { memoryCounters } from '../src/platform/counters.js';
import { registerAndLogin, startTestApp, type TestApp } from './support/app.js';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789WXYZ';

describe('per-user provider API keys', () => {
  let server: TestApp;
  let owner: Awaited<ReturnType<typeof registerAndLogin>>;
  beforeAll(async () => {
    server = await startTestApp();
    owner = await registerAndLogin(server);
  });
  afterAll(() => server.close());

  it('stores a key and only ever shows its last 4 characters', async () => {
    const put = await server.request('PUT', '/api/settings/api-keys/openai', {
      token: owner.token,
      body: { apiKey: KEY },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ provider: 'openai', configured: true, last4: 'WXYZ' });
    const get = await server.request('GET', '/api/settings/api-keys/openai', { token: owner.token });
    const list = await server.request('GET', '/api/settings/api-keys', { token: owner.token });
    for (const reply of [put, get, list]) expect(reply.text).not.toContain(KEY.slice(0, 20));
    expect(list.body.items).toContainEqual(expect.objectContaining({ provider: 'anthropic', configured: false }));
  });

  it('keeps the key encrypted at rest, bound to its owner, and decrypts it just in time', async () => {
    const row = await server.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('user_id', '=', owner.user.id)
      .executeTakeFirstOrThrow();
    expect(row.ciphertext).not.toContain(KEY.slice(3, 20));
    expect(Buffer.from(row.ciphertext, 'base64').toString('latin1')).not.toContain(KEY.slice(3, 20));
    expect(row.key_id).toMatch(/^[0-9a-f]{16}$/);

    const services = createServices(
      { config: server.config, database: server.database, counters: memoryCounters(), loopbackOnly: true },
      server.app.log,
    );
    expect(await services.apiKeys.reveal(owner.user.id, 'openai')).toEqual({ apiKey: KEY, baseUrl: null });
    // Moving the ciphertext to another user's row must not decrypt.
    const thief = await registerAndLogin(server, 'thief');
    await server.database.db
      .insertInto('api_keys')
      .values({ ...row, id: 'copied', user_id: thief.user.id })
      .execute();
    await expect(services.apiKeys.reveal(thief.user.id, 'openai')).rejects.toThrow();
  });

  it('never writes the key to the logs', async () => {
    await server.request('PUT', '/api/settings/api-keys/anthropic', {
      token: owner.token,
      body: { apiKey: 'sk-ant-api03-secretsecretsecret-1234' },
    });
    expect(server.logs.join('\n')).not.toContain('secretsecretsecret');
  });

  it('keeps each user to their own keys', async () => {
    const other = await registerAndLogin(server, 'other');
    const reply = await server.request('GET', '/api/settings/api-keys/openai', { token: other.token });
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('api_key_not_found');
  });

  it('replaces and deletes a key, and audits both', async () => {
    await server.request('PUT', '/api/settings/api-keys/perplexity', {
      token: owner.token,
      body: { apiKey: 'pplx-first-key-1111' },
    });
    const replaced = await server.request('PUT', '/api/settings/api-keys/perplexity', {
      token: owner.token,
      body: { apiKey: 'pplx-second-key-2222' },
    });
    expect(replaced.body.last4).toBe('2222');
    expect((await server.request('DELETE', '/api/settings/api-keys/perplexity', { token: owner.token })).status).toBe(
      204,
    );
    expect((await server.request('DELETE', '/api/settings/api-keys/perplexity', { token: owner.token })).status).toBe(
      404,
    );
    const events = await server.database.db
      .selectFrom('audit_log')
      .select(['event', 'details'])
      .where('actor_id', '=', owner.user.id)
      .where('event', 'in', ['api_key_set', 'api_key_deleted'])
      .execute();
    expect(
      events
        .filter((event) => event.details?.includes('perplexity'))
        .map((event) => event.event)
        .sort(),
    ).toEqual(['api_key_deleted', 'api_key_set', 'api_key_set']);
  });

  it('rejects an unknown provider, a key with spaces and an anonymous caller', async () => {
    const unknown = await server.request('PUT', '/api/settings/api-keys/skynet', {
      token: owner.token,
      body: { apiKey: KEY },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/params\/provider/);
    const spaced = await server.request('PUT', '/api/settings/api-keys/openai', {
      token: owner.token,
      body: { apiKey: 'sk-has spaces in it' },
    });
    expect(spaced.status).toBe(400);
    expect((await server.request('GET', '/api/settings/api-keys')).status).toBe(401);
  });
});
