export const PROVIDERS = ['openai', 'anthropic', 'perplexity', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ApiKeyStatus {
  provider: ProviderName;
  configured: boolean;
  last4: string | null;
  baseUrl: string | null;
  updatedAt: string | null;
}

export interface ModelInfo {
  id: string;
  provider: ProviderName;
  label: string;
  contextWindow: number;
  maxOutputTokens: number;
  /** USD per million tokens. */
  pricing: { input: number; output: number };
  capabilities: { streaming: boolean; tools: boolean; vision: boolean; reasoning: boolean };
  tier: 'fast' | 'strong';
  keySource: 'user' | 'server';
}
