// The chat page in a test: at /chat/s1 over the fetch the test stubs, with the message list's
// layout mocked, and the stubs, the live runs and the remembered choices reset after each test.
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, vi } from 'vitest';
import ChatPage from '@/features/chat/components/chat-page';
import { runStore } from '@/features/chat/lib/run-store';
import { mockMessageListLayout } from './chat';
import { jsonResponse, renderWithProviders } from './render';

/** A request the stubbed server got: the path without /api and the query, the query (if any), the JSON body parsed. */
export interface ServerRequest {
  method: string;
  path: string;
  query?: URLSearchParams;
  body: unknown;
}

/**
 * Stubs fetch with the server the chat page talks to: every request goes to `handle`; what it
 * answers nothing to is a 404, except the list of sessions (empty) and of running answers (none).
 * Returns the requests, in order.
 */
export function stubChatServer(
  handle: (request: ServerRequest) => Response | undefined | Promise<Response | undefined>,
) {
  const requests: ServerRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      const [pathname, search] = url.split('?');
      const path = pathname!.replace(/^\/api/, '');
      const request = {
        method,
        path,
        query: search === undefined ? undefined : new URLSearchParams(search),
        body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      };
      requests.push(request);
      const answer = await handle(request);
      if (answer) return answer;
      if (method === 'GET' && path === '/chat/sessions') return jsonResponse(200, { items: [], nextCursor: null });
      if (method === 'GET' && path === '/chat/runs') return jsonResponse(200, { items: [] });
      return jsonResponse(404, { code: 'not_found' });
    }),
  );
  return requests;
}

/** Call inside a describe: registers the set-up and clean-up, and returns the page's render (at /chat/s1, or `route`). */
export function setUpChatPage() {
  beforeEach(() => mockMessageListLayout());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    runStore.clear();
    localStorage.clear();
  });
  return (route = '/chat/s1') =>
    renderWithProviders(
      <Routes>
        <Route path="/chat" element={<ChatPage />} />
        <Route path="/chat/:sessionId" element={<ChatPage />} />
      </Routes>,
      { route },
    );
}
