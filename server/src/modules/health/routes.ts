import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { sendProblem, withProblems } from '../../platform/http.js';

const CheckResult = Type.Enum(['ok', 'failed', 'not_configured']);

// Readiness fails fast rather than hanging a probe when a dependency stops answering.
const withinTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

export const healthRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { database, redis, config }) => {
  const startedAt = Date.now();

  app.get(
    '/api/health',
    {
      config: { rateLimit: false },
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: 'Liveness: the process is up',
        response: withProblems({
          200: Type.Object({ status: Type.Literal('ok'), version: Type.String(), uptimeSeconds: Type.Number() }),
        }),
      },
    },
    async () => ({
      status: 'ok' as const,
      version: config.appVersion,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    }),
  );

  app.get(
    '/api/health/ready',
    {
      config: { rateLimit: false },
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: the database (and Redis, when configured) answer',
        response: withProblems({
          200: Type.Object({
            status: Type.Literal('ready'),
            checks: Type.Object({ database: CheckResult, redis: CheckResult }),
          }),
        }),
      },
    },
    async (request, reply) => {
      const outcome = async (probe: () => Promise<unknown>) => {
        try {
          await withinTimeout(probe(), 2000);
          return 'ok' as const;
        } catch (error) {
          request.log.warn({ err: error }, 'readiness check failed');
          return 'failed' as const;
        }
      };
      const checks = {
        database: await outcome(() => database.ping()),
        redis: redis ? await outcome(() => redis.ping()) : ('not_configured' as const),
      };
      const failing = Object.entries(checks)
        .filter(([, result]) => result === 'failed')
        .map(([name]) => name);
      if (failing.length > 0) {
        return sendProblem(request, reply, 503, 'not_ready', `not ready: ${failing.join(', ')} unreachable`, {
          checks,
        });
      }
      return { status: 'ready' as const, checks };
    },
  );
};
