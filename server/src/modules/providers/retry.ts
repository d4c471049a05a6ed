// Which provider failures are worth another try, and how long to wait before it. The SDK's
// APICallError already knows what is retryable (408, 409, 429, ≥500); connection failures and
// our own first-token timeout are retryable too.
import { APICallError } from 'ai';

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this moves on to the next model instead of waiting. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 20_000,
};

export class FirstTokenTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'FirstTokenTimeout';
  }
}

const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function causeCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
  return causeCode((error as { cause?: unknown }).cause, depth + 1);
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof FirstTokenTimeout) return true;
  if (APICallError.isInstance(error)) return error.isRetryable;
  return (
    causeCode(error) !== undefined || (error instanceof TypeError && /fetch failed|terminated/i.test(error.message))
  );
}

/** Milliseconds the provider asked us to wait (Retry-After seconds or HTTP date, retry-after-ms). */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (!APICallError.isInstance(error)) return undefined;
  const headers = error.responseHeaders ?? {};
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter, unless the provider named its own wait. */
export function backoffMs(attempt: number, policy: RetryPolicy, error: unknown, random = Math.random): number {
  const asked = retryAfterMs(error);
  if (asked !== undefined) return asked;
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
