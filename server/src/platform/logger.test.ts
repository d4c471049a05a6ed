import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED, loggerOptions, maskSecrets, redact } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { log: pino(loggerOptions('info'), stream), lines };
}

describe('secret masking in logs', () => {
  it.each([
    ['an OpenAI key', 'key sk-proj-AbCdEf0123456789xyz used'],
    ['an Anthropic key', 'sk-ant-api03-AbCdEf0123456789'],
    ['a Perplexity key', 'pplx-0123456789abcdef'],
    ['a bearer token', 'Authorization: Bearer abc.def.ghi'],
    ['a GitHub token', 'ghp_0123456789abcdefghijABCDEFGHIJ'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
  ])('masks %s inside text', (_name, text) => {
    const masked = maskSecrets(text);
    expect(masked).toContain(REDACTED);
    expect(masked).not.toMatch(/0123456789|abc\.def|c2lnbmF0dXJl/);
  });

  it('masks fields by name at any depth and key-shaped values anywhere', () => {
    expect(
      redact({
        user: { password: 'hunter22', profile: { apiKey: 'x' } },
        note: 'uses sk-abcdefghijkl',
        list: ['pplx-abcdefgh'],
      }),
    ).toEqual({
      user: { password: REDACTED, profile: { apiKey: REDACTED } },
      note: `uses ${REDACTED}`,
      list: [REDACTED],
    });
  });

  it('masks the message, fields and errors of a real log line', () => {
    const { log, lines } = capture();
    log.info(
      { headers: { authorization: 'Bearer sk-live-123456789' }, cookie: 'sid=1' },
      'calling with sk-abcdef123456',
    );
    log.error({ err: new Error('provider said: invalid key sk-ant-api03-zzzzzzzzzz') }, 'failed');
    const output = lines.join('');
    expect(output).not.toMatch(/sk-live|sk-abcdef|zzzzzzzzzz|sid=1/);
    const errorLine = JSON.parse(lines[1]!);
    expect(errorLine.err.type).toBe('Error');
    expect(errorLine.err.stack).toContain('logger.test.ts');
  });
});
