import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import { enc } from './types';

export type ReportFormat = 'markdown' | 'sarif';

const EXTENSION: Record<ReportFormat, string> = { markdown: 'md', sarif: 'sarif' };

export async function getReport({ reviewId, format }: { reviewId: string; format: ReportFormat }) {
  const response = await apiFetch(`/review/${enc(reviewId)}/report`, { query: { format } });
  return { filename: `review-${reviewId.slice(0, 8)}.${EXTENSION[format]}`, blob: await response.blob() };
}

function download({ filename, blob }: { filename: string; blob: Blob }) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const useDownloadReport = () =>
  useMutation({
    mutationFn: async (input: { reviewId: string; format: ReportFormat }) => download(await getReport(input)),
  });
