// The signed-in user, or null. The access token lives in memory, so after a reload the first
// answer comes from the refresh cookie; later sign-ins and sign-outs write into this query.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, getAccessToken, refreshSession, type User } from '@/lib/api-client';

export const meQueryKey = ['auth', 'me'] as const;

export async function getMe(): Promise<User | null> {
  if (!getAccessToken()) return (await refreshSession())?.user ?? null;
  return api.get<User>('/auth/me');
}

export const meQueryOptions = () =>
  queryOptions({ queryKey: meQueryKey, queryFn: getMe, staleTime: Infinity, retry: false });

export const useMe = () => useQuery(meQueryOptions());
