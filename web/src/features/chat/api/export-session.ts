import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import { downloadFile } from '@/lib/download';

export type ExportFormat = 'markdown' | 'json';

/** The export as a file: its name (from Content-Disposition) and contents. */
export async function exportSession({ id, format }: { id: string; format: ExportFormat }) {
  const response = await apiFetch(`/chat/sessions/${encodeURIComponent(id)}/export`, { query: { format } });
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${id}.${format === 'json' ? 'json' : 'md'}`;
  return { filename, blob: await response.blob() };
}

export const useExportSession = () =>
  useMutation({
    mutationFn: async (input: { id: string; format: ExportFormat }) => downloadFile(await exportSession(input)),
  });
