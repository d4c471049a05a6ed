import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, type Workspace } from './types';

export const createWorkspace = (input: { name: string; description?: string }) =>
  api.post<Workspace>('/workspaces', input);

export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWorkspace,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: codeKeys.workspaces() }),
  });
}
