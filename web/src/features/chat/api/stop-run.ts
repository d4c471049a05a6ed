import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys } from './types';

/** Stops an answer; the text so far is kept as an aborted message (the stream ends with done). */
export const stopRun = (runId: string) =>
  api.post<{ runId: string; status: string }>(`/chat/runs/${encodeURIComponent(runId)}/stop`);

export function useStopRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: stopRun,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chatKeys.runs() }),
  });
}
