// Decides who answers a chat request: the task kind (the user's choice or the classifier's),
// the agent for it, and the models to try in order, with a reason the UI can show.
import { AppError } from '../../platform/errors.js';
import { builtInModels, type ModelInfo, type ProviderName } from '../providers/registry.js';
import { agentFor } from './agents.js';
import { classifyTask } from './classifier.js';
import { defaultRoutingTable, type DeveloperMode, type RoutingTable, type TaskKind } from './routing-table.js';

export type { DeveloperMode, RoutingTable, TaskKind } from './routing-table.js';

export interface RouteRequest {
  /** The user's latest message. */
  message: string;
  /** An explicit choice beats the classifier. */
  taskKind?: TaskKind;
  /** An explicit model id; 'auto' or absent lets the table decide. */
  model?: string;
  /** Defaults to 'senior'. */
  mode?: DeveloperMode;
  /** Models whose provider has a key for this user, including discovered local models. */
  available: readonly ModelInfo[];
  /** An admin's table; the default table when absent. */
  table?: RoutingTable;
}

export interface Route {
  taskKind: TaskKind;
  classifiedBy: 'explicit' | 'classifier';
  agent: { id: string; label: string; systemPrompt: string };
  /** Primary first, then fallbacks; never empty. */
  candidates: ModelInfo[];
  /** Why this agent and model, in words the UI shows. */
  reason: string;
  signals: string[];
}

const PROVIDER_LABELS: Record<ProviderName, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  perplexity: 'Perplexity',
  'openai-compatible': 'a local OpenAI-compatible server',
};

/** "a", "a and b", "a, b and c" */
const listOf = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const modelName = (model: ModelInfo) =>
  model.provider === 'openai-compatible' ? `${model.id} (local server)` : model.id;

// Models outside the table: those of the mode's tier first, then the cheaper.
function byFitFor(mode: DeveloperMode) {
  const preferredTier = mode === 'junior' ? 'fast' : 'strong';
  return (a: ModelInfo, b: ModelInfo) =>
    Number(b.tier === preferredTier) - Number(a.tier === preferredTier) ||
    a.pricing.input + a.pricing.output - (b.pricing.input + b.pricing.output);
}

function modelNotAvailable(id: string, available: readonly ModelInfo[]): AppError {
  const known = builtInModels().find((model) => model.id === id);
  if (known) {
    const setup =
      known.provider === 'openai-compatible'
        ? 'Add its URL in Settings'
        : `Add a ${PROVIDER_LABELS[known.provider]} API key in Settings`;
    return new AppError(
      'model_not_available',
      400,
      `${id} is not available: no key for ${PROVIDER_LABELS[known.provider]} is configured. ${setup} or choose another model.`,
      { extra: { model: id, provider: known.provider } },
    );
  }
  const choices = available.map((model) => model.id);
  return new AppError(
    'model_not_available',
    400,
    `${id} is not a known model. Available: ${choices.slice(0, 12).join(', ')}${choices.length > 12 ? ', …' : ''}.`,
    { extra: { model: id, available: choices } },
  );
}

/** Why the table's choice fell on `primary`: first preference, or the preferences it skipped. */
function whyModel(primary: ModelInfo, preferred: readonly string[], mode: DeveloperMode): string {
  if (primary.id === preferred[0]) return `${mode} mode prefers ${primary.id}`;
  const rank = preferred.indexOf(primary.id);
  if (rank > 0) {
    const skipped = preferred.slice(0, rank);
    const verb = skipped.length === 1 ? 'is' : 'are';
    return `${listOf(skipped)} ${verb} not configured; using ${primary.id}, next in line for ${mode} mode`;
  }
  return `none of the models ${mode} mode prefers (${preferred.join(', ')}) is configured; using ${modelName(primary)}`;
}

export function route(request: RouteRequest): Route {
  const byId = new Map<string, ModelInfo>();
  for (const model of request.available) if (!byId.has(model.id)) byId.set(model.id, model);
  const available = [...byId.values()];
  if (available.length === 0) {
    throw new AppError(
      'provider_not_configured',
      409,
      'No AI provider is configured yet. Add an API key for OpenAI, Anthropic or Perplexity in Settings, or the URL of a local OpenAI-compatible server such as Ollama or LM Studio.',
    );
  }

  const table = request.table ?? defaultRoutingTable();
  const mode = request.mode ?? 'senior';
  const classification = request.taskKind ? undefined : classifyTask(request.message);
  const taskKind = request.taskKind ?? classification?.kind ?? 'general';
  const signals = classification?.signals ?? [];
  const agent = agentFor(taskKind, table);

  const preferred = table[taskKind].models[mode];
  const fromTable = preferred.flatMap((id) => byId.get(id) ?? []);
  const others = available.filter((model) => !fromTable.includes(model)).sort(byFitFor(mode));
  let candidates = [...fromTable, ...others];

  const explicitId = request.model?.trim();
  const explicit = explicitId && explicitId !== 'auto' ? explicitId : undefined;
  if (explicit !== undefined) {
    const chosen = byId.get(explicit);
    if (!chosen) throw modelNotAvailable(explicit, available);
    candidates = [chosen, ...candidates.filter((model) => model !== chosen)];
  }

  // `available` is not empty and every available model is a candidate.
  const [primary] = candidates as [ModelInfo, ...ModelInfo[]];
  const task = classification
    ? `classified as ${taskKind} (${signals.length > 0 ? signals.join(', ') : 'no specific cues'})`
    : `you chose the ${taskKind} task`;
  const reasons = [
    `${task}, so the ${agent.label} answers`,
    explicit === undefined ? whyModel(primary, preferred, mode) : `you chose ${modelName(primary)}`,
  ];
  if (taskKind === 'research' && primary.provider !== 'perplexity') {
    reasons.push(`${primary.id} has no live web search, so recent facts may be missing`);
  }

  return {
    taskKind,
    classifiedBy: classification ? 'classifier' : 'explicit',
    agent: { id: agent.id, label: agent.label, systemPrompt: agent.systemPrompt },
    candidates,
    reason: reasons.join('; '),
    signals,
  };
}
