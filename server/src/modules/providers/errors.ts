// Turns provider failures into errors a user can act on. Provider messages are never passed on
// verbatim: some echo part of the API key (OpenAI's "Incorrect API key provided: sk-…").
import { APICallError } from 'ai';
import { AppError } from '../../platform/errors.js';
import { maskSecrets } from '../../platform/logger.js';
import { FirstTokenTimeout } from './retry.js';
import type { ProviderName } from './registry.js';

const CONTEXT_TOO_LONG = /context.{0,20}(length|window)|too many tokens|prompt is too long|maximum.{0,20}tokens/i;

export const isAuthFailure = (error: unknown) =>
  APICallError.isInstance(error) && (error.statusCode === 401 || error.statusCode === 403);

// Upstream failures are the provider's, not ours: their detail is safe to show (internal: false).
const upstream = (code: string, status: number, detail: string) =>
  new AppError(code, status, detail, { internal: false });

export function providerError(provider: ProviderName, model: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof FirstTokenTimeout) {
    return upstream('provider_timeout', 504, `${provider} did not start answering with ${model} in time`);
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === 401 || status === 403) {
      return new AppError(
        'provider_auth_failed',
        400,
        `${provider} rejected the API key (HTTP ${status}); check the key (Settings → API keys, or Admin → Provider keys for the server-wide one)`,
      );
    }
    if (status === 400 && CONTEXT_TOO_LONG.test(error.message)) {
      return new AppError(
        'context_too_long',
        413,
        `the conversation is too long for ${model}; start a new session or fork it`,
      );
    }
    if (status === 429) {
      return upstream(
        'provider_rate_limited',
        503,
        `${provider} is rate limiting requests for ${model}; try again shortly`,
      );
    }
    if (status !== undefined && status >= 400 && status < 500) {
      const said = maskSecrets(error.message).slice(0, 300);
      return upstream(
        'provider_rejected',
        502,
        `${provider} refused the request for ${model} (HTTP ${status}): ${said}`,
      );
    }
    // ≥500, or a stream that broke after a successful response.
    const what = status !== undefined && status >= 500 ? `HTTP ${status}` : 'the connection broke';
    return upstream('provider_unavailable', 502, `${provider} failed to answer with ${model} (${what})`);
  }
  return upstream('provider_unavailable', 502, `${provider} could not be reached for ${model}`);
}
