// The chat feature's public surface. The page itself loads lazily (Markdown and highlighting
// are its heaviest parts); the jobs button is small and lives in the app header.
import { lazy } from 'react';

export const ChatPage = lazy(() => import('./components/chat-page'));
export { JobsButton } from './components/jobs-panel';
export { chatEn } from './locales/en';
export { chatDe } from './locales/de';
