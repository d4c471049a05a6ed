import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys } from './types';

/** Deletes a session; an answer still running in it is stopped. */
export const deleteSession = (id: string) => api.delete(`/chat/sessions/${encodeURIComponent(id)}`);

export function useDeleteSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSession,
    onSuccess: async (_result, id) => {
      queryClient.removeQueries({ queryKey: chatKeys.session(id) });
      await queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
    },
  });
}
