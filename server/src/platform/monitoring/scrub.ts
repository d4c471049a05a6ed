// Scrubs secrets from anything sent to an error tracker: every field of an event, a breadcrumb or
// a transaction, at any depth. Field names (password, token, authorization, cookie, api key, …)
// and secret shapes (provider keys, bearer tokens, JWTs) are the logger's; on top of that,
// `name=value` and `"name": "value"` pairs inside free text (query strings, form or JSON bodies
// held as strings, messages) are masked, since an error tracker stores such text verbatim.
import { REDACTED, SECRET_FIELD, maskSecrets } from '../logger.js';

// Past these bounds a container is replaced rather than sent unscrubbed.
const MAX_DEPTH = 32;
const MAX_NODES = 20_000;
export const TRUNCATED = '[Truncated]';
export const CIRCULAR = '[Circular]';

// `inputTokens: 12` is a count, not a credential.
const COUNT_FIELD = /tokens$/i;

// The logger's field-name pattern, its groups made non-capturing so the replacer's stay in place.
const SECRET_NAME = SECRET_FIELD.source.replace(/\((?!\?)/g, '(?:');
// A name must start a word, and its length is bounded, so long words cannot make this backtrack.
// eslint-disable-next-line security/detect-non-literal-regexp -- built from a constant, not from input
const SECRET_PAIR = new RegExp(
  String.raw`(?<![\w.-])(["']?)([\w.-]{0,40}(?:${SECRET_NAME})[\w.-]{0,40})\1(\s*[:=]\s*)` +
    String.raw`("(?:[^"\\]|\\.)*"|'[^']*'|(?:(?:Basic|Bearer|Token|Digest)\s+)?[^\s&,;}"']+)`,
  'gi',
);

export function maskText(text: string): string {
  const pairsMasked = text.replace(
    SECRET_PAIR,
    (match, quote: string, name: string, separator: string, value: string) => {
      if (COUNT_FIELD.test(name)) return match;
      const quoted = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      return `${quote}${name}${quote}${separator}${quoted}${REDACTED}${quoted}`;
    },
  );
  return maskSecrets(pairsMasked);
}

const isSecretField = (key: string, value: unknown) =>
  SECRET_FIELD.test(key) &&
  value !== null &&
  value !== undefined &&
  !(typeof value === 'number' && COUNT_FIELD.test(key));

/**
 * A scrubbed copy of `value`. Breadcrumb data can be any object (console arguments, for one), so
 * cycles are cut and the walk is bounded in depth and size; what is cut is replaced, never sent.
 */
export function scrub<T>(value: T): T {
  let budget = MAX_NODES;
  const ancestors = new WeakSet<object>();

  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return maskText(item);
    if (item === null || typeof item !== 'object') return item;
    if (ancestors.has(item)) return CIRCULAR;
    if (depth >= MAX_DEPTH || --budget < 0) return TRUNCATED;
    ancestors.add(item);
    try {
      if (Array.isArray(item)) {
        // [name, value] tuples: how headers and query strings are sometimes given.
        const [first, second] = item as unknown[];
        if (item.length === 2 && typeof first === 'string' && isSecretField(first, second)) return [first, REDACTED];
        return item.map((element) => walk(element, depth + 1));
      }
      if (item instanceof Error) return walk({ name: item.name, message: item.message, stack: item.stack }, depth + 1);
      return Object.fromEntries(
        Object.entries(item).map(([key, field]) => [
          key,
          isSecretField(key, field) ? REDACTED : walk(field, depth + 1),
        ]),
      );
    } finally {
      ancestors.delete(item);
    }
  };
  return walk(value, 0) as T;
}
