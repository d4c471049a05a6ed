import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { apiKeysQueryKey } from './list-api-keys';
import { modelsQueryKey } from './get-models';
import type { ProviderName } from './types';

export const deleteApiKey = (provider: ProviderName) => api.delete(`/settings/api-keys/${provider}`);

export function useDeleteApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteApiKey,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
        queryClient.invalidateQueries({ queryKey: modelsQueryKey }),
      ]);
    },
  });
}
