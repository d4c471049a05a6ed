// Error reporting to Sentry when SENTRY_DSN is set; every function here is a no-op otherwise.
// The SDK is global to the process, so it is initialised once, at process start (main.ts).
// Every event, transaction and breadcrumb passes through the scrubber before it leaves.
import * as Sentry from '@sentry/node';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { isAppError } from '../errors.js';
import { scrub } from './scrub.js';

export type SentryConfig = Pick<
  Config,
  'sentryDsn' | 'environment' | 'appVersion' | 'sentryTracesSampleRate' | 'sentrySendPii' | 'tracing'
>;

let sendPii = false;

/** Starts the SDK when a DSN is configured. Returns whether reporting is on. */
export function initSentry(config: SentryConfig): boolean {
  if (!config.sentryDsn) return false;
  if (Sentry.isInitialized()) return true;
  sendPii = config.sentrySendPii;
  Sentry.init({
    dsn: config.sentryDsn,
    environment: config.environment,
    release: config.appVersion,
    tracesSampleRate: config.sentryTracesSampleRate,
    sendDefaultPii: config.sentrySendPii,
    // Trace headers would otherwise go to every outbound host, AI providers included.
    tracePropagationTargets: [],
    // Every module is imported before this runs, so ESM hooks would instrument nothing.
    registerEsmLoaderHooks: false,
    // With OTLP export on, tracing.ts builds the one OpenTelemetry setup and Sentry joins it.
    skipOpenTelemetrySetup: config.tracing !== undefined,
    integrations: (defaults) => [
      ...defaults.filter((integration) => !['Http', 'Fastify', 'VercelAI'].includes(integration.name)),
      // Request bodies (chat messages, among others) are users' data: only sent with SENTRY_SEND_PII.
      Sentry.httpIntegration({
        maxIncomingRequestBodySize: config.sentrySendPii ? 'medium' : 'none',
        // tracing.ts then makes the request spans (one per request, W3C traceparent continued).
        spans: config.tracing === undefined,
        // Probes and scrapes arrive every few seconds and say nothing about users' requests.
        ignoreIncomingRequests: (path) => /^\/(metrics|api\/health)\b/.test(path),
      }),
      // The app's error handler decides what is reported (reportError); Sentry's own capture would
      // report every 5xx a second time, without the user and request id. With tracing.ts making
      // the request spans, its per-hook spans would only start a second trace per request.
      ...(config.tracing ? [] : [Sentry.fastifyIntegration({ shouldHandleError: () => false })]),
      // Prompts and answers are users' data.
      Sentry.vercelAIIntegration({ recordInputs: false, recordOutputs: false }),
    ],
    beforeSend: (event) => scrub(event),
    beforeSendTransaction: (event) => scrub(event),
    beforeBreadcrumb: (breadcrumb) => scrub(breadcrumb),
  });
  return true;
}

export interface ErrorContext {
  request?: FastifyRequest;
  /** Who was affected, when there is no request (background runs). */
  userId?: string;
  extra?: Record<string, unknown>;
  level?: Sentry.SeverityLevel;
}

/** Reports an error with the request it broke (method, route, headers, user id). */
export function reportError(error: unknown, context: ErrorContext = {}): void {
  if (!Sentry.isInitialized()) return;
  const { request } = context;
  Sentry.withScope((scope) => {
    scope.setLevel(context.level ?? 'error');
    const user = request?.user;
    if (user) scope.setUser(sendPii ? { id: user.id, email: user.email } : { id: user.id });
    else if (context.userId) scope.setUser({ id: context.userId });
    if (isAppError(error)) {
      scope.setTag('error_code', error.code);
      scope.setExtras(error.extra);
    }
    if (context.extra) scope.setExtras(context.extra);
    if (request) {
      scope.setTag('request_id', request.id);
      scope.setTag('route', request.routeOptions.url ?? 'unmatched');
      scope.addEventProcessor((event) => ({
        ...event,
        request: {
          ...event.request,
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
          ...(sendPii && request.body !== undefined ? { data: request.body } : {}),
        },
      }));
    }
    Sentry.captureException(error);
  });
}

/**
 * Records a step (an AI call, a sandbox run, a review) that later error reports will show.
 * `category` is the subsystem: 'ai', 'sandbox', 'review', ….
 */
export function breadcrumb(
  category: string,
  message: string,
  data?: Record<string, unknown>,
  level: Sentry.SeverityLevel = 'info',
): void {
  if (!Sentry.isInitialized()) return;
  Sentry.addBreadcrumb({ category, message, data, level });
}

/** Waits (bounded) until queued events are sent; call before the process exits. */
export async function flushSentry(timeoutMs = 2000): Promise<void> {
  if (Sentry.isInitialized()) await Sentry.flush(timeoutMs);
}
