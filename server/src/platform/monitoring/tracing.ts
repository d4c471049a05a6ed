// Distributed tracing with OpenTelemetry, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set; every
// function here is a no-op otherwise. Spans: one per HTTP request (route pattern and status, an
// incoming W3C traceparent continued), one per outbound HTTP call made inside a traced operation
// (undici's diagnostics channels: no module patching, no loader hooks), and one per AI call
// attempt. Spans are scrubbed of secrets on their way out, like Sentry events (scrub.ts).
//
// Sentry (SENTRY_DSN) also runs on OpenTelemetry. With both configured, Sentry skips its own setup
// (sentry.ts) and joins this provider through its documented parts (sampler, span processor,
// propagator, context manager), so there is one tracer provider feeding both destinations.
import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
} from '@opentelemetry/semantic-conventions';
import * as Sentry from '@sentry/node';
import { SentryPropagator, SentrySampler, SentrySpanProcessor } from '@sentry/opentelemetry';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config, TracingConfig } from '../../config.js';
import { maskText, scrub } from './scrub.js';

export type TracingSettings = Pick<Config, 'tracing' | 'appVersion' | 'environment'>;

export interface Tracing {
  /** Sends what is buffered and stops; call on shutdown, after the server stopped answering. */
  shutdown(): Promise<void>;
}

const TRACER = 'xionimus';
let running: Tracing | undefined;

