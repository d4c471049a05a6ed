import { useMutation } from '@tanstack/react-query';
import type { ProviderName } from '@/features/providers';
import { api } from '@/lib/api-client';
import type { ServerKeyTestResult } from './types';

/** Asks the provider to answer with the server-wide credentials (not the admin's own key). */
export const testProviderKey = (provider: ProviderName) =>
  api.post<ServerKeyTestResult>(`/admin/provider-keys/${provider}/test`);

export const useTestProviderKey = () => useMutation({ mutationFn: testProviderKey });
