import type { LanguageModelV3Usage } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { billedOutputTokens } from './service.js';

/** The SDK's usage for a Chat Completions `usage` object, as its adapters convert it. */
const usage = (raw: { prompt_tokens: number; completion_tokens: number; total_tokens: number; reasoning: number }) =>
  ({
    inputTokens: { total: raw.prompt_tokens, noCache: raw.prompt_tokens, cacheRead: 0, cacheWrite: undefined },
    outputTokens: {
      total: raw.completion_tokens,
      text: Math.max(0, raw.completion_tokens - raw.reasoning),
      reasoning: raw.reasoning,
    },
    raw: { ...raw, completion_tokens_details: { reasoning_tokens: raw.reasoning } },
  }) satisfies LanguageModelV3Usage;

describe('billed output tokens', () => {
  it('takes completion_tokens as they are when they include the reasoning (OpenAI, DeepSeek)', () => {
    expect(
      billedOutputTokens(usage({ prompt_tokens: 10, completion_tokens: 50, total_tokens: 60, reasoning: 30 })),
    ).toBe(50);
  });

  it('adds the reasoning when the provider counts it beside them (xAI: total = prompt + completion + reasoning)', () => {
    expect(
      billedOutputTokens(usage({ prompt_tokens: 307, completion_tokens: 26, total_tokens: 560, reasoning: 227 })),
    ).toBe(253);
  });

  it('adds nothing without reasoning, or without a total to tell the two apart', () => {
    expect(
      billedOutputTokens(usage({ prompt_tokens: 16, completion_tokens: 300, total_tokens: 316, reasoning: 0 })),
    ).toBe(300);
    const noTotal = usage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 5, reasoning: 2 });
    expect(billedOutputTokens({ ...noTotal, raw: { prompt_tokens: 1, completion_tokens: 2 } })).toBe(2);
  });
});
