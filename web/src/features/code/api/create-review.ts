import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { ReviewInput, ReviewSummary } from './types';

/** Queues a review (202); its progress streams from eventsUrl. */
export const createReview = (input: ReviewInput) => api.post<ReviewSummary & { eventsUrl: string }>('/review', input);

export const useCreateReview = () => useMutation({ mutationFn: createReview });
