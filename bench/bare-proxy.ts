// The floor any gateway can reach: a bare pass-through proxy, node:http in front and
// `undici.request` behind, no auth, no parsing, no persistence. Run as its own process by
// bench/stream.ts with UPSTREAM=http://127.0.0.1:<fake port>. With PARSE=1 it also does the
// least a gateway that keeps the answer must: parse every SSE event (eventsource-parser) and its
// JSON, and gather the text, still passing the bytes through unchanged.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';
import { onParentMessage, sendToParent } from './ipc.js';

const UPSTREAM = process.env.UPSTREAM ?? 'http://127.0.0.1:1';
const PARSE = process.env.PARSE === '1';
const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: null, pipelining: 1 });

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

let open = 0;
let served = 0;
/** Characters of text gathered (PARSE=1), so that the parsing is not optimised away. */
let gathered = 0;

const server = createServer(async (req, res) => {
  open++;
  served++;
  const upstream = new AbortController();
  res.once('close', () => {
    open--;
    upstream.abort();
  });
  try {
    // The (small JSON) body is read first and sent with the headers in one write, as gateways do.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await request(UPSTREAM + req.url, {
      method: req.method as 'POST',
      headers: forwardable(req.headers),
      body: chunks.length ? Buffer.concat(chunks) : undefined,
      signal: upstream.signal,
      dispatcher,
    });
    res.writeHead(answer.statusCode, forwardable(answer.headers));
    let text = '';
    const parser = PARSE
      ? createParser({
          onEvent: ({ data }) => {
            if (data === '[DONE]') return;
            const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }> };
            text += chunk.choices?.[0]?.delta?.content ?? '';
          },
        })
      : undefined;
    const decoder = new StringDecoder('utf8');
    answer.body.on('data', (chunk: Buffer) => {
      parser?.feed(decoder.write(chunk));
      if (!res.write(chunk)) {
        answer.body.pause();
        res.once('drain', () => answer.body.resume());
      }
    });
    answer.body.once('end', () => {
      gathered += text.length;
      res.end();
    });
    answer.body.once('error', () => res.destroy());
  } catch {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  }
});
server.keepAliveTimeout = 30_000;

server.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, () => {
  sendToParent({ type: 'ready', port: (server.address() as AddressInfo).port, pid: process.pid });
});

onParentMessage((message) =>
  message.type === 'stats' ? { type: 'stats', memory: process.memoryUsage(), open, served, gathered } : undefined,
);
