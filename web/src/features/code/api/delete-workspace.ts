import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc } from './types';

export const deleteWorkspace = (id: string) => api.delete(`/workspaces/${enc(id)}`);

export function useDeleteWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWorkspace,
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: codeKeys.workspace(id) });
      return queryClient.invalidateQueries({ queryKey: codeKeys.workspaces() });
    },
  });
}
