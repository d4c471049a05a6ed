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

export const activeRunsQueryOptions = () =>
  queryOptions({ queryKey: chatKeys.runs(), queryFn: listActiveRuns, refetchInterval: 10_000 });

export const useActiveRuns = () => useQuery(activeRunsQueryOptions());
