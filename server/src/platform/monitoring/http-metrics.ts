// The HTTP side of monitoring: request count and duration by route pattern and status, 429s,
// and the /metrics endpoint. /metrics needs `Authorization: Bearer <METRICS_TOKEN>` when a token
// is configured; without one it answers only direct loopback connections (not proxied ones).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendProblem } from '../http.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

const digest = (text: string) => createHash('sha256').update(text).digest();

function presentsToken(request: FastifyRequest, token: string): boolean {
  const [scheme, given] = (request.headers.authorization ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && given !== undefined && timingSafeEqual(digest(given), digest(token));
}

// A local reverse proxy also connects from loopback: a request it forwarded is not local.
const isDirectLoopback = (request: FastifyRequest) =>
  LOOPBACK.test(request.socket.remoteAddress ?? '') && FORWARDING_HEADERS.every((name) => !request.headers[name]);

export function registerMonitoring(app: FastifyInstance, options: { metrics: Metrics; token: string | undefined }) {
  const { metrics, token } = options;

  // Also runs for hijacked replies (Server-Sent Events), whose duration is the whole stream's.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    if (reply.statusCode === 429) metrics.rateLimitRejections.inc({ route });
  });

  app.get(METRICS_PATH, { config: { rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
    if (token ? !presentsToken(request, token) : !isDirectLoopback(request)) {
      return token
        ? sendProblem(
            request,
            reply.header('www-authenticate', 'Bearer'),
            401,
            'unauthenticated',
            'metrics need the metrics token',
          )
        : sendProblem(request, reply, 403, 'forbidden', 'metrics are served to loopback only; set METRICS_TOKEN');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
