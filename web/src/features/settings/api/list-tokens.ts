import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { settingsKeys, type PersonalAccessToken } from './types';

export const listTokens = () => api.get<{ items: PersonalAccessToken[] }>('/settings/tokens');

export const tokensQueryOptions = () => queryOptions({ queryKey: settingsKeys.tokens(), queryFn: listTokens });

export const useTokens = () => useQuery(tokensQueryOptions());
