import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, type User } from '@/lib/api-client';
import { adminKeys } from './types';

export const listUsers = (cursor?: string) =>
  api.get<{ items: User[]; nextCursor: string | null }>('/admin/users', { query: { limit: 100, cursor } });

export const usersQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: adminKeys.users(),
    queryFn: ({ pageParam }) => listUsers(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const useUsers = () => useInfiniteQuery(usersQueryOptions());
