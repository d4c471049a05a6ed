import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc, type AppliedFix, type FixPreview } from './types';

export const getFix = (reviewId: string, findingId: string) =>
  api.get<FixPreview>(`/review/${enc(reviewId)}/fixes/${enc(findingId)}`);

export const useFix = (reviewId: string, findingId: string | null) =>
  useQuery({
    queryKey: [...codeKeys.review(reviewId), 'fix', findingId ?? ''],
    queryFn: () => getFix(reviewId, findingId!),
    enabled: findingId !== null,
    staleTime: 0,
    gcTime: 0,
  });

/** Applies a fix to the version previewed (sha256); 409 when the file changed since. */
export const applyFix = ({ reviewId, findingId, sha256 }: { reviewId: string; findingId: string; sha256: string }) =>
  api.post<AppliedFix>(`/review/${enc(reviewId)}/fixes/${enc(findingId)}/apply`, { sha256 });

export function useApplyFix() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: applyFix,
    // Other fixes of the file moved or went stale: the review's findings change too.
    onSettled: (_result, _error, { reviewId }) =>
      queryClient.invalidateQueries({ queryKey: codeKeys.review(reviewId) }),
  });
}
