import { describe, expect, it } from 'vitest';
import { sseResponse } from '@/test/sse-response';
import { createSseParser, readSse, type SseMessage } from './sse';

const parseAll = (chunks: string[]) => {
  const messages: SseMessage[] = [];
  const parser = createSseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return messages;
};

describe('the SSE parser', () => {
  it('reads events split anywhere across chunks, with any line ending', () => {
    const stream = 'id: 1\r\nevent: token\r\ndata: {"text":"He"}\r\n\r\nid: 2\nevent: token\ndata: {"text":"llo"}\n\n';
    for (let cut = 1; cut < stream.length; cut++) {
      const messages = parseAll([stream.slice(0, cut), stream.slice(cut)]);
      expect(messages, `cut at ${cut}`).toEqual([
        { id: '1', event: 'token', data: '{"text":"He"}' },
        { id: '2', event: 'token', data: '{"text":"llo"}' },
      ]);
    }
  });

  it('ignores heartbeat comments and joins multi-line data', () => {
    expect(parseAll([': ping\n\n', 'data: one\ndata: two\n\n', 'data:no-space\r\r'])).toEqual([
      { id: undefined, event: 'message', data: 'one\ntwo' },
      { id: undefined, event: 'message', data: 'no-space' },
    ]);
  });

  it('drops an event cut off before its closing blank line', () => {
    expect(parseAll(['id: 1\nevent: token\ndata: {"text":"whole"}\n\nid: 2\nevent: token\ndata: {"te'])).toHaveLength(
      1,
    );
  });

  it('yields the events of a streamed response as they arrive', async () => {
    const response = sseResponse(['id: 1\nevent: meta\nda', 'ta: {}\n\nid: 2\nevent: done\ndata: {}\n\n']);
    const seen: string[] = [];
    for await (const message of readSse(response.body!)) seen.push(`${message.id}:${message.event}`);
    expect(seen).toEqual(['1:meta', '2:done']);
  });
});
