import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { codeKeys, type ReviewSummary } from './types';

const unfinished = (review: ReviewSummary) => review.status === 'queued' || review.status === 'running';

// Newest first: a review still running is among the newest 50 (a user queues a few at most).
export const listReviews = () =>
  api.get<{ items: ReviewSummary[]; nextCursor: string | null }>('/review', { query: { limit: 50 } });

/** The user's queued and running reviews; polled while `poll` says so or any is unfinished. */
export const unfinishedReviewsQueryOptions = (poll: boolean) =>
  queryOptions({
    queryKey: codeKeys.reviews(),
    queryFn: listReviews,
    select: (page) => page.items.filter(unfinished),
    refetchInterval: (query) => (poll || query.state.data?.items.some(unfinished) ? 3_000 : false),
  });

export const useUnfinishedReviews = (poll: boolean) => useQuery(unfinishedReviewsQueryOptions(poll));
