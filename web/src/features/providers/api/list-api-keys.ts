import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { ApiKeyStatus } from './types';

export const apiKeysQueryKey = ['providers', 'api-keys'] as const;

export const listApiKeys = () => api.get<{ items: ApiKeyStatus[] }>('/settings/api-keys');

export const apiKeysQueryOptions = () => queryOptions({ queryKey: apiKeysQueryKey, queryFn: listApiKeys });

export const useApiKeys = () => useQuery(apiKeysQueryOptions());
