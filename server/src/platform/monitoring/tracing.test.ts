import { SpanKind } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { samplerFor, scrubAttributes, scrubSpan, tracesUrl } from './tracing.js';

/** Ends a span made by a real tracer provider and returns it as an exporter would receive it. */
function endedSpan(make: (span: import('@opentelemetry/api').Span) => void): ReadableSpan {
  let ended: ReadableSpan | undefined;
  const capture: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => (ended = span),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  const span = new BasicTracerProvider({ spanProcessors: [capture] })
    .getTracer('test')
    .startSpan('GET', { kind: SpanKind.CLIENT });
  make(span);
  span.end();
  return ended!;
}

describe('span scrubbing', () => {
  it('keeps scheme, host and path of URLs and drops their query strings', () => {
    expect(
      scrubAttributes({
        'url.full': 'https://generativelanguage.example/v1/models?key=AIzaPLANTED123&alt=sse',
        'url.query': '?key=AIzaPLANTED123',
        'http.url': 'https://user:pw@api.example/x?token=abc#frag',
        'server.address': 'api.example',
      }),
    ).toEqual({
      'url.full': 'https://generativelanguage.example/v1/models',
      'http.url': 'https://api.example/x',
      'server.address': 'api.example',
    });
  });

  it('masks secret-named attributes and secret shapes in any text, but keeps token counts', () => {
    const scrubbed = scrubAttributes({
      'http.request.header.authorization': ['Bearer eyJplanted.token.value'],
      'http.request.header.cookie': ['xionimus_refresh=planted-cookie'],
      'exception.message': 'provider refused key sk-proj-PLANTEDkey0123456789',
      'gen_ai.usage.input_tokens': 12,
    });
    expect(JSON.stringify(scrubbed)).not.toMatch(/eyJplanted|planted-cookie|PLANTEDkey/);
    expect(scrubbed['gen_ai.usage.input_tokens']).toBe(12);
  });

  it('scrubs the exported copy of a span: name, attributes, event attributes and status message', () => {
    const original = endedSpan((span) => {
      span.updateName('GET https://api.example/v1?api_key=sk-PLANTEDname0123456789');
      span.setAttribute('url.full', 'https://api.example/v1?api_key=planted');
      span.addEvent('exception', { 'exception.message': 'Authorization: Bearer planted-bearer-value' });
      span.setStatus({ code: 2, message: 'bad key sk-PLANTEDstatus0123456789' });
    });
    const exported = scrubSpan(original);
    const text = JSON.stringify({
      name: exported.name,
      attributes: exported.attributes,
      events: exported.events,
      status: exported.status,
    });
    expect(text).not.toMatch(/PLANTED|planted-bearer-value|api_key=planted/);
    expect(exported.attributes['url.full']).toBe('https://api.example/v1');
    // Identity and timing come from the original span.
    expect(exported.spanContext()).toEqual(original.spanContext());
    expect(exported.endTime).toEqual(original.endTime);
  });
});

describe('tracing settings', () => {
  it('sends traces to the OTLP/HTTP traces path below the endpoint', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('https://otlp.example/base/')).toBe('https://otlp.example/base/v1/traces');
  });

  it('builds the standard samplers from OTEL_TRACES_SAMPLER and its ratio', () => {
    expect(samplerFor({ sampler: 'always_off', samplerArg: 1 })).toBeInstanceOf(AlwaysOffSampler);
    expect(samplerFor({ sampler: 'traceidratio', samplerArg: 0.25 }).toString()).toBe('TraceIdRatioBased{0.25}');
    expect(samplerFor({ sampler: 'parentbased_traceidratio', samplerArg: 0.5 }).toString()).toMatch(
      /^ParentBased\{root=TraceIdRatioBased\{0\.5\}/,
    );
  });
});
