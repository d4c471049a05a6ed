import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { ModelInfo, ProviderName } from './types';

export interface ModelsResponse {
  items: ModelInfo[];
  providers: Array<{ provider: ProviderName; configured: boolean; source: 'user' | 'server' | null }>;
  /** false: no provider at all (first run). */
  configured: boolean;
}

export const modelsQueryKey = ['providers', 'models'] as const;

export const getModels = () => api.get<ModelsResponse>('/models');

export const modelsQueryOptions = () =>
  queryOptions({ queryKey: modelsQueryKey, queryFn: getModels, staleTime: 60_000 });

export const useModels = () => useQuery(modelsQueryOptions());
