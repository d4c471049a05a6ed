// buildApp(deps): a Fastify instance with every module registered. main.ts and the tests both
// build the app here, passing real parts (a database, counters, optionally Redis).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import { levels } from 'pino';
import type { Role } from './platform/db/schema.js';
import { AppError } from './platform/errors.js';
import { ProblemSchema, errorHandler, sendProblem } from './platform/http.js';
import { loggerOptions } from './platform/logger.js';
import { registerMonitoring } from './platform/monitoring/http-metrics.js';
import { registerRequestTracing } from './platform/monitoring/tracing.js';
import { validatorCompiler } from './platform/validation.js';
import { adminRoutes } from './modules/admin/routes.js';
import { apiKeyRoutes } from './modules/apikeys/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { agentRoutes } from './modules/agents/routes.js';
import { chatRoutes } from './modules/chat/routes.js';
import { clipboardRoutes } from './modules/clipboard/routes.js';
import { gatewayRoutes } from './modules/gateway/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import { providerRoutes } from './modules/providers/routes.js';
import { reviewRoutes } from './modules/review/routes.js';
import { sandboxRoutes } from './modules/sandbox/routes.js';
import { isPersonalAccessToken } from './modules/tokens/service.js';
import { tokenRoutes } from './modules/tokens/routes.js';
import { usageRoutes } from './modules/usage/routes.js';
import { webRoutes } from './modules/web/routes.js';
import { workspaceRoutes } from './modules/workspace/routes.js';
import { createServices, type CoreDeps, type Services } from './services.js';

export interface AppDeps extends CoreDeps {
  /** A logger to use instead of one built from config (tests capture lines with it). */
  logger?: FastifyBaseLogger;
  /** The built web app (web/dist) to serve; found next to the server when absent; false: API only. */
  webRoot?: string | false;
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthenticatedUser;
    /** Why the presented token was refused; thrown only on routes that need a user. */
    authError?: unknown;
  }
  interface FastifyContextConfig {
    /** Who may call the route; absent means anyone. */
    auth?: 'user' | 'admin';
  }
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp(deps: AppDeps) {
  const { config } = deps;
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler());
  // First, so the request span encloses every hook and every route's handler.
  if (config.tracing) registerRequestTracing(app);

  const services = createServices(deps, app.log);
  const { auth, users, settings, tokens, chat } = services;
  app.addHook('onReady', async () => {
    const interrupted = await chat.recoverInterrupted();
    if (interrupted > 0)
      app.log.warn({ interrupted }, 'marked answers left unfinished by a stopped process as aborted');
  });
  // Running answers are stopped (their text so far is kept) before the database closes.
  app.addHook('preClose', async () => {
    await services.runControl.close();
    await chat.drain();
  });
  app.addHook('onClose', () => services.outbound.close());

  app.addSchema(ProblemSchema);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, 'not_found', `no route for ${request.method} ${request.url.split('?')[0]}`),
  );

  app.addHook('onResponse', async (request, reply) => {
    // The line's fields are not even gathered when info lines are off (LOG_LEVEL=warn and above).
    if ((levels.values[request.log.level] ?? 0) > levels.values.info!) return;
    request.log.info(
      {
        userId: request.user?.id,
        method: request.method,
        route: request.routeOptions.url ?? null,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });
  registerMonitoring(app, { metrics: services.metrics, token: config.metricsToken });

  // helmet's headers are the same for every answer (no nonces): its middleware runs once, on a
  // stand-in response, and Fastify sets what it wrote on each reply. @fastify/helmet ran it per
  // request (parsing the CSP directives each time, about 3 % of a streamed answer's CPU), and
  // headers set on the raw response stayed on it as [name, value] pairs for as long as a stream
  // was open (about 1.5 KB each).
  const securityHeaders: Record<string, string> = {};
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Remote https images load only after the user allows each one in the app (an answer's
        // image is a way to exfiltrate data, so nothing loads by itself); no plain http. blob:
        // shows the images sent with chat messages, fetched with the access token.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.isProduction ? [] : null,
      },
    },
    hsts: config.isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  })(
    {} as IncomingMessage,
    {
      setHeader: (name: string, value: unknown) => (securityHeaders[name.toLowerCase()] = String(value)),
      removeHeader: (name: string) => delete securityHeaders[name.toLowerCase()],
    } as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error;
    },
  );
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id).headers(securityHeaders);
    done();
  });
  // Without configured origins the web app is same-origin, and no request needs CORS headers.
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins,
      credentials: true,
      exposedHeaders: ['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after'],
    });
  }
  await app.register(cookie);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Xionimus API', version: config.appVersion },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: ({ schema, url, route }) => {
      const needsAuth = Boolean(route.config && (route.config as { auth?: string }).auth);
      return { schema: needsAuth ? { ...schema, security: [{ bearer: [] }] } : schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  // Who is calling: a Bearer access token, verified on every request. A bad token only matters
  // on routes that need a user, and is reported after rate limiting has counted the request.
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    try {
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        throw new AppError('invalid_token', 401, 'Authorization header must be "Bearer <token>"');
      }
      const userId = isPersonalAccessToken(token)
        ? await tokens.verify(token)
        : (await auth.verifyAccessToken(token)).userId;
      const user = await users.findById(userId);
      if (!user || user.disabled)
        throw new AppError('invalid_token', 401, 'the account of this token is disabled or gone');
      request.user = { id: user.id, email: user.email, role: user.role };
    } catch (error) {
      request.authError = error;
    }
  });
  app.addHook('preParsing', async (request) => {
    const required = request.routeOptions.config.auth;
    if (!required || request.user) {
      if (required === 'admin' && request.user?.role !== 'admin') {
        throw new AppError('forbidden', 403, 'this endpoint is for admins only');
      }
      return;
    }
    throw (
      request.authError ??
      new AppError('unauthenticated', 401, 'this endpoint needs a Bearer access token', {
        headers: { 'www-authenticate': 'Bearer' },
      })
    );
  });

  await app.register(rateLimit, {
    global: true,
    max: 300,
    timeWindow: 60_000,
    ...(deps.redis ? { redis: deps.redis, nameSpace: 'xionimus:ratelimit:' } : {}),
    enableDraftSpec: true,
    keyGenerator: (request: FastifyRequest) => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`),
    allowList: () => !config.rateLimitEnabled,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        429,
        `rate limit of ${context.max} requests per ${context.after} reached; retry later`,
        {
          extra: { retryAfter: Math.ceil(context.ttl / 1000) },
        },
      ),
  });

  const routeDeps = { ...services, origin: requestOrigin };
  for (const routes of [
    healthRoutes,
    authRoutes,
    apiKeyRoutes,
    tokenRoutes,
    adminRoutes,
    providerRoutes,
    agentRoutes,
    usageRoutes,
    chatRoutes,
    gatewayRoutes,
    reviewRoutes,
    sandboxRoutes,
    workspaceRoutes,
    clipboardRoutes,
  ]) {
    await app.register(routes, routeDeps);
  }
  // Last: the web app answers GET paths that no API route claims.
  await app.register(webRoutes, { root: deps.webRoot });

  // On a public bind the first admin needs the setup token; every instance prints the same one.
  app.addHook('onReady', async () => {
    const setupToken = deps.loopbackOnly ? undefined : await settings.setupToken();
    if (setupToken) {
      app.log.warn(
        `No admin account exists yet. Register the first account with this one-time setup token to make it admin: ${setupToken}`,
      );
    }
  });

  return app;
}

const requestOrigin = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

export type RouteDeps = Services & { origin: typeof requestOrigin };

export type App = Awaited<ReturnType<typeof buildApp>>;
