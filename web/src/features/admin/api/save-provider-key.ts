import { useMutation, useQueryClient } from '@tanstack/react-query';
import { modelsQueryKey, type ProviderName } from '@/features/providers';
import { api } from '@/lib/api-client';
import { adminKeys, type ServerKeyStatus } from './types';

export interface SaveProviderKeyInput {
  provider: ProviderName;
  apiKey?: string;
  baseUrl?: string;
}

/** Sets the server-wide key (and optionally where it is sent); it overrides the environment's. */
export const saveProviderKey = ({ provider, ...body }: SaveProviderKeyInput) =>
  api.put<ServerKeyStatus>(`/admin/provider-keys/${provider}`, body);

export function useSaveProviderKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveProviderKey,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: adminKeys.providerKeys() }),
        queryClient.invalidateQueries({ queryKey: modelsQueryKey }),
      ]),
  });
}
