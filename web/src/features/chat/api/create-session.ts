import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type ChatSession } from './types';

export const createSession = (title?: string) => api.post<ChatSession>('/chat/sessions', title ? { title } : {});

export function useCreateSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSession,
    onSuccess: (session) => {
      queryClient.setQueryData(chatKeys.session(session.id), { ...session, messages: [] });
      void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
    },
  });
}
