import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { RouteDeps } from '../../app.js';
import { withProblems } from '../../platform/http.js';
import { AGENTS } from './agents.js';
import { DEVELOPER_MODES, RoutingTableSchema, TASK_KINDS } from './routing-table.js';

export const agentRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { agents, audit, origin }) => {
  app.get(
    '/api/agents',
    {
      config: { auth: 'user' },
      schema: {
        operationId: 'listAgents',
        tags: ['agents'],
        summary: 'The agents, task kinds and developer modes a chat request can be routed with',
        response: withProblems({
          200: Type.Object({
            agents: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
            taskKinds: Type.Array(Type.Object({ id: Type.String(), agent: Type.String() })),
            modes: Type.Array(Type.String()),
          }),
        }),
      },
    },
    async () => {
      const { table } = await agents.routingTable();
      return {
        agents: Object.values(AGENTS).map(({ id, label }) => ({ id, label })),
        taskKinds: TASK_KINDS.map((kind) => ({ id: kind, agent: table[kind].agent })),
        modes: [...DEVELOPER_MODES],
      };
    },
  );

  app.get(
    '/api/admin/routing',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'getRoutingTable',
        tags: ['admin'],
        response: withProblems({ 200: Type.Object({ table: RoutingTableSchema, overridden: Type.Boolean() }) }),
      },
    },
    async () => agents.routingTable(),
  );

  app.put(
    '/api/admin/routing',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'putRoutingTable',
        tags: ['admin'],
        summary:
          'Replace the routing table (task kind → agent and models per developer mode); null restores the default',
        body: Type.Object({ table: Type.Union([Type.Null(), RoutingTableSchema]) }, { additionalProperties: false }),
        response: withProblems({ 200: Type.Object({ table: RoutingTableSchema, overridden: Type.Boolean() }) }),
      },
    },
    async (request) => {
      await agents.setRoutingTable(request.body.table);
      await audit.record({
        event: 'routing_changed',
        outcome: 'success',
        actorId: request.user!.id,
        origin: origin(request),
      });
      return agents.routingTable();
    },
  );
};
