import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { UsageItem } from '@/components/usage-chart';
import { api } from '@/lib/api-client';
import { settingsKeys } from './types';

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  calls: number;
}

export interface UsageResponse {
  from: string;
  to: string;
  items: Array<UsageItem & { avgLatencyMs: number }>;
  total: UsageTotals;
}

/** Your tokens, cost and calls by day and model (days are YYYY-MM-DD, inclusive). */
export const getUsage = (from: string, to: string) => api.get<UsageResponse>('/usage', { query: { from, to } });

export const usageQueryOptions = (from: string, to: string) =>
  queryOptions({
    queryKey: settingsKeys.usage(from, to),
    queryFn: () => getUsage(from, to),
    placeholderData: keepPreviousData,
  });

export const useUsage = (from: string, to: string) => useQuery(usageQueryOptions(from, to));
