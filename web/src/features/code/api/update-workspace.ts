import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc, type Workspace } from './types';

export const updateWorkspace = ({ id, ...changes }: { id: string; name?: string; description?: string }) =>
  api.patch<Workspace>(`/workspaces/${enc(id)}`, changes);

export function useUpdateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateWorkspace,
    onSuccess: (workspace) => {
      queryClient.setQueryData(codeKeys.workspace(workspace.id), workspace);
      return queryClient.invalidateQueries({ queryKey: codeKeys.workspaces() });
    },
  });
}
