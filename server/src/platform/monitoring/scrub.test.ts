import { describe, expect, it } from 'vitest';
import { REDACTED } from '../logger.js';
import { CIRCULAR, TRUNCATED, maskText, scrub } from './scrub.js';

describe('scrubbing what goes to the error tracker', () => {
  it.each([
    ['a JSON body held as text', '{"email":"a@b.test","password":"hunter2 with spaces"}', 'hunter2'],
    ['a query string', '/x?page=2&access_token=abc123&api_key=zzz999', 'abc123'],
    ['a form body', 'user=ann&password=s3cret!&remember=1', 's3cret'],
    ['a basic authorization header in text', 'Authorization: Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
    ['a provider key in a message', 'invalid key sk-proj-AbCdEf0123456789', 'AbCdEf0123456789'],
  ])('masks %s', (_name, text, secret) => {
    const masked = maskText(text);
    expect(masked).toContain(REDACTED);
    expect(masked).not.toContain(secret);
  });

  it('keeps the text around a masked value', () => {
    expect(maskText('GET /x?token=abc&page=2')).toBe(`GET /x?token=${REDACTED}&page=2`);
    expect(maskText('{"password":"x y","note":"kept"}')).toBe(`{"password":"${REDACTED}","note":"kept"}`);
  });

  it('keeps token counts, which are not credentials', () => {
    expect(maskText('maxOutputTokens: 4096')).toBe('maxOutputTokens: 4096');
    expect(scrub({ inputTokens: 12, refreshToken: 'abc', nested: { outputTokens: 3 } })).toEqual({
      inputTokens: 12,
      refreshToken: REDACTED,
      nested: { outputTokens: 3 },
    });
  });

  it('masks secret fields and name/value tuples at any depth', () => {
    const event = {
      request: {
        headers: { authorization: 'Bearer x', Cookie: 'sid=1', 'x-api-key': 'k', accept: '*/*' },
        query_string: [
          ['token', 'abc'],
          ['page', '2'],
        ],
      },
      extra: { a: { b: { c: { d: { note: 'pplx-abcdefghijkl here' } } } } },
    };
    expect(scrub(event)).toEqual({
      request: {
        headers: { authorization: REDACTED, Cookie: REDACTED, 'x-api-key': REDACTED, accept: '*/*' },
        query_string: [
          ['token', REDACTED],
          ['page', '2'],
        ],
      },
      extra: { a: { b: { c: { d: { note: `${REDACTED} here` } } } } },
    });
  });

  it('cuts cycles and bounds depth instead of sending what it did not walk', () => {
    const cyclic: Record<string, unknown> = { name: 'loop', password: 'p' };
    cyclic.self = cyclic;
    expect(scrub(cyclic)).toEqual({ name: 'loop', password: REDACTED, self: CIRCULAR });

    let deep: Record<string, unknown> = { secret: 'bottom' };
    for (let level = 0; level < 50; level++) deep = { next: deep };
    expect(JSON.stringify(scrub(deep))).toContain(TRUNCATED);
    expect(JSON.stringify(scrub(deep))).not.toContain('bottom');
  });

  it('walks a shared object many times over without blowing up', () => {
    // A diamond graph: naive recursion would visit 2^40 nodes.
    let node: Record<string, unknown> = { key: 'sk-abcdefghijklmnop' };
    for (let level = 0; level < 40; level++) node = { left: node, right: node };
    const started = Date.now();
    const text = JSON.stringify(scrub(node));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(text).not.toContain('sk-abcdefghijklmnop');
  });
});
