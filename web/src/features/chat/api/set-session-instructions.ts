import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type ChatSession } from './types';

/** null clears them. */
export const setSessionInstructions = ({ id, instructions }: { id: string; instructions: string | null }) =>
  api.patch<ChatSession>(`/chat/sessions/${encodeURIComponent(id)}`, { instructions });

export function useSetSessionInstructions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setSessionInstructions,
    onSuccess: async (session) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: chatKeys.sessions() }),
        queryClient.invalidateQueries({ queryKey: chatKeys.session(session.id) }),
      ]);
    },
  });
}
