import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo, type LookupFunction } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { createOutboundGuard, type OutboundGuard, type OutboundGuardOptions } from './guard.js';

interface TestServer {
  port: number;
  origin: string;
  connections: number;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok'),
): Promise<TestServer> {
  const server = createServer((req, res) => {
    state.requests.push(req);
    handler(req, res);
  });
  const state: TestServer = {
    port: 0,
    origin: '',
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  cleanups.push(state.close);
  return state;
}

function guard(options: Partial<OutboundGuardOptions> = {}): OutboundGuard {
  const created = createOutboundGuard({
    allowHosts: [],
    lookup: noDns,
    ...options,
  });
  cleanups.push(() => created.close());
  return created;
}

// Answers asynchronously like the real resolver; `answers` gets the 0-based call number.
function fakeLookup(answers: (hostname: string, call: number) => string[]) {
  let calls = 0;
  const lookup: LookupFunction = (hostname, options, callback) => {
    const addresses = answers(hostname, calls++).map((address) => ({
      address,
      family: isIP(address),
    }));
    setImmediate(() => {
      const first = addresses[0];
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), '');
    });
  };
  return Object.assign(lookup, { calls: () => calls });
}

const noDns = fakeLookup((hostname) => {
  throw new Error(`unexpected DNS lookup of ${hostname}`);
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('outbound_url_blocked');
  expect(appError.statusCode).toBe(400);
  return appError;
}

const BLOCKED_LITERALS = [
  'http://127.0.0.1/',
  'http://10.0.0.1/',
  'http://169.254.169.254/latest/meta-data',
  'http://[::1]/',
  'https://127.0.0.1/',
  'https://10.0.0.1/',
  'https://169.254.169.254/latest/meta-data',
  'https://[::1]/',
  'https://[::ffff:127.0.0.1]/',
  'https://[::ffff:7f00:1]/',
  'https://0x7f.1/',
  'https://2130706433/',
  'https://0177.0.0.1/',
  'https://[fd00:ec2::254]/',
  'https://100.100.100.200/',
  'https://192.168.1.1/',
  'https://172.16.0.1/',
  'https://0.0.0.0/',
  'https://[::]/',
  'https://[fe80::1]/',
  'https://255.255.255.255/',
  'https://224.0.0.1/',
  'https://[ff02::1]/',
  'https://198.18.0.1/',
  'https://192.0.2.1/',
  'https://240.0.0.1/',
  'https://[64:ff9b::a00:1]/',
  'https://[2002:c0a8:101::1]/',
  'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  'https://[2001:db8::1]/',
];

describe('check', () => {
  it.each(BLOCKED_LITERALS)('refuses %s without asking DNS', async (url) => {
    await refusal(guard().check(url));
  });

  it('judges the normalised host, so 0x7f.1 is reported as 127.0.0.1', async () => {
    const error = await refusal(guard().check('https://0x7f.1/'));
    expect(error.message).toContain('(127.0.0.1)');
  });

  it('explains in plain words what was wrong and how to fix it', async () => {
    const error = await refusal(guard().check('https://10.0.0.1/'));
    expect(error.message).toBe(
      'https://10.0.0.1/ resolves to a private address (10.0.0.1); ask an admin to allow this host in OUTBOUND_ALLOW_HOSTS',
    );
  });

  it.each(['https://93.184.216.34/v1', 'https://[2606:4700:4700::1111]/', 'https://[64:ff9b::808:808]/'])(
    'accepts the public address %s',
    async (url) => {
      expect((await guard().check(url)).href).toBe(url);
    },
  );

  it('refuses plain http to a public host that is not allowed', async () => {
    const error = await refusal(guard().check('http://93.184.216.34/'));
    expect(error.message).toContain('plain http');
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/', 'gopher://example.com/', 'not a url'])(
    'refuses %s',
    async (url) => {
      await refusal(guard().check(url));
    },
  );

  it('refuses credentials in the URL without repeating them', async () => {
    const error = await refusal(guard().check('https://alice:s3cret@example.com/'));
    expect(error.message).toContain('credentials');
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain('alice');
  });

  it('leaves the query string out of the error detail', async () => {
    const error = await refusal(guard().check('https://10.0.0.1/v1?key=s3cret'));
    expect(error.message).not.toContain('s3cret');
  });

  it('refuses a hostname that resolves to a private address', async () => {
    const lookup = fakeLookup(() => ['10.0.0.1']);
    const error = await refusal(guard({ lookup }).check('https://internal.example/'));
    expect(error.message).toContain('(10.0.0.1)');
    expect(lookup.calls()).toBe(1);
  });

  it('refuses a hostname when any one of its addresses is private', async () => {
    const lookup = fakeLookup(() => ['93.184.216.34', '2606:4700::1', 'fd00:ec2::254']);
    const error = await refusal(guard({ lookup }).check('https://mixed.example/'));
    expect(error.message).toContain('(fd00:ec2::254)');
  });

  it('refuses a hostname that does not resolve', async () => {
    const lookup = fakeLookup(() => []);
    await refusal(guard({ lookup }).check('https://nowhere.example/'));
  });

  it('accepts a hostname whose addresses are all public and returns the normalised URL', async () => {
    const lookup = fakeLookup(() => ['93.184.216.34', '2606:4700::1']);
    const url = await guard({ lookup }).check('HTTPS://API.Example.COM:443/v1');
    expect(url.href).toBe('https://api.example.com/v1');
  });

  it('lets an allowed host use http and a private address without looking it up', async () => {
    const allowed = guard({
      allowHosts: ['localhost:11434', 'ollama.internal', '[::1]:8000', '10.0.0.5:8000'],
    });
    for (const url of [
      'http://localhost:11434/api',
      'http://ollama.internal/',
      'http://ollama.internal:9999/',
      'http://[::1]:8000/',
      'http://10.0.0.5:8000/v1',
    ]) {
      expect((await allowed.check(url)).href).toBe(url);
    }
  });

  it('limits a host:port entry to that port', async () => {
    const allowed = guard({ allowHosts: ['localhost:11434', '[::1]:8000'] });
    await refusal(allowed.check('http://localhost:11435/'));
    await refusal(allowed.check('http://[::1]:8001/'));
  });

  it('answers isAllowedHost for normalised URLs', () => {
    const allowed = guard({ allowHosts: ['Ollama.Internal', '127.0.0.1:80'] });
    expect(allowed.isAllowedHost(new URL('https://ollama.internal:1234/'))).toBe(true);
    expect(allowed.isAllowedHost(new URL('http://2130706433/'))).toBe(true);
    expect(allowed.isAllowedHost(new URL('http://127.0.0.1:81/'))).toBe(false);
    expect(allowed.isAllowedHost(new URL('https://other.internal/'))).toBe(false);
  });

  it.each(['http://ollama.internal', 'ollama.internal/path', '::1', 'user@host', 'host:port'])(
    'rejects the malformed allow-list entry %s when the guard is created',
    (entry) => {
      expect(() => createOutboundGuard({ allowHosts: [entry] })).toThrow(/OUTBOUND_ALLOW_HOSTS/);
    },
  );
});

describe('fetch', () => {
  it('refuses blocked addresses before any connection reaches a local server', async () => {
    const server = await startServer();
    const { fetch } = guard();
    const local = [
      `http://127.0.0.1:${server.port}/`,
      `https://127.0.0.1:${server.port}/`,
      `https://[::ffff:127.0.0.1]:${server.port}/`,
      `https://[::ffff:7f00:1]:${server.port}/`,
      `https://0x7f.1:${server.port}/`,
      `https://2130706433:${server.port}/`,
    ];
    for (const url of [...local, ...BLOCKED_LITERALS]) await refusal(fetch(url));
    expect(server.connections).toBe(0);
  });

  it('refuses plain http to a public host that is not allowed', async () => {
    await refusal(guard().fetch('http://93.184.216.34/'));
  });

  it('refuses credentials in the URL', async () => {
    const server = await startServer();
    const { fetch } = guard({ allowHosts: [`127.0.0.1:${server.port}`] });
    await refusal(fetch(`http://user:pass@127.0.0.1:${server.port}/`));
    expect(server.connections).toBe(0);
  });

  it('checks the address at connect time, so a hostname resolving to a private address is refused', async () => {
    const lookup = fakeLookup(() => ['10.0.0.1']);
    const error = await refusal(guard({ lookup }).fetch('https://internal.example/'));
    expect(error.message).toContain('internal.example resolves to a private address (10.0.0.1)');
    expect(lookup.calls()).toBe(1);
  });

  it('refuses a DNS answer that changes to loopback between check and connect (rebinding)', async () => {
    const server = await startServer();
    const lookup = fakeLookup((_hostname, call) => (call === 0 ? ['93.184.216.34'] : ['127.0.0.1']));
    const { check, fetch } = guard({ lookup });
    const url = `https://rebind.example:${server.port}/`;

    await expect(check(url)).resolves.toBeInstanceOf(URL);
    await refusal(fetch(url));

    expect(lookup.calls()).toBe(2);
    expect(server.connections).toBe(0);
  });

  it('reaches an allow-listed local server over http and streams the body as it arrives', async () => {
    let finish = () => {};
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      finish = () => res.end('data: two\n\n');
    });
    const { fetch } = guard({ allowHosts: [`127.0.0.1:${server.port}`] });

    const response = await fetch(`${server.origin}/stream`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    // The server has not ended the response yet, so this chunk was not buffered.
    expect(decoder.decode(first.value)).toBe('data: one\n\n');
    finish();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += decoder.decode(chunk.value);
    }
    expect(rest).toBe('data: two\n\n');
  });

  it('resolves an allow-listed hostname with the injected lookup', async () => {
    const server = await startServer();
    const lookup = fakeLookup(() => ['127.0.0.1']);
    const { fetch } = guard({ allowHosts: ['ollama.internal'], lookup });
    const response = await fetch(`http://ollama.internal:${server.port}/api/tags`);
    expect(await response.text()).toBe('ok');
    expect(server.requests[0]?.headers.host).toBe(`ollama.internal:${server.port}`);
  });

  it('accepts a Request object, sending its method, headers and body', async () => {
    const server = await startServer((req, res) => req.pipe(res));
    const { fetch } = guard({ allowHosts: [`127.0.0.1:${server.port}`] });
    const request = new Request(`${server.origin}/echo`, {
      method: 'POST',
      headers: { 'x-custom': 'yes' },
      body: 'hello',
    });
    const response = await fetch(request);
    expect(await response.text()).toBe('hello');
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.headers['x-custom']).toBe('yes');
  });

  it('sends a FormData body as multipart', async () => {
    const server = await startServer((req, res) => req.pipe(res));
    const { fetch } = guard({ allowHosts: [`127.0.0.1:${server.port}`] });
    const form = new FormData();
    form.append('model', 'whisper');
    const response = await fetch(`${server.origin}/upload`, {
      method: 'POST',
      body: form,
    });
    expect(server.requests[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(await response.text()).toContain('whisper');
  });

  describe('redirects', () => {
    async function redirectingServer(location: (server: TestServer) => string, status = 302) {
      const server: TestServer = await startServer((req, res) => {
        if (req.url === '/final') return void res.end(JSON.stringify(req.headers));
        res.writeHead(status, { location: location(server) }).end();
      });
      return server;
    }

    it.each([
      ['a not allowed port on the same host', (other: TestServer) => `http://127.0.0.1:${other.port}/`],
      ['another loopback address', (other: TestServer) => `http://127.0.0.2:${other.port}/`],
      ['the cloud metadata address over http', () => 'http://169.254.169.254/latest/meta-data'],
      ['the cloud metadata address over https', () => 'https://169.254.169.254/latest/meta-data'],
      ['a URL with credentials', (other: TestServer) => `http://u:p@127.0.0.1:${other.port}/`],
    ])('refuses a redirect from an allowed host to %s', async (_name, target) => {
      const other = await startServer();
      const server = await redirectingServer(() => target(other));
      const { fetch } = guard({ allowHosts: [`127.0.0.1:${server.port}`] });

      const error = await refusal(fetch(`${server.origin}/start`));
      expect(error.message).toMatch(/^a redirect was refused: /);
      expect(server.requests).toHaveLength(1);
      expect(other.connections).toBe(0);
    });

    it('refuses a redirect to a hostname that resolves to a private address', async () => {
      const server = await redirectingServer(() => 'https://metadata.example/');
      const lookup = fakeLookup(() => ['169.254.169.254']);
      const { fetch } = guard({
        allowHosts: [`127.0.0.1:${server.port}`],
        lookup,
      });
      const error = await refusal(fetch(`${server.origin}/start`));
      expect(error.message).toContain('169.254.169.254');
    });

    it('follows a redirect to another allowed origin and drops credential headers on the way', async () => {
      const target = await redirectingServer(() => '/final');
      const server = await redirectingServer(() => `${target.origin}/final`);
      const { fetch } = guard({ allowHosts: ['127.0.0.1'] });

      const response = await fetch(`${server.origin}/start`, {
        headers: {
          authorization: 'Bearer s3cret',
          'x-api-key': 'k1',
          'api-key': 'k2',
          cookie: 'session=1',
          'x-custom': 'kept',
        },
      });

      expect(response.status).toBe(200);
      const received = (await response.json()) as Record<string, string>;
      expect(received['x-custom']).toBe('kept');
      for (const name of ['authorization', 'x-api-key', 'api-key', 'cookie']) {
        expect(received[name]).toBeUndefined();
      }
    });

    it('keeps the authorization header on a same-origin redirect', async () => {
      const server = await redirectingServer(() => '/final');
      const { fetch } = guard({ allowHosts: [`127.0.0.1:${server.port}`] });
      const response = await fetch(`${server.origin}/start`, {
        headers: { authorization: 'Bearer s3cret' },
      });
      const received = (await response.json()) as Record<string, string>;
      expect(received.authorization).toBe('Bearer s3cret');
    });

    it('turns a POST into a GET without body on 303 and keeps it on 307', async () => {
      const methods: string[] = [];
      const bodies: string[] = [];
      const server = await startServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          methods.push(req.method ?? '');
          bodies.push(body);
          if (req.url === '/303') return void res.writeHead(303, { location: '/307' }).end();
          if (req.url === '/307') return void res.writeHead(307, { location: '/final' }).end();
          res.end();
        });
      });
      const { fetch } = guard({ allowHosts: [`127.0.0.1:${server.port}`] });

      await fetch(`${server.origin}/307`, { method: 'POST', body: 'payload' });
      expect(methods).toEqual(['POST', 'POST']);
      expect(bodies).toEqual(['payload', 'payload']);

      methods.length = 0;
      bodies.length = 0;
      await fetch(`${server.origin}/303`, { method: 'POST', body: 'payload' });
      expect(methods).toEqual(['POST', 'GET', 'GET']);
      expect(bodies).toEqual(['payload', '', '']);
    });

    it('follows exactly maxRedirects redirects and refuses one more', async () => {
      const server = await startServer((req, res) => {
        const hop = Number(req.url?.slice(1));
        if (hop >= 3) return void res.end(`arrived after ${hop}`);
        res.writeHead(301, { location: `/${hop + 1}` }).end();
      });
      const allowHosts = [`127.0.0.1:${server.port}`];

      const three = guard({ allowHosts, maxRedirects: 3 });
      expect(await (await three.fetch(`${server.origin}/0`)).text()).toBe('arrived after 3');

      const two = guard({ allowHosts, maxRedirects: 2 });
      const error = await refusal(two.fetch(`${server.origin}/0`));
      expect(error.message).toContain('redirected more than 2 times');
    });

    it('defaults to at most 5 redirects', async () => {
      const server = await startServer((req, res) => {
        const hop = Number(req.url?.slice(1));
        res.writeHead(302, { location: `/${hop + 1}` }).end();
      });
      await refusal(guard({ allowHosts: [`127.0.0.1:${server.port}`] }).fetch(`${server.origin}/0`));
      expect(server.requests).toHaveLength(6);
    });

    it("returns the redirect itself when the caller asks for redirect: 'manual'", async () => {
      const server = await redirectingServer(() => 'http://169.254.169.254/');
      const { fetch } = guard({ allowHosts: [`127.0.0.1:${server.port}`] });
      const response = await fetch(`${server.origin}/start`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('http://169.254.169.254/');
    });
  });
});
