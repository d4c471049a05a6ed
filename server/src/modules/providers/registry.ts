// The model registry: which models exist, their context window, output limit, prices and
// capabilities. The data lives in models.json; an admin's overrides are merged over it by id.
import type { SharedV3ProviderOptions } from '@ai-sdk/provider';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import data from './models.json' with { type: 'json' };

export const PROVIDER_NAMES = ['openai', 'anthropic', 'perplexity', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export const ModelInfoSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200 }),
    provider: Type.Enum([...PROVIDER_NAMES]),
    label: Type.String({ minLength: 1, maxLength: 200 }),
    contextWindow: Type.Integer({ minimum: 256 }),
    maxOutputTokens: Type.Integer({ minimum: 1 }),
    pricing: Type.Object(
      { input: Type.Number({ minimum: 0 }), output: Type.Number({ minimum: 0 }) },
      { additionalProperties: false, description: 'USD per million tokens' },
    ),
    capabilities: Type.Object(
      { streaming: Type.Boolean(), tools: Type.Boolean(), vision: Type.Boolean(), reasoning: Type.Boolean() },
      { additionalProperties: false },
    ),
    tier: Type.Enum(['fast', 'strong'], {
      description: 'fast: cheap and quick (junior mode); strong: best quality (senior)',
    }),
  },
  { additionalProperties: false },
);

export type ModelInfo = Static<typeof ModelInfoSchema>;

let cached: ModelInfo[] | undefined;
export const builtInModels = (): ModelInfo[] =>
  (cached ??= data.models.map((model: unknown) => Value.Parse(ModelInfoSchema, model)));

/**
 * Whether a model can call tools or read images: the registry says so for hosted models; a server
 * of the user's own (openai-compatible) decides for itself, so it is asked.
 */
export const modelCan = (model: ModelInfo, ability: 'tools' | 'vision') =>
  model.capabilities[ability] || model.provider === 'openai-compatible';

/** A model a local OpenAI-compatible server reports, which the registry does not know. */
export const discoveredModel = (id: string): ModelInfo => ({
  id,
  provider: 'openai-compatible',
  label: id,
  contextWindow: 32_768,
  maxOutputTokens: 4096,
  pricing: { input: 0, output: 0 },
  capabilities: { streaming: true, tools: false, vision: false, reasoning: false },
  tier: 'fast',
});

export function mergeModels(base: readonly ModelInfo[], overrides: readonly ModelInfo[]): ModelInfo[] {
  const byId = new Map(base.map((model) => [model.id, model]));
  for (const override of overrides) byId.set(override.id, override);
  return [...byId.values()];
}

/** Cost in micro-dollars (integers keep sums exact). */
export const costMicros = (model: Pick<ModelInfo, 'pricing'>, inputTokens: number, outputTokens: number) =>
  Math.round(inputTokens * model.pricing.input + outputTokens * model.pricing.output);

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

/** Claude's thinking budget per effort, in tokens (billed as output; 1,024 is its least). */
const THINKING_BUDGET: Record<ReasoningEffort, number> = { minimal: 1024, low: 1024, medium: 4096, high: 16_384 };

/**
 * The provider options that make a model think longer, with this effort: Claude's extended
 * thinking (its thinking comes back as reasoning), OpenAI's reasoning effort. None for a model
 * the registry does not mark as reasoning, nor for other providers.
 */
export function reasoningOptions(
  model: ModelInfo,
  effort: ReasoningEffort | undefined,
): SharedV3ProviderOptions | undefined {
  if (!effort || !model.capabilities.reasoning) return undefined;
  if (model.provider === 'anthropic') {
    return { anthropic: { thinking: { type: 'enabled', budgetTokens: THINKING_BUDGET[effort] } } };
  }
  if (model.provider === 'openai') return { openai: { reasoningEffort: effort } };
  return undefined;
}
