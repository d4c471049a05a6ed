// The one place environment variables are read. Everything is parsed by one schema with
// defaults; an invalid value stops the start with a message listing every bad variable.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { createAllowList } from './platform/outbound/allow-list.js';

const commaList = Type.String({ default: '' });

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8001 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  NODE_ENV: Type.Enum(['development', 'production', 'test'], { default: 'development' }),
  SECRET_KEY: Type.Optional(Type.String({ minLength: 32 })),
  SECRET_KEY_PREVIOUS: commaList,
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.String({ pattern: '^(sqlite:.+|postgres(ql)?://.+)$', default: 'sqlite:./data/xionimus.db' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://.+' })),
  RATE_LIMIT_ENABLED: Type.Boolean({ default: true }),
  CORS_ORIGINS: commaList,
  TRUST_PROXY: Type.Boolean({ default: false }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  APP_VERSION: Type.Optional(Type.String({ minLength: 1 })),
  SENTRY_DSN: Type.Optional(Type.String({ pattern: '^https?://.+' })),
  ENVIRONMENT: Type.Optional(Type.String({ minLength: 1 })),
  SENTRY_TRACES_SAMPLE_RATE: Type.Number({ minimum: 0, maximum: 1, default: 0.1 }),
  SENTRY_SEND_PII: Type.Boolean({ default: false }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://.+' })),
  OTEL_EXPORTER_OTLP_HEADERS: Type.Optional(Type.String({ pattern: '^[^=,]+=[^,]*(,[^=,]+=[^,]*)*$' })),
  OTEL_SERVICE_NAME: Type.String({ minLength: 1, default: 'xionimus' }),
  OTEL_TRACES_SAMPLER: Type.Enum(
    [
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ],
    { default: 'parentbased_always_on' },
  ),
  OTEL_TRACES_SAMPLER_ARG: Type.Number({ minimum: 0, maximum: 1, default: 1 }),
  OPENAI_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  ANTHROPIC_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  PERPLEXITY_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  OPENAI_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://.+' })),
  ANTHROPIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://.+' })),
  PERPLEXITY_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://.+' })),
  OPENAI_COMPATIBLE_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://.+' })),
  OPENAI_COMPATIBLE_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  PROVIDER_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 600, default: 60 }),
  CHAT_MAX_DURATION_SECONDS: Type.Integer({ minimum: 1, maximum: 7200, default: 600 }),
  CHAT_RESUME_RETENTION_SECONDS: Type.Integer({ minimum: 10, maximum: 86_400, default: 900 }),
  REGISTRATION: Type.Enum(['open', 'invite', 'closed'], { default: 'open' }),
  OUTBOUND_ALLOW_HOSTS: commaList,
  REVIEW_THREADS: Type.Optional(Type.Integer({ minimum: 0, maximum: 64 })),
  SANDBOX_ENABLED: Type.Boolean({ default: true }),
  SANDBOX_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 600, default: 10 }),
  SANDBOX_MEMORY_MB: Type.Integer({ minimum: 32, maximum: 65_536, default: 256 }),
  SANDBOX_MAX_OUTPUT_KB: Type.Integer({ minimum: 1, maximum: 65_536, default: 1024 }),
  SANDBOX_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  BACKUP_BEFORE_MIGRATE: Type.Boolean({ default: true }),
  BACKUP_DIR: Type.Optional(Type.String({ minLength: 1 })),
});

type Env = Static<typeof EnvSchema>;

/** Every environment variable the server reads (deployment manifests are checked against it). */
export const ENV_VARIABLES = Object.keys(EnvSchema.properties);

export type RegistrationMode = Env['REGISTRATION'];

