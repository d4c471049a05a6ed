// Usage and cost: every provider call records tokens, cost (from the registry's prices) and
// latency. Users see theirs by day and model; admins see totals; an optional monthly budget
// per user blocks new calls with 402 once it is spent.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { timeOrderedId } from '../../platform/ids.js';
import type { Metrics } from '../../platform/monitoring/metrics.js';
import type { UsageRow, UsageStore } from './store.js';

export interface UsageInput {
  userId: string;
  messageId?: string | null;
  source: 'chat' | 'api';
  provider: string;
  model: string;
  outcome: UsageRow['outcome'];
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
  latencyMs: number;
  ttftMs?: number | null;
}

const usd = (micros: number) => Math.round(micros) / 1_000_000;
const monthStart = (now = new Date()) => `${now.toISOString().slice(0, 7)}-01`;

export function toUsageRow(input: UsageInput, now = new Date()): UsageRow {
  return {
    id: timeOrderedId(),
    user_id: input.userId,
    message_id: input.messageId ?? null,
    source: input.source,
    provider: input.provider,
    model: input.model,
    outcome: input.outcome,
    input_tokens: input.inputTokens,
    output_tokens: input.outputTokens,
    cost_micros: input.costMicros,
    latency_ms: Math.round(input.latencyMs),
    ttft_ms: input.ttftMs === undefined || input.ttftMs === null ? null : Math.round(input.ttftMs),
    day: now.toISOString().slice(0, 10),
    created_at: now.toISOString(),
  };
}

export function createUsageService(
  store: UsageStore,
  metrics: Pick<Metrics, 'aiTokens' | 'aiCost' | 'aiTimeToFirstToken' | 'modelLabel'>,
) {
  // The metrics count what is billed: the usage table's numbers, estimates for aborted answers included.
  const observe = (input: UsageInput) => {
    const labels = { provider: input.provider, model: metrics.modelLabel(input.model) };
    metrics.aiTokens.inc({ ...labels, direction: 'input' }, input.inputTokens);
    metrics.aiTokens.inc({ ...labels, direction: 'output' }, input.outputTokens);
    metrics.aiCost.inc(labels, input.costMicros / 1_000_000);
    if (input.ttftMs !== undefined && input.ttftMs !== null)
      metrics.aiTimeToFirstToken.observe(labels, input.ttftMs / 1000);
  };

  const budgetOf = async (userId: string) => {
    const limit = await store.budget(userId);
    const spent = await store.spentSince(userId, monthStart());
    return { monthlyLimitUsd: limit === undefined ? null : usd(limit), spentThisMonthUsd: usd(spent), limit, spent };
  };

  return {
    async record(input: UsageInput) {
      await store.insert(toUsageRow(input));
      observe(input);
    },
    /** Records inside a caller's transaction (the chat stores an answer and its usage together). */
    async recordWith(trx: Kysely<Database>, input: UsageInput) {
      await store.insert(toUsageRow(input), trx);
      observe(input);
    },

    async summary(filter: { userId?: string; from: string; to: string }) {
      const rows = await store.byDayAndModel(filter);
      const items = rows.map((row) => ({
        day: row.day,
        provider: row.provider,
        model: row.model,
        inputTokens: Number(row.input_tokens ?? 0),
        outputTokens: Number(row.output_tokens ?? 0),
        costUsd: usd(Number(row.cost_micros ?? 0)),
        calls: Number(row.calls),
        avgLatencyMs: Math.round(Number(row.avg_latency_ms ?? 0)),
      }));
      const total = items.reduce(
        (sum, item) => ({
          inputTokens: sum.inputTokens + item.inputTokens,
          outputTokens: sum.outputTokens + item.outputTokens,
          costUsd: usd((sum.costUsd + item.costUsd) * 1_000_000),
          calls: sum.calls + item.calls,
        }),
        { inputTokens: 0, outputTokens: 0, costUsd: 0, calls: 0 },
      );
      return { from: filter.from, to: filter.to, items, total };
    },

    async byUser(filter: { from: string; to: string }) {
      return (await store.byUser(filter)).map((row) => ({
        userId: row.user_id,
        email: row.email,
        inputTokens: Number(row.input_tokens ?? 0),
        outputTokens: Number(row.output_tokens ?? 0),
        costUsd: usd(Number(row.cost_micros ?? 0)),
        calls: Number(row.calls),
      }));
    },

    async budget(userId: string) {
      const { monthlyLimitUsd, spentThisMonthUsd } = await budgetOf(userId);
      return { monthlyLimitUsd, spentThisMonthUsd };
    },
    setBudget: (userId: string, monthlyLimitUsd: number | null) =>
      store.setBudget(userId, monthlyLimitUsd === null ? null : Math.round(monthlyLimitUsd * 1_000_000)),

    async assertWithinBudget(userId: string) {
      // Most users have no budget: then the month's usage need not be summed on every call.
      if ((await store.budget(userId)) === undefined) return;
      const { limit, spent, monthlyLimitUsd, spentThisMonthUsd } = await budgetOf(userId);
      if (limit !== undefined && spent >= limit) {
        throw new AppError(
          'budget_exceeded',
          402,
          `your monthly AI budget of $${monthlyLimitUsd} is spent ($${spentThisMonthUsd} used); ask an admin to raise it`,
          { extra: { monthlyLimitUsd, spentThisMonthUsd } },
        );
      }
    },
  };
}

export type UsageService = ReturnType<typeof createUsageService>;
