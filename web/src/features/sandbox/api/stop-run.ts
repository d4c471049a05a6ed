import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { enc, type SandboxRun } from './types';

/** Stops a queued or running run; its event stream then ends with the exit. */
export const stopRun = (id: string) => api.post<SandboxRun>(`/sandbox/runs/${enc(id)}/stop`);

export const useStopRun = () => useMutation({ mutationFn: stopRun });