export interface Config {
  port: number;
  host: string;
  nodeEnv: Env['NODE_ENV'];
  isProduction: boolean;
  /** undefined until resolved at start (see ensureSecretKey in main.ts) */
  secretKey: string | undefined;
  /** Earlier SECRET_KEYs: values they sealed still open until `xionimus secrets rotate` re-seals them. */
  previousSecretKeys: string[];
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  rateLimitEnabled: boolean;
  corsOrigins: string[];
  trustProxy: boolean;
  logLevel: string;
  appVersion: string;
  sentryDsn: string | undefined;
  environment: string;
  /** Share of requests traced (0 to 1). */
  sentryTracesSampleRate: number;
  /** Send users' email addresses and request bodies with error reports. */
  sentrySendPii: boolean;
  /** When set, /metrics needs it as a Bearer token; when unset, /metrics answers loopback only. */
  metricsToken: string | undefined;
  /** OpenTelemetry trace export over OTLP/HTTP; undefined (off) unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing: TracingConfig | undefined;
  /** Server-wide provider keys and the base URLs the operator chose for them. */
  providers: {
    openai: { apiKey?: string; baseUrl?: string };
    anthropic: { apiKey?: string; baseUrl?: string };
    perplexity: { apiKey?: string; baseUrl?: string };
    'openai-compatible': { apiKey?: string; baseUrl?: string };
  };
  /** Time to first token before a provider call is retried or given up. */
  providerTimeoutMs: number;
  /** An answer runs to completion even without a client, but never longer than this. */
  chatMaxDurationMs: number;
  /** How long a finished answer's events stay available for reconnecting clients. */
  chatResumeRetentionMs: number;
  registration: RegistrationMode;
  outboundAllowHosts: string[];
  /** Worker threads for static review; 0 keeps reviews on the main thread; undefined: CPUs, at most 4. */
  reviewThreads: number | undefined;
  /** Run code in the sandbox at all (it also needs working bubblewrap). */
  sandboxEnabled: boolean;
  /** The longest wall-clock time of a sandbox run; a request may ask for less. */
  sandboxTimeoutSeconds: number;
  sandboxMemoryMb: number;
  /** stdout and stderr of a run together, beyond which output is dropped. */
  sandboxMaxOutputBytes: number;
  /** Sandbox runs at a time per instance. */
  sandboxConcurrency: number;
  /** Apply pending migrations at start; when false, start refuses a database that is behind. */
  migrateOnStart: boolean;
  /** Back the database up before a migration changes it. */
  backupBeforeMigrate: boolean;
  backupDir: string;
}

export interface TracingConfig {
  /** The collector's base URL; traces go to {endpoint}/v1/traces. */
  endpoint: string;
  /** Sent with every export (a collector's API key, for one). */
  headers: Record<string, string>;
  serviceName: string;
  sampler: Env['OTEL_TRACES_SAMPLER'];
  /** The ratio for the *traceidratio samplers. */
  samplerArg: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const splitList = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

// The OpenTelemetry format: `name=value,name2=value2`, values percent-encoded.
const parseHeaderList = (value: string): Record<string, string> =>
  Object.fromEntries(
    splitList(value).map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at).trim().toLowerCase(), decodeURIComponent(pair.slice(at + 1).trim())];
    }),
  );

// src/config.ts and dist/src/config.js sit at different depths below server/package.json.
const packageVersion = (): string => {
  for (const relative of ['../package.json', '../../package.json']) {
    const file = new URL(relative, import.meta.url);
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      name?: string;
      version?: string;
    };
    if (manifest.name === '@xionimus/server' && manifest.version) return manifest.version;
  }
  return '0.0.0';
};

