import { describe, expect, it } from 'vitest';
import { createTokenCoalescer } from './token-coalescer.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('token coalescer', () => {
  it('sends the tokens of one burst as one event with the whole text', async () => {
    const sent: string[] = [];
    const tokens = createTokenCoalescer(async (text) => void sent.push(text));
    for (const token of ['Hel', 'lo', ', ', 'world']) tokens.push(token);
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual(['Hello, world']);
  });

  it('sends a token that arrives alone in the same turn of the event loop', async () => {
    const sent: string[] = [];
    const tokens = createTokenCoalescer(async (text) => void sent.push(text));
    tokens.push('first');
    await nextTurn();
    tokens.push('second');
    await nextTurn();
    expect(sent).toEqual(['first', 'second']);
  });

  it('gathers text behind an append in flight and keeps the order', async () => {
    const sent: string[] = [];
    let release!: () => void;
    const tokens = createTokenCoalescer(async (text) => {
      sent.push(text);
      if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    tokens.push('a');
    await nextTurn();
    tokens.push('b');
    await nextTurn();
    tokens.push('c');
    await nextTurn();
    expect(sent).toEqual(['a']);
    release();
    await tokens.flush();
    expect(sent).toEqual(['a', 'bc']);
  });

  it('flush sends what is pending at once and reports a failed append', async () => {
    const sent: string[] = [];
    const tokens = createTokenCoalescer(async (text) => {
      if (text === 'bad') throw new Error('log unavailable');
      sent.push(text);
    });
    tokens.push('ok');
    await tokens.flush();
    expect(sent).toEqual(['ok']);
    tokens.push('bad');
    await expect(tokens.flush()).rejects.toThrow('log unavailable');
    expect(() => tokens.push('more')).toThrow('log unavailable');
  });
});
