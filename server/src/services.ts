// Composition: every module's service built from the real parts it needs. The HTTP app and
// the CLI share it, so both run exactly the same logic.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { CounterStore } from './platform/counters.js';
import { createSecretBox } from './platform/crypto.js';
import type { Db } from './platform/db/database.js';
import { createMetrics, type Metrics } from './platform/monitoring/metrics.js';
import { createOutboundGuard } from './platform/outbound/guard.js';
import { createJobQueue } from './platform/queue.js';
import { createRunControl } from './platform/run-control.js';
import { memoryRunEventLog, redisRunEventLog } from './platform/run-events.js';
import { createAgentsService } from './modules/agents/service.js';
import { createChatService } from './modules/chat/service.js';
import { createChatStore } from './modules/chat/store.js';
import { createClipboardService } from './modules/clipboard/service.js';
import { createClipboardStore } from './modules/clipboard/store.js';
import { createProvidersService, type ProvidersDeps } from './modules/providers/service.js';
import { createAiReviewerFactory } from './modules/review/ai/reviewer.js';
import { createReviewService, type ReviewJob } from './modules/review/service.js';
import { createStaticAnalyzer } from './modules/review/static/pool.js';
import { createReviewStore } from './modules/review/store.js';
import { createSandboxService, type SandboxJob } from './modules/sandbox/service.js';
import { createSandboxStore } from './modules/sandbox/store.js';
import { createTokensService } from './modules/tokens/service.js';
import { createTokensStore } from './modules/tokens/store.js';
import { createUsageService } from './modules/usage/service.js';
import { createUsageStore } from './modules/usage/store.js';
import { createServerKeysService } from './modules/apikeys/server-keys.js';
import { createApiKeysService } from './modules/apikeys/service.js';
import { createApiKeysStore } from './modules/apikeys/store.js';
import { createAuditService } from './modules/audit/service.js';
import { createAuditStore } from './modules/audit/store.js';
import { createAuthService } from './modules/auth/service.js';
import { createAuthStore } from './modules/auth/store.js';
import { createAccessTokens } from './modules/auth/tokens.js';
import { createSettingsService } from './modules/settings/service.js';
import { createSettingsStore } from './modules/settings/store.js';
import { createUsersService } from './modules/users/service.js';
import { createUsersStore } from './modules/users/store.js';
import { createWorkspaceService } from './modules/workspace/service.js';
import { createWorkspaceStore } from './modules/workspace/store.js';

export interface CoreDeps {
  config: Config & { secretKey: string };
  database: Db;
  counters: CounterStore;
  redis?: Redis;
  /** True when the server listens on loopback addresses only (first sign-up may become admin). */
  loopbackOnly: boolean;
  /** Tests shorten the provider retry backoff; production uses the defaults. */
  retryPolicy?: ProvidersDeps['retryPolicy'];
  /** The Prometheus metrics services increment; a fresh registry when absent. */
  metrics?: Metrics;
}

export function createServices(deps: CoreDeps, log: FastifyBaseLogger) {
  const { config, database } = deps;
  const metrics = deps.metrics ?? createMetrics({ version: config.appVersion });
  const secretBox = createSecretBox(config.secretKey, config.previousSecretKeys);
  const audit = createAuditService(createAuditStore(database.db));
  const users = createUsersService(createUsersStore(database.db));
  const settings = createSettingsService({
    store: createSettingsStore(database.db),
    secretBox,
    defaultRegistration: config.registration,
    adminClaimed: users.adminClaimed,
  });
  const auth = createAuthService({
    store: createAuthStore(database.db),
    users,
    settings,
    audit,
    accessTokens: createAccessTokens(config.secretKey),
    counters: deps.counters,
    loopbackOnly: deps.loopbackOnly,
  });
  // The one way to fetch a URL a user supplied (provider base URLs, imports, research).
  const outbound = createOutboundGuard({ allowHosts: config.outboundAllowHosts });
  const apiKeys = createApiKeysService({ store: createApiKeysStore(database.db), secretBox, audit, outbound });
  const serverKeys = createServerKeysService({ settings, secretBox, audit, environment: config.providers });
  const providers = createProvidersService({
    config,
    apiKeys,
    serverKeys,
    settings,
    outbound,
    metrics,
    retryPolicy: deps.retryPolicy,
  });
  const usage = createUsageService(createUsageStore(database.db, database.transact), metrics);
  const agents = createAgentsService(settings);
  const runControl = createRunControl(deps.redis);
  const chat = createChatService({
    store: createChatStore(database.db, database.transact),
    providers,
    usage,
    events: deps.redis
      ? redisRunEventLog(deps.redis, config.chatResumeRetentionMs)
      : memoryRunEventLog(config.chatResumeRetentionMs),
    runControl,
    routingTable: async () => (await agents.routingTable()).table,
    limits: { maxDurationMs: config.chatMaxDurationMs },
    metrics,
    log,
  });
  const tokens = createTokensService({ store: createTokensStore(database.db), audit });
  const workspaces = createWorkspaceService({ store: createWorkspaceStore(database.db), audit });
  const review = createReviewService({
    store: createReviewStore(database.db),
    queue: createJobQueue<ReviewJob>('review', {
      redis: deps.redis,
      namespace: config.databaseUrl,
      onError: (error) => log.error({ err: error }, 'review job failed'),
    }),
    events: deps.redis
      ? redisRunEventLog(deps.redis, config.chatResumeRetentionMs, 'xionimus:review:')
      : memoryRunEventLog(config.chatResumeRetentionMs),
    analyzer: createStaticAnalyzer({ threads: config.reviewThreads }),
    workspaces,
    aiFor: createAiReviewerFactory({ providers, usage, routingTable: async () => (await agents.routingTable()).table }),
    version: config.appVersion,
    inProcessQueue: !deps.redis,
    log,
  });
  const sandbox = createSandboxService({
    store: createSandboxStore(database.db),
    queue: createJobQueue<SandboxJob>('sandbox', {
      redis: deps.redis,
      namespace: config.databaseUrl,
      onError: (error) => log.error({ err: error }, 'sandbox job failed'),
    }),
    events: deps.redis
      ? redisRunEventLog(deps.redis, config.chatResumeRetentionMs, 'xionimus:sandbox:')
      : memoryRunEventLog(config.chatResumeRetentionMs, { textEvent: 'stdout' }),
    runControl,
    metrics,
    workspaces,
    settings: {
      enabled: config.sandboxEnabled,
      timeoutSeconds: config.sandboxTimeoutSeconds,
      memoryMb: config.sandboxMemoryMb,
      maxOutputBytes: config.sandboxMaxOutputBytes,
      concurrency: config.sandboxConcurrency,
    },
    inProcessQueue: !deps.redis,
    log,
  });
  return {
    config,
    database,
    redis: deps.redis,
    metrics,
    outbound,
    audit,
    users,
    settings,
    auth,
    apiKeys,
    serverKeys,
    providers,
    agents,
    usage,
    chat,
    runControl,
    tokens,
    review,
    sandbox,
    workspaces,
    clipboard: createClipboardService({ store: createClipboardStore(database.db) }),
  };
}

export type Services = ReturnType<typeof createServices>;
