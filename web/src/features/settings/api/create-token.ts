import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { settingsKeys, type PersonalAccessToken } from './types';

export interface CreateTokenInput {
  name: string;
  expiresInDays?: number;
}

/** The token itself (`xio_…`) is in this answer only. */
export const createToken = (input: CreateTokenInput) =>
  api.post<PersonalAccessToken & { token: string }>('/settings/tokens', input);

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens() }),
  });
}
