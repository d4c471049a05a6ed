import { apiFetch } from '@/lib/api-client';
import { enc } from './types';

/** The review's progress as Server-Sent Events, after `lastEventId` when reconnecting. */
export const openReviewEvents = (reviewId: string, lastEventId: number, signal?: AbortSignal) =>
  apiFetch(`/review/${enc(reviewId)}/events`, {
    headers: { accept: 'text/event-stream', ...(lastEventId > 0 ? { 'last-event-id': String(lastEventId) } : {}) },
    signal,
  });
