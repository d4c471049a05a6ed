// A minimal Server-Sent Events reader for tests: parses `id`, `event` and `data` lines from a
// real HTTP response body, as a browser's EventSource would.
export interface ParsedEvent {
  id?: string;
  event: string;
  data: any;
}

export async function* readSse(response: Response): AsyncGenerator<ParsedEvent> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let boundary: number;
      while ((boundary = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event: ParsedEvent = { event: 'message', data: undefined };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length === 0) continue;
        const text = data.join('\n');
        try {
          event.data = JSON.parse(text);
        } catch {
          event.data = text;
        }
        yield event;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Reads every event until the stream ends (or `stopAfter` events, then drops the connection). */
export async function collectSse(response: Response, stopAfter?: number, controller?: AbortController) {
  const events: ParsedEvent[] = [];
  try {
    for await (const event of readSse(response)) {
      events.push(event);
      if (stopAfter !== undefined && events.length >= stopAfter) {
        controller?.abort();
        break;
      }
    }
  } catch (error) {
    if (!controller?.signal.aborted) throw error;
  }
  return events;
}

export const textOf = (events: ParsedEvent[]) =>
  events
    .filter((event) => event.event === 'token')
    .map((event) => event.data.text as string)
    .join('');
