// The chat page in a test: at /chat/s1 over the fetch the test stubs, with the message list's
// layout mocked, and the stubs, the live runs and the remembered choices reset after each test.
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, vi } from 'vitest';
import ChatPage from '@/features/chat/components/chat-page';
import { runStore } from '@/features/chat/lib/run-store';
import { mockMessageListLayout } from './chat';
import { renderWithProviders } from './render';

/** Call inside a describe: registers the set-up and clean-up, and returns the page's render. */
export function setUpChatPage() {
  beforeEach(() => mockMessageListLayout());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    runStore.clear();
    localStorage.clear();
  });
  return () =>
    renderWithProviders(
      <Routes>
        <Route path="/chat/:sessionId" element={<ChatPage />} />
      </Routes>,
      { route: '/chat/s1' },
    );
}
