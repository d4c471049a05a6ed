import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type ChatSession } from './types';

/** Renames a session, or sets or clears (null) its instructions. */
export const updateSession = ({ id, ...changes }: { id: string; title?: string; instructions?: string | null }) =>
  api.patch<ChatSession>(`/chat/sessions/${encodeURIComponent(id)}`, changes);

export function useUpdateSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSession,
    onSuccess: async (session) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: chatKeys.sessions() }),
        queryClient.invalidateQueries({ queryKey: chatKeys.session(session.id) }),
      ]);
    },
  });
}