export function parseConfig(env: Record<string, string | undefined>): Config {
  const keys = Object.keys(EnvSchema.properties);
  // An empty value (`FOO=` in a .env file) means "unset", so defaults apply.
  const raw = Object.fromEntries(keys.filter((key) => env[key]?.trim()).map((key) => [key, env[key]?.trim()]));
  const value = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw));
  const errors = Value.Errors(EnvSchema, value);
  const problems = errors.map((error) => {
    const name = error.instancePath.replace(/^\//, '') || 'environment';
    const shown = /^SECRET_KEY(_PREVIOUS)?$|_(API_KEY|TOKEN|HEADERS)$/.test(name)
      ? '(hidden)'
      : JSON.stringify(raw[name]);
    return `${name}=${shown}: ${error.message}`;
  });
  if (splitList(String(raw.SECRET_KEY_PREVIOUS ?? '')).some((key) => key.length < 32)) {
    problems.push('SECRET_KEY_PREVIOUS=(hidden): each earlier key has at least 32 characters');
  }
  try {
    createAllowList(splitList(String(raw.OUTBOUND_ALLOW_HOSTS ?? '')));
  } catch (error) {
    problems.push((error as Error).message);
  }
  try {
    parseHeaderList(String(raw.OTEL_EXPORTER_OTLP_HEADERS ?? ''));
  } catch {
    problems.push('OTEL_EXPORTER_OTLP_HEADERS=(hidden): a value is not valid percent-encoding');
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const env_ = value as Env;
  return {
    port: env_.PORT,
    host: env_.HOST,
    nodeEnv: env_.NODE_ENV,
    isProduction: env_.NODE_ENV === 'production',
    secretKey: env_.SECRET_KEY,
    previousSecretKeys: splitList(env_.SECRET_KEY_PREVIOUS),
    dataDir: env_.DATA_DIR,
    databaseUrl: env_.DATABASE_URL,
    redisUrl: env_.REDIS_URL,
    rateLimitEnabled: env_.RATE_LIMIT_ENABLED,
    corsOrigins: splitList(env_.CORS_ORIGINS),
    trustProxy: env_.TRUST_PROXY,
    logLevel: env_.LOG_LEVEL,
    appVersion: env_.APP_VERSION ?? packageVersion(),
    sentryDsn: env_.SENTRY_DSN,
    environment: env_.ENVIRONMENT ?? env_.NODE_ENV,
    sentryTracesSampleRate: env_.SENTRY_TRACES_SAMPLE_RATE,
    sentrySendPii: env_.SENTRY_SEND_PII,
    metricsToken: env_.METRICS_TOKEN,
    tracing: env_.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          endpoint: env_.OTEL_EXPORTER_OTLP_ENDPOINT,
          headers: parseHeaderList(env_.OTEL_EXPORTER_OTLP_HEADERS ?? ''),
          serviceName: env_.OTEL_SERVICE_NAME,
          sampler: env_.OTEL_TRACES_SAMPLER,
          samplerArg: env_.OTEL_TRACES_SAMPLER_ARG,
        }
      : undefined,
    providers: {
      openai: { apiKey: env_.OPENAI_API_KEY, baseUrl: env_.OPENAI_BASE_URL },
      anthropic: { apiKey: env_.ANTHROPIC_API_KEY, baseUrl: env_.ANTHROPIC_BASE_URL },
      perplexity: { apiKey: env_.PERPLEXITY_API_KEY, baseUrl: env_.PERPLEXITY_BASE_URL },
      'openai-compatible': { apiKey: env_.OPENAI_COMPATIBLE_API_KEY, baseUrl: env_.OPENAI_COMPATIBLE_BASE_URL },
    },
    providerTimeoutMs: env_.PROVIDER_TIMEOUT_SECONDS * 1000,
    chatMaxDurationMs: env_.CHAT_MAX_DURATION_SECONDS * 1000,
    chatResumeRetentionMs: env_.CHAT_RESUME_RETENTION_SECONDS * 1000,
    registration: env_.REGISTRATION,
    outboundAllowHosts: splitList(env_.OUTBOUND_ALLOW_HOSTS),
    reviewThreads: env_.REVIEW_THREADS,
    sandboxEnabled: env_.SANDBOX_ENABLED,
    sandboxTimeoutSeconds: env_.SANDBOX_TIMEOUT_SECONDS,
    sandboxMemoryMb: env_.SANDBOX_MEMORY_MB,
    sandboxMaxOutputBytes: env_.SANDBOX_MAX_OUTPUT_KB * 1024,
    sandboxConcurrency: env_.SANDBOX_CONCURRENCY ?? availableParallelism(),
    migrateOnStart: env_.MIGRATE_ON_START,
    backupBeforeMigrate: env_.BACKUP_BEFORE_MIGRATE,
    backupDir: env_.BACKUP_DIR ?? join(env_.DATA_DIR, 'backups'),
  };
}
