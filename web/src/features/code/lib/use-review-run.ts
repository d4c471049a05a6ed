// One review at a time for a panel: start it, follow its progress events, and know when its
// findings can be read. Starting another review (or leaving) stops following the previous one.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '@/lib/api-client';
import { createReview } from '../api/create-review';
import { openReviewEvents } from '../api/review-events';
import { codeKeys, type ReviewInput } from '../api/types';
import { followReview } from './follow-review';

export interface ReviewRun {
  reviewId: string | null;
  phase: 'idle' | 'starting' | 'queued' | 'running' | 'complete' | 'failed';
  filesDone: number;
  filesTotal: number;
  findings: number;
  reconnecting: boolean;
  error: unknown;
}

const IDLE: ReviewRun = {
  reviewId: null,
  phase: 'idle',
  filesDone: 0,
  filesTotal: 0,
  findings: 0,
  reconnecting: false,
  error: null,
};

export function useReviewRun() {
  const [run, setRun] = useState<ReviewRun>(IDLE);
  const controller = useRef<AbortController | null>(null);
  const queryClient = useQueryClient();

  useEffect(() => () => controller.current?.abort(), []);

  /** Follows one review to its end: a new one (`create`) or one that already exists (its id). */
  const follow = useCallback(
    async (review: string | (() => Promise<{ id: string; filesTotal: number }>)) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      const update = (change: Partial<ReviewRun>) => {
        if (!current.signal.aborted) setRun((previous) => ({ ...previous, ...change }));
      };
      setRun(
        typeof review === 'string' ? { ...IDLE, reviewId: review, phase: 'queued' } : { ...IDLE, phase: 'starting' },
      );
      try {
        const created = typeof review === 'string' ? { id: review, filesTotal: 0 } : await review();
        // The jobs panel lists unfinished reviews: a new one counts at once, not at its next poll.
        if (typeof review !== 'string') void queryClient.invalidateQueries({ queryKey: codeKeys.reviews() });
        update({ reviewId: created.id, phase: 'queued', filesTotal: created.filesTotal });
        const final = await followReview({
          open: (lastEventId) => openReviewEvents(created.id, lastEventId, current.signal),
          signal: current.signal,
          onReconnecting: () => update({ reconnecting: true }),
          onEvent: (event) => {
            switch (event.type) {
              case 'queued':
                return update({ phase: 'queued', filesTotal: event.data.filesTotal, reconnecting: false });
              case 'started':
                return update({ phase: 'running', filesTotal: event.data.filesTotal, reconnecting: false });
              case 'progress':
                return update({
                  phase: 'running',
                  filesDone: event.data.filesDone,
                  filesTotal: event.data.filesTotal,
                  findings: event.data.findings,
                  reconnecting: false,
                });
              case 'done':
                return setRun((previous) =>
                  current.signal.aborted
                    ? previous
                    : {
                        ...previous,
                        phase: 'complete',
                        filesDone: previous.filesTotal,
                        findings: event.data.findings,
                        reconnecting: false,
                      },
                );
              case 'error':
                return update({
                  phase: 'failed',
                  reconnecting: false,
                  error: new ApiError(500, { code: event.data.code, detail: event.data.detail }),
                });
            }
          },
        });
        if (final === null && !current.signal.aborted) update({ phase: 'failed' });
      } catch (error) {
        update({ phase: 'failed', reconnecting: false, error });
      }
    },
    [queryClient],
  );

  const start = useCallback((input: ReviewInput) => follow(() => createReview(input)), [follow]);
  /** Reattaches to a review started earlier (from the jobs panel, or after a reload). */
  const attach = useCallback((reviewId: string) => follow(reviewId), [follow]);

  const reset = useCallback(() => {
    controller.current?.abort();
    setRun(IDLE);
  }, []);

  return { run, start, attach, reset };
}
