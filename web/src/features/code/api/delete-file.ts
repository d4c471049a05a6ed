import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc } from './types';

export const deleteFile = ({ workspaceId, path }: { workspaceId: string; path: string }) =>
  api.delete(`/workspaces/${enc(workspaceId)}/file`, { query: { path } });

export function useDeleteFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteFile,
    onSuccess: (_result, { workspaceId, path }) => {
      queryClient.removeQueries({ queryKey: codeKeys.file(workspaceId, path) });
      return queryClient.invalidateQueries({ queryKey: codeKeys.files(workspaceId), exact: true });
    },
  });
}
