// Server-Sent Events over a hijacked Fastify reply: each event with its id, heartbeat comments
// so proxies keep idle streams open, and back-pressure (a slow client pauses the writer instead
// of growing a buffer). The signal aborts when the client goes away.
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { RunEvent, RunEventListener, RunFollow } from './run-events.js';

export interface SseEvent {
  id?: number | string;
  event?: string;
  data: unknown;
}

export const HEARTBEAT_MS = 15_000;

/** Takes the reply over and sets the event stream's head (sent with the first write or flush). */
function writeStreamHead(reply: FastifyReply) {
  reply.hijack();
  reply.raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
}

const eventText = (event: SseEvent) =>
  `${event.id === undefined ? '' : `id: ${event.id}\n`}${event.event ? `event: ${event.event}\n` : ''}data: ${
    typeof event.data === 'string' ? event.data : JSON.stringify(event.data)
  }\n\n`;

const STREAM_FAILED = {
  event: 'error',
  data: { code: 'stream_failed', detail: 'the event stream broke; reconnect with Last-Event-ID' },
};

export function openSse(
  request: FastifyRequest,
  reply: FastifyReply,
  controller = new AbortController(),
  heartbeatMs = HEARTBEAT_MS,
) {
  const raw = reply.raw;
  writeStreamHead(reply);
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
      return write(eventText(event));
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
    await sse.send(STREAM_FAILED);
  } finally {
    sse.end();
  }
}

/**
 * Relays a run's events as the log pushes them (RunEventLog.follow): the events of one batch leave
 * in one write, the first with the response head, and the log waits while the client is slow. An
 * idle stream holds its listener and little else. The run goes on if the client leaves.
 */
export function relayRun(
  request: FastifyRequest,
  reply: FastifyReply,
  follow: (listener: RunEventListener) => RunFollow,
  heartbeatMs = HEARTBEAT_MS,
) {
  const raw = reply.raw;
  writeStreamHead(reply);
  // Assigned once follow() returns; the listener may end the stream before that.
  let following: RunFollow | undefined = undefined;
  let open = true;
  const heartbeat = setInterval(() => raw.write(': ping\n\n'), heartbeatMs);
  const close = () => {
    open = false;
    clearInterval(heartbeat);
    raw.off('close', close);
    raw.off('drain', drained);
    following?.stop();
  };
  const drained = () => following?.resume();
  raw.on('close', close);
  raw.on('drain', drained);
  // The head and what the log has now (the chat's meta event) leave in one write. Flushed rather
  // than sent with the first event: a written head is flattened, one sent along is kept as the
  // tree of strings it was built from, for as long as the stream lasts.
  const socket = raw.socket;
  socket?.cork();
  raw.flushHeaders();
  following = follow({
    events(batch) {
      if (!open) return true;
      let text = '';
      for (const event of batch) text += eventText(event);
      return raw.write(text);
    },
    end(error) {
      if (!open) return;
      close();
      if (error) request.log.error({ err: error }, 'event stream failed');
      // After the final event in the same tick: the socket is still corked, so they share one write.
      raw.end(error ? eventText(STREAM_FAILED) : undefined);
    },
  });
  if (!open) following.stop();
  socket?.uncork();
}
