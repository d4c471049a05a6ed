// The Code screen's public surface: the page (loaded on demand; CodeMirror loads later still,
// with the editor), its translations, the links other features use to review some code or open
// a review, and the unfinished reviews (for the jobs panel).
import { lazy } from 'react';

export const CodePage = lazy(() => import('./components/code-page'));
export { useUnfinishedReviews } from './api/list-reviews';
export type { ReviewSummary } from './api/types';
export { SCRATCH_PATH, reviewPath, scratchReviewState } from './lib/scratch-link';
export { codeEn } from './locales/en';
export { codeDe } from './locales/de';
