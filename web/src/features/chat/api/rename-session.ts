import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type ChatSession } from './types';

export const renameSession = ({ id, title }: { id: string; title: string }) =>
  api.patch<ChatSession>(`/chat/sessions/${encodeURIComponent(id)}`, { title });

export function useRenameSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: renameSession,
    onSuccess: async (session) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: chatKeys.sessions() }),
        queryClient.invalidateQueries({ queryKey: chatKeys.session(session.id) }),
      ]);
    },
  });
}
