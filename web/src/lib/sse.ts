// A Server-Sent Events parser for fetch streams (EventSource cannot send an Authorization
// header). Follows the WHATWG event-stream rules: lines end in \n, \r\n or \r; "data" lines
// join with \n; comment lines (": ping") are ignored; a blank line dispatches the event.

export interface SseMessage {
  /** The event's own id line, if it had one (the id to resume after with Last-Event-ID). */
  id: string | undefined;
  event: string;
  data: string;
}

export function createSseParser(onMessage: (message: SseMessage) => void) {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let sawField = false;

  const dispatch = () => {
    if (sawField && data.length > 0) onMessage({ id, event: event || 'message', data: data.join('\n') });
    data = [];
    event = '';
    id = undefined;
    sawField = false;
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    sawField = true;
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  };

  return {
    feed(chunk: string) {
      buffer += chunk;
      let start = 0;
      for (let index = 0; index < buffer.length; index++) {
        const char = buffer[index];
        if (char !== '\n' && char !== '\r') continue;
        // A \r at the very end may be the first half of \r\n: wait for the next chunk.
        if (char === '\r' && index === buffer.length - 1) break;
        line(buffer.slice(start, index));
        if (char === '\r' && buffer[index + 1] === '\n') index++;
        start = index + 1;
      }
      buffer = buffer.slice(start);
    },
    /** The stream ended: an event without its closing blank line is incomplete and dropped. */
    end() {
      // A trailing \r held back for a possible \n ends its line after all.
      if (buffer.endsWith('\r')) line(buffer.slice(0, -1));
      buffer = '';
      data = [];
      sawField = false;
    },
  };
}

/** The events of a response body, as they arrive. */
export async function* readSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const queue: SseMessage[] = [];
  const parser = createSseParser((message) => queue.push(message));
  const cancel = () => {
    void reader.cancel().catch(() => undefined);
  };
  let finished = false;
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        parser.feed(decoder.decode());
        parser.end();
        yield* queue.splice(0);
        return;
      }
      parser.feed(decoder.decode(value, { stream: true }));
      yield* queue.splice(0);
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    // The reader stopped early (a final event, or an error): close the connection.
    if (!finished) cancel();
  }
}
