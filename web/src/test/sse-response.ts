// Responses that stream Server-Sent Events chunk by chunk, optionally breaking like a dropped
// connection after the last chunk, or holding the last chunk back (an answer still being written).
export function sseResponse(
  chunks: string[],
  options: { breakAtEnd?: boolean; headers?: Record<string, string>; holdLast?: Promise<unknown> } = {},
) {
  const encoder = new TextEncoder();
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index === chunks.length - 1) await options.holdLast;
      const chunk = chunks[index++];
      if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
      else if (options.breakAtEnd) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream', ...options.headers } });
}

export const sseEvent = (id: number | undefined, event: string, data: unknown) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
