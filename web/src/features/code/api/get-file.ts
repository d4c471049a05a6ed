import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc, type FileContent } from './types';

/** A text file's content; binary files answer 415 (they open through /raw instead). */
export const getFile = (workspaceId: string, path: string) =>
  api.get<FileContent>(`/workspaces/${enc(workspaceId)}/file`, { query: { path } });

export const fileQueryOptions = (workspaceId: string, path: string) =>
  queryOptions({
    queryKey: codeKeys.file(workspaceId, path),
    queryFn: () => getFile(workspaceId, path),
    // The editor holds the user's copy; a background refetch must not replace it.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

export const useFile = (workspaceId: string, path: string | null) =>
  useQuery({ ...fileQueryOptions(workspaceId, path ?? ''), enabled: path !== null });
