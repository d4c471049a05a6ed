import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** Stops an answer; the text so far is kept as an aborted message (the stream ends with done). */
export const stopRun = (runId: string) =>
  api.post<{ runId: string; status: string }>(`/chat/runs/${encodeURIComponent(runId)}/stop`);

export const useStopRun = () => useMutation({ mutationFn: stopRun });
