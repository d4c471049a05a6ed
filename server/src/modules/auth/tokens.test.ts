import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS, createAccessTokens } from './tokens.js';

const SECRET = 'example-secret-key-for-the-token-tests-00';

describe('access tokens', () => {
  afterEach(() => vi.useRealTimers());

  it('verifies a token it signed, again and again, with the same claims', async () => {
    const tokens = createAccessTokens(SECRET);
    const token = await tokens.sign({ userId: 'u1', role: 'admin' });
    expect(await tokens.verify(token)).toEqual({ userId: 'u1', role: 'admin' });
    expect(await tokens.verify(token)).toEqual({ userId: 'u1', role: 'admin' });
  });

  it('refuses a token once it expired, also one verified before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = createAccessTokens(SECRET);
    const token = await tokens.sign({ userId: 'u1', role: 'user' });
    await tokens.verify(token);
    vi.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'token_expired', statusCode: 401 });
  });

  it('refuses a token signed with another key or altered, also after a valid one was verified', async () => {
    const tokens = createAccessTokens(SECRET);
    const other = createAccessTokens(`${SECRET}-other`);
    const token = await tokens.sign({ userId: 'u1', role: 'user' });
    await tokens.verify(token);
    await expect(tokens.verify(await other.sign({ userId: 'u1', role: 'admin' }))).rejects.toMatchObject({
      code: 'invalid_token',
    });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u1', role: 'admin' })).toString('base64url');
    await expect(tokens.verify(`${header}.${forged}.${signature}`)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
