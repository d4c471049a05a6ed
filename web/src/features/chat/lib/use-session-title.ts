// A chat's title from the session lists already loaded (the sidebar, the palette), so that the
// jobs panel names a running answer without one request per chat.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { SessionPage } from '../api/list-sessions';
import { chatKeys } from '../api/types';

export function useSessionTitle() {
  const queryClient = useQueryClient();
  return useCallback(
    (sessionId: string): string | null => {
      for (const [, data] of queryClient.getQueriesData<{ pages: SessionPage[] }>({ queryKey: chatKeys.sessions() })) {
        const found = data?.pages.flatMap((page) => page.items).find((session) => session.id === sessionId);
        if (found) return found.title;
      }
      return null;
    },
    [queryClient],
  );
}
