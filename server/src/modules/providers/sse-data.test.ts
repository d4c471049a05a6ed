import { createParser } from 'eventsource-parser';
import { describe, expect, it, vi } from 'vitest';
import { sseDataReader } from './sse-data.js';

vi.mock('eventsource-parser', async (original) => {
  const actual = await original<typeof import('eventsource-parser')>();
  return { ...actual, createParser: vi.fn(actual.createParser) };
});

/** What eventsource-parser gives for the stream fed in these pieces. */
function reference(pieces: string[]) {
  const data: string[] = [];
  const parser = createParser({ onEvent: (event) => data.push(event.data) });
  for (const piece of pieces) parser.feed(piece);
  return data;
}

function ours(pieces: string[]) {
  const data: string[] = [];
  const feed = sseDataReader((text) => data.push(text));
  for (const piece of pieces) feed(piece);
  return data;
}

const chunk = (text: string) => `data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\n`;
const plain = [chunk('Hello'), chunk(' wor\nld'), chunk('! data: \n\n'), 'data: [DONE]\n\n'].join('');

const streams: Record<string, string> = {
  'plain OpenAI frames': plain,
  'a comment first (a keep-alive)': `: ping\n\n${plain}`,
  'a comment later': `${chunk('a')}: ping\n\n${chunk('b')}`,
  'crlf line ends': plain.replaceAll('\n\n', '\r\n\r\n'),
  'cr line ends': plain.replaceAll('\n\n', '\r\r'),
  'a byte order mark': `\uFEFF${plain}`,
  'named events and ids': `event: message\nid: 7\ndata: {"a":1}\n\n${chunk('x')}`,
  'data over two lines': `${chunk('x')}data: {"a":\ndata: 1}\n\n${chunk('y')}`,
  'data without the space': `${chunk('x')}data:{"a":1}\n\n${chunk('y')}`,
  'empty data': `${chunk('x')}data: \n\n${chunk('y')}`,
  'an event without data': `${chunk('x')}retry: 1000\n\n${chunk('y')}`,
  'an unfinished last event': `${chunk('x')}data: {"cut`,
  'blank lines between events': `${chunk('x')}\n\n\n${chunk('y')}`,
};

describe('sseDataReader', () => {
  for (const [name, text] of Object.entries(streams)) {
    it(`gives what eventsource-parser gives: ${name}, split at every point`, () => {
      const whole = reference([text]);
      expect(whole.length).toBeGreaterThan(0);
      expect(ours([text])).toEqual(whole);
      for (let cut = 1; cut < text.length; cut++) {
        expect(ours([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
      }
      // A character per read, the worst case for a splitter.
      expect(ours([...text])).toEqual(whole);
    });
  }

  it('reads plain frames without eventsource-parser, and hands over at the first other event', () => {
    const data: string[] = [];
    const feed = sseDataReader((text) => data.push(text));
    vi.mocked(createParser).mockClear();
    feed(plain);
    expect(data.at(-1)).toBe('[DONE]');
    expect(createParser).not.toHaveBeenCalled();
    feed(': ping\n\n');
    feed(chunk('more'));
    expect(createParser).toHaveBeenCalledTimes(1);
    expect(data).toEqual(reference([plain, ': ping\n\n', chunk('more')]));
  });
});
