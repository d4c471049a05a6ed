import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc, type Workspace } from './types';

export const getWorkspace = (id: string) => api.get<Workspace>(`/workspaces/${enc(id)}`);

export const workspaceQueryOptions = (id: string) =>
  queryOptions({ queryKey: codeKeys.workspace(id), queryFn: () => getWorkspace(id) });

export const useWorkspace = (id: string) => useQuery(workspaceQueryOptions(id));
