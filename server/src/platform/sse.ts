// Server-Sent Events over a hijacked Fastify reply: each event with its id, heartbeat comments
// so proxies keep idle streams open, and back-pressure (a slow client pauses the writer instead
// of growing a buffer). The signal aborts when the client goes away.
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { RunEvent } from './run-events.js';

export interface SseEvent {
  id?: number | string;
  event?: string;
  data: unknown;
}

export const HEARTBEAT_MS = 15_000;

export function openSse(
  request: FastifyRequest,
  reply: FastifyReply,
  controller = new AbortController(),
  heartbeatMs = HEARTBEAT_MS,
) {
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.flushHeaders();
  const heartbeat = setInterval(() => raw.write(': ping\n\n'), heartbeatMs);
  const gone = () => {
    clearInterval(heartbeat);
    controller.abort('client disconnected');
  };
  raw.on('close', gone);
  request.raw.on('aborted', gone);

  const write = async (chunk: string) => {
    if (controller.signal.aborted || raw.writableEnded) return;
    if (!raw.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          raw.off('drain', done);
          controller.signal.removeEventListener('abort', done);
          resolve();
        };
        raw.once('drain', done);
        controller.signal.addEventListener('abort', done, { once: true });
      });
    }
  };

  return {
    signal: controller.signal,
    send(event: SseEvent) {
      const id = event.id === undefined ? '' : `id: ${event.id}\n`;
      const name = event.event ? `event: ${event.event}\n` : '';
      const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
      return write(`${id}${name}data: ${data}\n\n`);
    },
    end() {
      clearInterval(heartbeat);
      raw.off('close', gone);
      if (!raw.writableEnded) raw.end();
    },
  };
}

/** The querystring of an events route: `?after=` for clients that cannot send Last-Event-ID. */
export const ResumeQuery = Type.Object(
  { after: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);

/** How an events route documents its 200 answer. */
export const EventStreamReply = Type.String({ description: 'text/event-stream' });

/** Where a reconnecting client resumes: the Last-Event-ID header, else `?after=`, else the start. */
export function lastEventId(request: FastifyRequest, query: { after?: number }): number {
  const header = request.headers['last-event-id'];
  const fromHeader = typeof header === 'string' ? Number.parseInt(header, 10) : Number.NaN;
  return Number.isFinite(fromHeader) && fromHeader >= 0 ? fromHeader : (query.after ?? 0);
}

/**
 * Pipes a run's events to the client; the run itself goes on if the client leaves. The events
 * are opened (and so checked) before the stream starts, so refusals are ordinary problem+json.
 * Events with id 0 (synthesised from stored results) carry no id.
 */
export async function relayEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  open: (signal: AbortSignal) => Promise<AsyncIterable<RunEvent>>,
) {
  const controller = new AbortController();
  const events = await open(controller.signal);
  const sse = openSse(request, reply, controller);
  try {
    for await (const event of events) {
      await sse.send({ ...(event.id > 0 ? { id: event.id } : {}), event: event.event, data: event.data });
    }
  } catch (error) {
    request.log.error({ err: error }, 'event stream failed');
    await sse.send({
      event: 'error',
      data: { code: 'stream_failed', detail: 'the event stream broke; reconnect with Last-Event-ID' },
    });
  } finally {
    sse.end();
  }
}
