// The routing table: for each task kind, the agent that answers and the models it prefers in
// each developer mode, best first. The defaults live in routing.json; an admin override is a
// whole table validated against RoutingTableSchema.
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import data from './routing.json' with { type: 'json' };

export const TASK_KINDS = [
  'general',
  'code',
  'code-review',
  'debugging',
  'documentation',
  'research',
  'creative',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const DEVELOPER_MODES = ['junior', 'senior'] as const;
export type DeveloperMode = (typeof DEVELOPER_MODES)[number];

export const AGENT_IDS = ['assistant', 'coder', 'reviewer', 'debugger', 'documenter', 'researcher', 'writer'] as const;
export type AgentId = (typeof AGENT_IDS)[number];

const ModelIds = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  minItems: 1,
  maxItems: 20,
  uniqueItems: true,
  description: 'Model ids, best first; models whose provider has no key are skipped',
});

export const TaskRouteSchema = Type.Object(
  {
    agent: Type.Enum([...AGENT_IDS]),
    models: Type.Object(
      {
        junior: ModelIds,
        senior: ModelIds,
      },
      { additionalProperties: false, description: 'junior: fast, cheap models; senior: the strongest' },
    ),
  },
  { additionalProperties: false },
);

export const RoutingTableSchema = Type.Object(
  {
    general: TaskRouteSchema,
    code: TaskRouteSchema,
    'code-review': TaskRouteSchema,
    debugging: TaskRouteSchema,
    documentation: TaskRouteSchema,
    research: TaskRouteSchema,
    creative: TaskRouteSchema,
  },
  { additionalProperties: false },
);

export type TaskRoute = Static<typeof TaskRouteSchema>;
export type RoutingTable = Static<typeof RoutingTableSchema>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

let cached: RoutingTable | undefined;
/** The built-in table, parsed once and frozen: every request shares it, so nobody may change it. */
export const defaultRoutingTable = (): RoutingTable =>
  (cached ??= deepFreeze(Value.Parse(RoutingTableSchema, data.routes)));
