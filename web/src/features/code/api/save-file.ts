import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc, type WorkspaceFile } from './types';

export interface SaveFileInput {
  workspaceId: string;
  path: string;
  content: string;
  /** The version the edit started from; null creates a new file; omitted overwrites. */
  baseSha256?: string | null;
}

/** Saves a file; 409 workspace_file_changed when someone else saved since baseSha256. */
export const saveFile = ({ workspaceId, ...body }: SaveFileInput) =>
  api.put<WorkspaceFile>(`/workspaces/${enc(workspaceId)}/file`, body);

export function useSaveFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveFile,
    onSuccess: (meta, input) => {
      queryClient.setQueryData(codeKeys.file(input.workspaceId, input.path), {
        path: meta.path,
        content: input.content,
        sha256: meta.sha256,
        size: meta.size,
        mime: meta.mime,
        updatedAt: meta.updatedAt,
      });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: codeKeys.files(input.workspaceId), exact: true }),
        queryClient.invalidateQueries({ queryKey: codeKeys.workspaces() }),
      ]);
    },
  });
}
