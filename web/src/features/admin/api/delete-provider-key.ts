import { useMutation, useQueryClient } from '@tanstack/react-query';
import { modelsQueryKey, type ProviderName } from '@/features/providers';
import { api } from '@/lib/api-client';
import { adminKeys } from './types';

/** Removes the admin's key; the environment's (if any) applies again. */
export const deleteProviderKey = (provider: ProviderName) => api.delete<void>(`/admin/provider-keys/${provider}`);

export function useDeleteProviderKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteProviderKey,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: adminKeys.providerKeys() }),
        queryClient.invalidateQueries({ queryKey: modelsQueryKey }),
      ]),
  });
}
