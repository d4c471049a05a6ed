import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { settingsKeys } from './types';

export interface Budget {
  monthlyLimitUsd: number | null;
  spentThisMonthUsd: number;
}

export const getBudget = () => api.get<Budget>('/usage/budget');

export const budgetQueryOptions = () => queryOptions({ queryKey: settingsKeys.budget(), queryFn: getBudget });

export const useBudget = () => useQuery(budgetQueryOptions());
