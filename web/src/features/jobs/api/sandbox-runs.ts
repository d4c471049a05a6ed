// Sandbox runs for the jobs panel (server/src/modules/sandbox/routes.ts): the unfinished ones
// of the newest 50, and stopping one. Only the fields the panel shows are typed here.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface SandboxRunJob {
  id: string;
  language: string;
  filename: string;
  workspaceId: string | null;
  status: 'queued' | 'running' | 'complete' | 'failed' | 'stopped';
  createdAt: string;
}

const sandboxRunsKey = ['jobs', 'sandbox-runs'] as const;
const unfinished = (run: SandboxRunJob) => run.status === 'queued' || run.status === 'running';

export const listSandboxRuns = () =>
  api.get<{ items: SandboxRunJob[]; nextCursor: string | null }>('/sandbox/runs', { query: { limit: 50 } });

export const unfinishedSandboxRunsQueryOptions = (poll: boolean) =>
  queryOptions({
    queryKey: sandboxRunsKey,
    queryFn: listSandboxRuns,
    select: (page) => page.items.filter(unfinished),
    refetchInterval: (query) => (poll || query.state.data?.items.some(unfinished) ? 3_000 : false),
  });

export const useUnfinishedSandboxRuns = (poll: boolean) => useQuery(unfinishedSandboxRunsQueryOptions(poll));

export function useStopSandboxRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<SandboxRunJob>(`/sandbox/runs/${encodeURIComponent(id)}/stop`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sandboxRunsKey }),
  });
}
