import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { adminKeys, type RegistrationMode } from './types';

export const putServerSettings = (registration: RegistrationMode) =>
  api.put<{ registration: RegistrationMode }>('/admin/settings', { registration });

export function usePutServerSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putServerSettings,
    onSuccess: (settings) => queryClient.setQueryData(adminKeys.settings(), settings),
  });
}
