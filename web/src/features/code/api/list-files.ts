import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc, type WorkspaceFile } from './types';

export const listFiles = (workspaceId: string) =>
  api.get<{ items: WorkspaceFile[] }>(`/workspaces/${enc(workspaceId)}/files`);

export const filesQueryOptions = (workspaceId: string) =>
  queryOptions({ queryKey: codeKeys.files(workspaceId), queryFn: () => listFiles(workspaceId) });

export const useFiles = (workspaceId: string) => useQuery(filesQueryOptions(workspaceId));
