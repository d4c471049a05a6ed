import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc } from './types';

export const moveFile = ({ workspaceId, from, to }: { workspaceId: string; from: string; to: string }) =>
  api.post<unknown>(`/workspaces/${enc(workspaceId)}/move`, { from, to });

export function useMoveFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: moveFile,
    onSuccess: (_result, { workspaceId, from }) => {
      queryClient.removeQueries({ queryKey: codeKeys.file(workspaceId, from) });
      return queryClient.invalidateQueries({ queryKey: codeKeys.files(workspaceId), exact: true });
    },
  });
}
