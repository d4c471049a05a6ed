import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { enc, sandboxKeys, type SandboxRun } from './types';

export const getRun = (id: string) => api.get<SandboxRun>(`/sandbox/runs/${enc(id)}`);

export const runQueryOptions = (id: string) =>
  queryOptions({ queryKey: sandboxKeys.run(id), queryFn: () => getRun(id) });

/** A run's stored result (the events tell it live; this is what stays afterwards). */
export const useRun = (id: string | null) => useQuery({ ...runQueryOptions(id ?? ''), enabled: id !== null });
