// Prometheus metrics, served at /metrics. Each app has its own registry (several apps in one test
// process must not share counters); services receive the metric objects they increment.
// Label values come from small fixed sets (route patterns, provider and model ids, outcome
// codes), never from raw URLs or user input, so the number of series stays bounded.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const FIRST_TOKEN_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60];
const JOB_BUCKETS = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800];
/** Distinct model ids kept as label values; servers users run themselves name their own models. */
export const MAX_MODEL_LABELS = 200;

export function createMetrics(options: { version?: string } = {}) {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const modelsSeen = new Set<string>();

  const metrics = {
    registry,
    /** A model id as a label value, or `other` once MAX_MODEL_LABELS distinct ids were seen. */
    modelLabel(model: string): string {
      if (modelsSeen.size < MAX_MODEL_LABELS) modelsSeen.add(model);
      return modelsSeen.has(model) ? model : 'other';
    },
    buildInfo: new Gauge({
      name: 'xionimus_build_info',
      help: 'Always 1; the version label says which build is running',
      labelNames: ['version'] as const,
      registers,
    }),
    httpRequests: new Counter({
      name: 'xionimus_http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'xionimus_http_request_duration_seconds',
      help: 'Time to answer an HTTP request; for Server-Sent Event streams, the whole stream',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    rateLimitRejections: new Counter({
      name: 'xionimus_rate_limit_rejections_total',
      help: 'Requests refused with 429 (rate limits and login throttling), by route pattern',
      labelNames: ['route'] as const,
      registers,
    }),
    aiCalls: new Counter({
      name: 'xionimus_ai_calls_total',
      help: 'Calls to AI providers (each retry counts), by outcome: success, aborted or the error code',
      labelNames: ['provider', 'model', 'outcome'] as const,
      registers,
    }),
    aiTokens: new Counter({
      name: 'xionimus_ai_tokens_total',
      help: 'Tokens billed by AI providers, by direction (input or output); estimated for aborted answers',
      labelNames: ['provider', 'model', 'direction'] as const,
      registers,
    }),
    aiCost: new Counter({
      name: 'xionimus_ai_cost_usd_total',
      help: 'Cost of AI answers in US dollars, from the model registry prices',
      labelNames: ['provider', 'model'] as const,
      registers,
    }),
    aiTimeToFirstToken: new Histogram({
      name: 'xionimus_ai_time_to_first_token_seconds',
      help: 'Time from the start of an answer to its first token, retries and fallbacks included',
      labelNames: ['provider', 'model'] as const,
      buckets: FIRST_TOKEN_BUCKETS,
      registers,
    }),
    aiActiveStreams: new Gauge({
      name: 'xionimus_ai_active_streams',
      help: 'AI answers being generated right now (chat runs and API completions)',
      registers,
    }),
    sandboxRuns: new Counter({
      name: 'xionimus_sandbox_runs_total',
      help: 'Code runs in the sandbox, by language and outcome',
      labelNames: ['language', 'outcome'] as const,
      registers,
    }),
    sandboxRunDuration: new Histogram({
      name: 'xionimus_sandbox_run_duration_seconds',
      help: 'Wall time of sandbox runs, by language',
      labelNames: ['language'] as const,
      buckets: JOB_BUCKETS,
      registers,
    }),
    reviewJobs: new Counter({
      name: 'xionimus_review_jobs_total',
      help: 'Code review jobs finished, by outcome',
      labelNames: ['outcome'] as const,
      registers,
    }),
    reviewJobDuration: new Histogram({
      name: 'xionimus_review_job_duration_seconds',
      help: 'Wall time of code review jobs',
      buckets: JOB_BUCKETS,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'xionimus_queue_depth',
      help: 'Jobs waiting in a background queue, by queue name',
      labelNames: ['queue'] as const,
      registers,
    }),
  };
  metrics.buildInfo.set({ version: options.version ?? 'unknown' }, 1);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
