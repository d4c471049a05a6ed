import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type ChatSessionWithMessages } from './types';

/** A new session with the history up to and including `messageId`. */
export const forkSession = ({ sessionId, messageId }: { sessionId: string; messageId: string }) =>
  api.post<ChatSessionWithMessages>(`/chat/sessions/${encodeURIComponent(sessionId)}/fork`, { messageId });

export function useForkSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: forkSession,
    onSuccess: async (fork) => {
      queryClient.setQueryData(chatKeys.session(fork.id), fork);
      await queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
    },
  });
}
