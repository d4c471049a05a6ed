// OUTBOUND_ALLOW_HOSTS entries: `host` allows every port, `host:port` only that port,
// IPv6 literals in brackets (`[::1]:11434`).
interface AllowEntry {
  hostname: string;
  port: number | undefined;
}

// Linear: the two alternatives start with disjoint characters and nothing nests.
// eslint-disable-next-line security/detect-unsafe-regex
const ENTRY = /^(\[[^\]\s]+\]|[^:/?#@[\]\s]+)(?::(\d{1,5}))?$/;

function parseEntry(raw: string): AllowEntry {
  const match = ENTRY.exec(raw);
  const host = match?.[1];
  let hostname: string | undefined;
  try {
    // The WHATWG parser normalises case, IDNA and IPv4 spellings exactly as it does for
    // request URLs, so both sides of the comparison are in the same form.
    if (host !== undefined) hostname = new URL(`http://${host}`).hostname;
  } catch {
    hostname = undefined;
  }
  if (!match || hostname === undefined) {
    throw new Error(`invalid OUTBOUND_ALLOW_HOSTS entry "${raw}": expected host, host:port or [ipv6]:port`);
  }
  return {
    hostname,
    port: match[2] === undefined ? undefined : Number(match[2]),
  };
}

const effectivePort = (url: URL): number =>
  url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);

export function createAllowList(entries: readonly string[]): (url: URL) => boolean {
  const parsed = entries
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseEntry);
  return (url) =>
    parsed.some(
      (entry) => entry.hostname === url.hostname && (entry.port === undefined || entry.port === effectivePort(url)),
    );
}
