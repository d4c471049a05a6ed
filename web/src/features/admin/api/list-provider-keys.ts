import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { adminKeys, type ServerKeyStatus } from './types';

export const listProviderKeys = () => api.get<{ items: ServerKeyStatus[] }>('/admin/provider-keys');

export const providerKeysQueryOptions = () =>
  queryOptions({ queryKey: adminKeys.providerKeys(), queryFn: listProviderKeys });

export const useProviderKeys = () => useQuery(providerKeysQueryOptions());
