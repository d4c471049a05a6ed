import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { settingsKeys } from './types';

export const revokeToken = (id: string) => api.delete(`/settings/tokens/${encodeURIComponent(id)}`);

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens() }),
  });
}
