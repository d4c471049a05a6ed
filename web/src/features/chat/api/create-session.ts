import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type ChatSession } from './types';

/** A new session; its instructions, when given, are read by every answer in it. */
export const createSession = ({ title, instructions }: { title?: string; instructions?: string | null } = {}) =>
  api.post<ChatSession>('/chat/sessions', { ...(title ? { title } : {}), ...(instructions ? { instructions } : {}) });

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
