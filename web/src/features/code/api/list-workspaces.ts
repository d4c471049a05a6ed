import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, type Workspace } from './types';

export const listWorkspaces = () =>
  api.get<{ items: Workspace[]; nextCursor: string | null }>('/workspaces', { query: { limit: 100 } });

export const workspacesQueryOptions = () => queryOptions({ queryKey: codeKeys.workspaces(), queryFn: listWorkspaces });

export const useWorkspaces = () => useQuery(workspacesQueryOptions());
