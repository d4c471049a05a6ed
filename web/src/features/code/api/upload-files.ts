import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc } from './types';

/** Uploads files into a folder; each part's filename is its path in the workspace. */
export function uploadFiles({ workspaceId, folder, files }: { workspaceId: string; folder: string; files: File[] }) {
  const form = new FormData();
  for (const file of files) form.append('file', file, folder ? `${folder}/${file.name}` : file.name);
  return api.post<unknown>(`/workspaces/${enc(workspaceId)}/upload`, form);
}

export function useUploadFiles() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadFiles,
    onSuccess: (_result, { workspaceId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: codeKeys.files(workspaceId), exact: true }),
        queryClient.invalidateQueries({ queryKey: codeKeys.workspaces() }),
      ]),
  });
}
