// A local stand-in for Sentry's ingest endpoint. A DSN pointing at it
// (`http://publickey@127.0.0.1:PORT/1`) makes the real SDK send its real envelopes here, where
// tests parse them: the envelope header, then items, each a JSON header and a payload.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface EnvelopeItem {
  header: { type: string; length?: number; [key: string]: unknown };
  payload: any;
}

export interface Envelope {
  path: string;
  /** The body as received (after gzip), to search for anything that must not be there. */
  raw: string;
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

export function parseEnvelope(body: Buffer, path = ''): Envelope {
  let offset = 0;
  const line = () => {
    const end = body.indexOf(0x0a, offset);
    const text = body.subarray(offset, end === -1 ? body.length : end).toString('utf8');
    offset = end === -1 ? body.length : end + 1;
    return text;
  };
  const header = JSON.parse(line()) as Record<string, unknown>;
  const items: EnvelopeItem[] = [];
  while (offset < body.length) {
    const text = line();
    if (text.trim() === '') continue;
    const itemHeader = JSON.parse(text) as EnvelopeItem['header'];
    let payloadText: string;
    if (typeof itemHeader.length === 'number') {
      payloadText = body.subarray(offset, offset + itemHeader.length).toString('utf8');
      offset += itemHeader.length + 1;
    } else {
      payloadText = line();
    }
    let payload: unknown = payloadText;
    try {
      payload = JSON.parse(payloadText);
    } catch {
      // an attachment or another non-JSON item: keep the text
    }
    items.push({ header: itemHeader, payload });
  }
  return { path, raw: body.toString('utf8'), header, items };
}

// The server runs in a worker thread: in this process the SDK instruments node:http, and would
// trace (and report) its own deliveries to an in-process server, endlessly.
const INGEST_SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const { gunzipSync } = require('node:zlib');
const server = createServer(async (request, response) => {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  let body = Buffer.concat(chunks);
  if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
  parentPort.postMessage({ path: request.url, body });
  response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

export async function startFakeSentry() {
  const envelopes: Envelope[] = [];
  const worker = new Worker(INGEST_SERVER, { eval: true });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { port?: number; path?: string; body?: Uint8Array }) => {
      if (message.port) resolve(message.port);
      else if (message.body) envelopes.push(parseEnvelope(Buffer.from(message.body), message.path));
    });
  });

  const itemsOf = (type: string) =>
    envelopes.flatMap((envelope) =>
      envelope.items.filter((item) => item.header.type === type).map((item) => item.payload),
    );

  return {
    dsn: `http://publickey@127.0.0.1:${port}/1`,
    envelopes,
    /** Error events (exceptions and messages), in arrival order. */
    events: () => itemsOf('event'),
    transactions: () => itemsOf('transaction'),
    /** Everything received so far, as text. */
    allText: () => envelopes.map((envelope) => envelope.raw).join('\n'),
    async waitForEvent(matches: (event: any) => boolean, timeoutMs = 10_000): Promise<any> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = itemsOf('event').find(matches);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('the expected Sentry event never arrived');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

export type FakeSentry = Awaited<ReturnType<typeof startFakeSentry>>;
