// The one way the server fetches URLs that users supplied (AI provider base URLs, GitHub,
// research fetches). It refuses anything that could reach the server's own network (SSRF)
// unless an admin allow-listed the host.
//
// Ports are not restricted: what matters is which address a connection reaches, and the
// addresses are checked. Admins who run a provider on an internal host allow that host.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, Headers, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { AppError, isAppError } from '../errors.js';
import { blockedAddressReason } from './address.js';
import { createAllowList } from './allow-list.js';

export interface OutboundGuardOptions {
  /** From config OUTBOUND_ALLOW_HOSTS (already split): `host`, `host:port`, `[ipv6]:port`. */
  allowHosts: readonly string[];
  /** Injectable for tests; defaults to node:dns lookup. */
  lookup?: LookupFunction;
  /** Default 5. */
  maxRedirects?: number;
  /** Connect and response-headers timeout, default 30 000 ms; body streaming is not limited. */
  timeoutMs?: number;
}

export interface OutboundGuard {
  /** Validate a user-supplied URL without fetching (scheme, credentials, allow-list, resolved addresses). Returns the normalised URL. */
  check(url: string | URL): Promise<URL>;
  /** A fetch with the WHATWG signature (input, init) => Promise<Response>, safe for user URLs; suitable to pass as `fetch` to the Vercel AI SDK providers. Streams bodies (SSE) without buffering. */
  fetch: typeof globalThis.fetch;
  isAllowedHost(url: URL): boolean;
  /** Closes the undici agents. */
  close(): Promise<void>;
}

const CODE = 'outbound_url_blocked';
const HINT = 'ask an admin to allow this host in OUTBOUND_ALLOW_HOSTS';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Secrets a provider SDK may send; they must not follow a redirect to another origin.
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'x-goog-api-key'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language'];

const blocked = (detail: string, cause?: unknown) =>
  new AppError(CODE, 400, detail, cause === undefined ? {} : { cause });

// Error details leave out credentials, query and fragment: they can carry API keys.
const display = (url: URL) => `${url.protocol}//${url.host}${url.pathname}`;

const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

function assertPublic(target: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    const reason = blockedAddressReason(address);
    if (reason !== undefined) {
      throw blocked(`${target} resolves to ${reason} (${address}); ${HINT}`);
    }
  }
}

function toAddressList(result: string | LookupAddress[], family?: number): LookupAddress[] {
  if (Array.isArray(result)) return result;
  return [{ address: result, family: family ?? isIP(result) }];
}

type Body = NonNullable<RequestInit['body']>;

// Streams and async iterables are consumed by the first request and cannot be re-sent.
const isReplayable = (body: Body | null) =>
  body === null ||
  typeof body === 'string' ||
  !(body instanceof ReadableStream || Symbol.asyncIterator in Object(body));

