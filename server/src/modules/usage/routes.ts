import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { withProblems } from '../../platform/http.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' });
const Range = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false });
const Totals = Type.Object({
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  costUsd: Type.Number(),
  calls: Type.Integer(),
});
const Summary = Type.Object({
  from: Type.String(),
  to: Type.String(),
  items: Type.Array(
    Type.Object({
      day: Type.String(),
      provider: Type.String(),
      model: Type.String(),
      inputTokens: Type.Integer(),
      outputTokens: Type.Integer(),
      costUsd: Type.Number(),
      calls: Type.Integer(),
      avgLatencyMs: Type.Integer(),
    }),
  ),
  total: Totals,
});
const Budget = Type.Object({
  monthlyLimitUsd: Type.Union([Type.Number(), Type.Null()]),
  spentThisMonthUsd: Type.Number(),
});

/** Defaults to the last 30 days. */
const range = (query: { from?: string; to?: string }) => ({
  from: query.from ?? new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10),
  to: query.to ?? new Date().toISOString().slice(0, 10),
});

export const usageRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { usage, users, audit, origin }) => {
  app.get(
    '/api/usage',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'getUsage',
        tags: ['usage'],
        summary: 'Your tokens, cost and calls by day and model (default: the last 30 days)',
        querystring: Range,
        response: withProblems({ 200: Summary }),
      },
    },
    async (request) => usage.summary({ userId: request.user!.id, ...range(request.query) }),
  );

  app.get(
    '/api/usage/budget',
    {
      config: { auth: 'user' },
      schema: { operationId: 'getBudget', tags: ['usage'], response: withProblems({ 200: Budget }) },
    },
    async (request) => usage.budget(request.user!.id),
  );

  app.get(
    '/api/admin/usage',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'getUsageTotals',
        tags: ['admin'],
        summary: 'Totals for everyone: by day and model, and by user',
        querystring: Range,
        response: withProblems({
          200: Type.Intersect([
            Summary,
            Type.Object({
              users: Type.Array(Type.Intersect([Totals, Type.Object({ userId: Type.String(), email: Type.String() })])),
            }),
          ]),
        }),
      },
    },
    async (request) => {
      const window = range(request.query);
      return { ...(await usage.summary(window)), users: await usage.byUser(window) };
    },
  );

  app.put(
    '/api/admin/users/:id/budget',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'putUserBudget',
        tags: ['admin'],
        summary: 'Set (or, with null, remove) a user’s monthly AI budget in USD',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        body: Type.Object(
          { monthlyLimitUsd: Type.Union([Type.Number({ minimum: 0, maximum: 1_000_000 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: withProblems({ 200: Budget }),
      },
    },
    async (request) => {
      if (!(await users.findById(request.params.id))) {
        throw new AppError('user_not_found', 404, `no user with id ${request.params.id}`);
      }
      await usage.setBudget(request.params.id, request.body.monthlyLimitUsd);
      await audit.record({
        event: 'budget_changed',
        outcome: 'success',
        actorId: request.user!.id,
        targetId: request.params.id,
        origin: origin(request),
        details: { monthlyLimitUsd: request.body.monthlyLimitUsd },
      });
      return usage.budget(request.params.id);
    },
  );
};
