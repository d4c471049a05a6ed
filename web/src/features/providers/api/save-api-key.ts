import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { apiKeysQueryKey } from './list-api-keys';
import { modelsQueryKey } from './get-models';
import type { ApiKeyStatus, ProviderName } from './types';

export interface SaveApiKeyInput {
  provider: ProviderName;
  apiKey?: string;
  baseUrl?: string;
}

export const saveApiKey = ({ provider, ...body }: SaveApiKeyInput) =>
  api.put<ApiKeyStatus>(`/settings/api-keys/${provider}`, body);

export function useSaveApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveApiKey,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
        queryClient.invalidateQueries({ queryKey: modelsQueryKey }),
      ]);
    },
  });
}