export function createOutboundGuard(options: OutboundGuardOptions): OutboundGuard {
  const isAllowedHost = createAllowList(options.allowHosts);
  const lookup = options.lookup ?? (dnsLookup as LookupFunction);
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;

  // Everything decidable from the URL alone; IP literals never reach DNS (or a lookup
  // hook at connect time), so they are judged here.
  function checkUrl(input: string | URL): { url: URL; allowed: boolean } {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      // No cause: Node's URL error carries the raw input, credentials included.
      throw blocked('the URL is not valid');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw blocked(`only https URLs can be fetched, not ${url.protocol}`);
    }
    if (url.username !== '' || url.password !== '') {
      throw blocked(`${display(url)} contains credentials (user:password@), which are not allowed in URLs`);
    }
    if (isAllowedHost(url)) return { url, allowed: true };
    if (url.protocol === 'http:') {
      throw blocked(`${display(url)} uses plain http; use https or ${HINT}`);
    }
    if (isIP(bareHost(url)) !== 0) assertPublic(display(url), [bareHost(url)]);
    return { url, allowed: false };
  }

  const resolveAll = (hostname: string) =>
    new Promise<LookupAddress[]>((resolve, reject) => {
      lookup(hostname, { all: true }, (error, result, family) => {
        if (error) reject(error);
        else resolve(toAddressList(result, family));
      });
    });

  async function check(input: string | URL): Promise<URL> {
    const { url, allowed } = checkUrl(input);
    const host = bareHost(url);
    if (allowed || isIP(host) !== 0) return url;
    let addresses: LookupAddress[];
    try {
      addresses = await resolveAll(host);
    } catch (error) {
      throw blocked(`${host} could not be resolved`, error);
    }
    if (addresses.length === 0) throw blocked(`${host} could not be resolved`);
    assertPublic(
      display(url),
      addresses.map((entry) => entry.address),
    );
    return url;
  }

  // Runs for every new connection of the guarded agent, so the address that is checked is
  // the address the socket connects to: a DNS answer that changes between `check` and the
  // request (rebinding) is caught here.
  const checkedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, result, family) => {
      if (error) return callback(error, '');
      const addresses = toAddressList(result, family);
      const first = addresses[0];
      if (first === undefined) {
        return callback(
          Object.assign(new Error(`${hostname} has no addresses`), {
            code: 'ENOTFOUND',
          }),
          '',
        );
      }
      try {
        assertPublic(
          hostname,
          addresses.map((entry) => entry.address),
        );
      } catch (refusal) {
        return callback(refusal as AppError, '');
      }
      if (lookupOptions.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };

  const agentOptions = { headersTimeout: timeoutMs };
  const guardedAgent = new Agent({
    ...agentOptions,
    connect: { timeout: timeoutMs, lookup: checkedLookup },
  });
  // Allow-listed hosts may be private, so their connections skip the address check.
  const allowedAgent = new Agent({
    ...agentOptions,
    connect: { timeout: timeoutMs, lookup },
  });

  async function guardedFetch(input: string | URL | Request, init: RequestInit = {}) {
    const request = typeof input === 'string' || input instanceof URL ? undefined : input;
    let url = new URL(request?.url ?? (input as string | URL));
    let method = (init.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers((init.headers ?? request?.headers) as ConstructorParameters<typeof Headers>[0]);
    let body: Body | null = init.body ?? request?.body ?? null;
    const redirectMode = init.redirect ?? request?.redirect ?? 'follow';
    const signal = init.signal ?? request?.signal ?? null;

    if (body instanceof FormData) {
      // undici's fetch only recognises its own FormData class; encode the global one here.
      const encoded = new Response(body);
      headers.set('content-type', encoded.headers.get('content-type') ?? 'multipart/form-data');
      body = new Uint8Array(await encoded.arrayBuffer());
    }

    for (let redirects = 0; ; redirects++) {
      let response;
      try {
        const { allowed } = checkUrl(url);
        response = await undiciFetch(url, {
          ...(init as UndiciRequestInit),
          method,
          headers,
          body: body as UndiciRequestInit['body'],
          signal,
          redirect: 'manual',
          duplex: 'half',
          dispatcher: allowed ? allowedAgent : guardedAgent,
        });
      } catch (error) {
        // undici reports connect failures as TypeError('fetch failed', { cause }).
        const cause = error instanceof TypeError && isAppError(error.cause) ? error.cause : error;
        if (redirects > 0 && isAppError(cause) && cause.code === CODE) {
          throw blocked(`a redirect was refused: ${cause.message}`, cause);
        }
        throw cause;
      }

      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null || redirectMode === 'manual') {
        return response as unknown as Response;
      }
      await response.body?.cancel();
      if (redirectMode === 'error') throw new TypeError(`unexpected redirect from ${display(url)}`);
      if (redirects >= maxRedirects) {
        throw blocked(`${display(url)} redirected more than ${maxRedirects} times`);
      }

      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw blocked(`${display(url)} redirected to an invalid URL`);
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      const status = response.status;
      if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      } else if (!isReplayable(body)) {
        throw new TypeError(`cannot follow a ${status} redirect with a streamed request body`);
      }
      url = next;
    }
  }

  return {
    check,
    fetch: guardedFetch as typeof globalThis.fetch,
    isAllowedHost,
    async close() {
      await Promise.all([guardedAgent.close(), allowedAgent.close()]);
    },
  };
}
