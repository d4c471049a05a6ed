// How other screens (the chat's code blocks) open the scratch review with some code: a route
// and its router state. The Code screen starts the review when it arrives.
import { reviewLanguageOfFence, type ReviewLanguage } from './languages';

export const SCRATCH_PATH = '/code/scratch';

/** Where a review opened by its id is shown (the jobs panel links here). */
export const reviewPath = (reviewId: string) => `/code/review/${encodeURIComponent(reviewId)}`;

export interface ScratchState {
  review: { content: string; language: ReviewLanguage };
}

export const scratchReviewState = (content: string, fence?: string | null): ScratchState => ({
  review: { content, language: reviewLanguageOfFence(fence) },
});

export function readScratchState(state: unknown): ScratchState['review'] | null {
  const review = (state as Partial<ScratchState> | null)?.review;
  return review && typeof review.content === 'string' && review.content.length > 0 ? review : null;
}
