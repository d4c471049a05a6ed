// The chat feature's public surface. The page itself loads lazily (Markdown and highlighting
// are its heaviest parts); the jobs panel and the command palette read running answers and
// chats through the small hooks below.
import { lazy } from 'react';

export const ChatPage = lazy(() => import('./components/chat-page'));
export { useActiveRuns, type ActiveRun } from './api/list-runs';
export { useSessions } from './api/list-sessions';
export { useStopRun } from './api/stop-run';
export type { ChatSession } from './api/types';
export { focusComposer } from './lib/focus-composer';
export { sessionPath } from './lib/session-path';
export { useSessionTitle } from './lib/use-session-title';
export { chatEn } from './locales/en';
export { chatDe } from './locales/de';
