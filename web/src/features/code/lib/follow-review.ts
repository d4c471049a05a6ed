// Follows a review's progress events to the end (see lib/follow-events.ts).
import { followEvents, type FollowEventsOptions } from '@/lib/follow-events';
import type { ReviewSummaryCounts } from '../api/types';

export type ReviewEvent =
  | { type: 'queued'; data: { filesTotal: number } }
  | { type: 'started'; data: { filesTotal: number } }
  | {
      type: 'progress';
      data: { stage: 'static' | 'ai' | 'done'; filesDone: number; filesTotal: number; findings: number };
    }
  | { type: 'done'; data: { status: 'complete'; findings: number; summary?: ReviewSummaryCounts } }
  | { type: 'error'; data: { status?: 'failed'; code: string; detail: string } };

const REVIEW = {
  known: new Set(['queued', 'started', 'progress', 'done', 'error']),
  final: new Set(['done', 'error']),
  name: 'review',
};

export type FollowReviewOptions = FollowEventsOptions<ReviewEvent>;

/** Resolves with the final event, or null when aborted; throws when the stream cannot be had. */
export const followReview = (options: FollowReviewOptions) => followEvents(REVIEW, options);
