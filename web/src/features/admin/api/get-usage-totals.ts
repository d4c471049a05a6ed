import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { UsageItem } from '@/components/usage-chart';
import { api } from '@/lib/api-client';
import { adminKeys } from './types';

interface Totals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  calls: number;
}

export interface UsageTotalsResponse {
  from: string;
  to: string;
  items: Array<UsageItem & { avgLatencyMs: number }>;
  total: Totals;
  users: Array<Totals & { userId: string; email: string }>;
}

/** Everyone's usage by day and model, and by user. */
export const getUsageTotals = (from: string, to: string) =>
  api.get<UsageTotalsResponse>('/admin/usage', { query: { from, to } });

export const usageTotalsQueryOptions = (from: string, to: string) =>
  queryOptions({
    queryKey: adminKeys.usage(from, to),
    queryFn: () => getUsageTotals(from, to),
    placeholderData: keepPreviousData,
  });

export const useUsageTotals = (from: string, to: string) => useQuery(usageTotalsQueryOptions(from, to));
