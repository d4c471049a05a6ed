// Fitting a conversation into a model's context window: the oldest turns are dropped first,
// the latest user message always stays. Token counts are estimated (about 4 characters each),
// with room kept for the answer and the system prompt.
import { AppError } from '../../platform/errors.js';
import type { ChatTurn } from '../providers/service.js';

export const estimateTokens = (text: string) => Math.ceil(text.length / 4) + 4;

/** What an image costs a model, about: OpenAI counts 765 tokens for 1024 × 1024, Anthropic ~1,600 for 1092². */
export const IMAGE_TOKENS = 1_600;

const turnTokens = (turn: ChatTurn) =>
  estimateTokens(turn.content) + (turn.role === 'user' ? (turn.images?.length ?? 0) * IMAGE_TOKENS : 0);

export function fitToContext(
  turns: readonly ChatTurn[],
  options: { contextWindow: number; reservedForAnswer: number; system?: string },
): { turns: ChatTurn[]; dropped: number } {
  const budget = options.contextWindow - options.reservedForAnswer - estimateTokens(options.system ?? '');
  const kept: ChatTurn[] = [];
  let used = 0;
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index]!;
    const cost = turnTokens(turn);
    if (used + cost > budget) break;
    kept.unshift(turn);
    used += cost;
  }
  if (kept.length === 0) {
    throw new AppError(
      'context_too_long',
      413,
      `the message is too long for the model's context window (about ${turns.length > 0 ? turnTokens(turns.at(-1)!) : 0} tokens, at most ${Math.max(budget, 0)})`,
    );
  }
  // A conversation must not start with an orphaned assistant turn.
  while (kept.length > 1 && kept[0]!.role === 'assistant') kept.shift();
  return { turns: kept, dropped: turns.length - kept.length };
}
