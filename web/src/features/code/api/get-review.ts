import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, enc, type ReviewDetail } from './types';

export const getReview = (id: string) => api.get<ReviewDetail>(`/review/${enc(id)}`);

export const reviewQueryOptions = (id: string) =>
  queryOptions({ queryKey: codeKeys.review(id), queryFn: () => getReview(id) });

/** The review's findings, once it finished (until then the events tell the progress). */
export const useReview = (id: string | null, finished: boolean) =>
  useQuery({ ...reviewQueryOptions(id ?? ''), enabled: id !== null && finished });
