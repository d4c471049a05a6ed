import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import { downloadFile } from '@/lib/download';
import { enc } from './types';

export type ReportFormat = 'markdown' | 'sarif';

const EXTENSION: Record<ReportFormat, string> = { markdown: 'md', sarif: 'sarif' };

export async function getReport({ reviewId, format }: { reviewId: string; format: ReportFormat }) {
  const response = await apiFetch(`/review/${enc(reviewId)}/report`, { query: { format } });
  return { filename: `review-${reviewId.slice(0, 8)}.${EXTENSION[format]}`, blob: await response.blob() };
}

export const useDownloadReport = () =>
  useMutation({
    mutationFn: async (input: { reviewId: string; format: ReportFormat }) => downloadFile(await getReport(input)),
  });
