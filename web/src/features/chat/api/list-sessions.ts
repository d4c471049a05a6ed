import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type ChatSessionListItem } from './types';

export interface SessionPage {
  items: ChatSessionListItem[];
  nextCursor: string | null;
}

export const listSessions = (q: string, cursor?: string) =>
  api.get<SessionPage>('/chat/sessions', { query: { limit: 50, q: q.trim() || undefined, cursor } });

export const sessionsQueryOptions = (q: string) =>
  infiniteQueryOptions({
    queryKey: chatKeys.sessionList(q),
    queryFn: ({ pageParam }) => listSessions(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const useSessions = (q: string) => useInfiniteQuery(sessionsQueryOptions(q));