export const tracesUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, '')}/v1/traces`;

export function samplerFor({ sampler, samplerArg }: Pick<TracingConfig, 'sampler' | 'samplerArg'>): Sampler {
  const root = sampler.endsWith('always_off')
    ? new AlwaysOffSampler()
    : sampler.endsWith('traceidratio')
      ? new TraceIdRatioBasedSampler(samplerArg)
      : new AlwaysOnSampler();
  return sampler.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

// Query strings carry keys (`?key=…`), so URLs keep only scheme, host and path.
const URL_ATTRIBUTES = new Set(['url.full', 'http.url']);
const DROPPED_ATTRIBUTES = new Set<string>([ATTR_URL_QUERY, 'http.target']);

function withoutQuery(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return maskText(value.split(/[?#]/)[0] ?? '');
  }
}

export function scrubAttributes(attributes: Attributes): Attributes {
  const kept = Object.entries(attributes).filter(([key]) => !DROPPED_ATTRIBUTES.has(key));
  const scrubbed = scrub(Object.fromEntries(kept)) as Attributes;
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === 'string') scrubbed[key] = withoutQuery(value);
  }
  return scrubbed;
}

/** The span as exported: the original underneath (ids, times, resource), scrubbed text on top. */
export const scrubSpan = (span: ReadableSpan): ReadableSpan =>
  Object.create(span, {
    name: { value: maskText(span.name) },
    attributes: { value: scrubAttributes(span.attributes) },
    events: {
      value: span.events.map((event) => ({
        ...event,
        name: maskText(event.name),
        ...(event.attributes ? { attributes: scrubAttributes(event.attributes) } : {}),
      })),
    },
    status: { value: span.status.message ? { ...span.status, message: maskText(span.status.message) } : span.status },
  }) as ReadableSpan;

const scrubbing = (exporter: SpanExporter): SpanExporter => ({
  export: (spans, done) => exporter.export(spans.map(scrubSpan), done),
  shutdown: () => exporter.shutdown(),
  forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
});

/**
 * Starts exporting spans when OTEL_EXPORTER_OTLP_ENDPOINT is set (after initSentry, whose client
 * it joins). The tracer provider is global to the process, so this runs once, at process start.
 */
export function startTracing(config: TracingSettings): Tracing | undefined {
  const settings = config.tracing;
  if (!settings) return undefined;
  if (running) return running;
  const sentry = Sentry.isInitialized() ? Sentry.getClient() : undefined;

  const exporter = new OTLPTraceExporter({ url: tracesUrl(settings.endpoint), headers: settings.headers });
  const processors: SpanProcessor[] = [new BatchSpanProcessor(scrubbing(exporter))];
  if (sentry) processors.unshift(new SentrySpanProcessor());
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: settings.serviceName,
      [ATTR_SERVICE_VERSION]: config.appVersion,
      'deployment.environment.name': config.environment,
    }),
    // With Sentry, one sampler decides for both destinations (SENTRY_TRACES_SAMPLE_RATE).
    sampler: sentry ? new SentrySampler(sentry) : samplerFor(settings),
    spanProcessors: processors,
  });
  trace.setGlobalTracerProvider(provider);
  // traceparent only: incoming `baggage` is the caller's data and is not forwarded to third
  // parties. Sentry's own headers follow its tracePropagationTargets (none, see sentry.ts).
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), ...(sentry ? [new SentryPropagator()] : [])],
    }),
  );
  context.setGlobalContextManager(
    sentry ? new Sentry.SentryContextManager() : new AsyncLocalStorageContextManager().enable(),
  );
  if (sentry) Sentry.validateOpenTelemetrySetup();

  // Calls outside any traced operation (none are expected) would each start a trace of their own.
  // Constructing it subscribes to the channels (there is nothing to patch).
  const undici = new UndiciInstrumentation({ requireParentforSpans: true });
  undici.setTracerProvider(provider);

  running = {
    async shutdown() {
      undici.disable();
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      running = undefined;
    },
  };
  return running;
}

const tracer = () => trace.getTracer(TRACER);

const requestSpans = new WeakMap<FastifyRequest, Span>();

/**
 * A SERVER span per request, named `METHOD /route/:pattern`, active in the route's handler. Its
 * attributes are the method, path (no query string), route, status and request id; never headers
 * or bodies. Registered first, before any hook or route, when tracing is on.
 */
export function registerRequestTracing(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    // The active context may hold Sentry's per-request scopes, but never a span to continue.
    const parent = propagation.extract(trace.deleteSpan(context.active()), request.headers);
    const span = tracer().startSpan(
      request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_URL_PATH]: request.url.split('?')[0],
          'xionimus.request_id': request.id,
        },
      },
      parent,
    );
    requestSpans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });

  // A request body is read from socket events, which lose the context set in onRequest; the
  // handler is where it matters (database, providers), so each handler runs inside its span.
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function tracedHandler(this: FastifyInstance, request, reply) {
      const span = requestSpans.get(request);
      if (!span) return handler.call(this, request, reply);
      return context.with(trace.setSpan(context.active(), span), handler, this, request, reply);
    };
  });

  // Also runs when a hijacked reply (Server-Sent Events) ends: the span covers the whole stream.
  app.addHook('onResponse', async (request, reply) => {
    const span = requestSpans.get(request);
    if (!span) return;
    requestSpans.delete(request);
    const route = request.routeOptions.url;
    if (route) span.setAttribute(ATTR_HTTP_ROUTE, route);
    span.updateName(`${request.method} ${route ?? 'unmatched'}`);
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}

export interface AiCallUsage {
  inputTokens: number;
  outputTokens: number;
  finishReason?: string;
}

export interface AiCallSpan {
  /** Runs each step of `parts` with this span active, so the provider's HTTP call is its child. */
  within<T>(parts: AsyncGenerator<T>): AsyncGenerator<T>;
  /** `outcome` is 'success', 'aborted' or the error code; the first call wins. */
  end(outcome: string, usage?: AiCallUsage): void;
}

async function* stepsWithin<T>(spanContext: Context, parts: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    for (;;) {
      const step = await context.with(spanContext, () => parts.next());
      if (step.done) return;
      yield step.value;
    }
  } finally {
    await parts.return(undefined);
  }
}

/** A span for one attempt at an AI call (GenAI semantic conventions); prompts are never recorded. */
export function startAiCallSpan(call: {
  provider: string;
  model: string;
  attempt: number;
  keySource: string;
}): AiCallSpan {
  const span = tracer().startSpan(`chat ${call.model}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': call.provider,
      'gen_ai.request.model': call.model,
      'xionimus.ai.attempt': call.attempt,
      'xionimus.ai.key_source': call.keySource,
    },
  });
  // Only a recording span needs a context: an answer keeps what this returns while it streams.
  const spanContext = span.isRecording() ? trace.setSpan(context.active(), span) : undefined;
  let ended = false;
  return {
    within: (parts) => (spanContext ? stepsWithin(spanContext, parts) : parts),
    end(outcome, usage) {
      if (ended) return;
      ended = true;
      span.setAttribute('xionimus.ai.outcome', outcome);
      if (usage) {
        span.setAttributes({
          'gen_ai.usage.input_tokens': usage.inputTokens,
          'gen_ai.usage.output_tokens': usage.outputTokens,
        });
        if (usage.finishReason) span.setAttribute('gen_ai.response.finish_reasons', [usage.finishReason]);
      }
      if (outcome !== 'success' && outcome !== 'aborted') span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}
