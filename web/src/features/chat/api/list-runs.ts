import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys } from './types';

export interface ActiveRun {
  runId: string;
  sessionId: string;
  messageId: string;
  startedAt: string;
}

export const listActiveRuns = () => api.get<{ items: ActiveRun[] }>('/chat/runs');

/**
 * Polled while `poll` says so (the jobs panel is open) or answers are running; when idle, the
 * run controller's invalidations and window focus keep it current.
 */
export const activeRunsQueryOptions = (poll: boolean) =>
  queryOptions({
    queryKey: chatKeys.runs(),
    queryFn: listActiveRuns,
    refetchInterval: (query) => (poll || (query.state.data?.items.length ?? 0) > 0 ? 3_000 : false),
  });

export const useActiveRuns = (poll = false) => useQuery(activeRunsQueryOptions(poll));
