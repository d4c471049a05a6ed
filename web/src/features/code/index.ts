// The Code screen's public surface: the page (loaded on demand; CodeMirror loads later still,
// with the editor), its translations, and the link other features use to review some code.
import { lazy } from 'react';

export const CodePage = lazy(() => import('./components/code-page'));
export { SCRATCH_PATH, scratchReviewState } from './lib/scratch-link';
export { codeEn } from './locales/en';
export { codeDe } from './locales/de';
