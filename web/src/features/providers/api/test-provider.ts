import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { ProviderName } from './types';

export interface ProviderTestResult {
  provider: string;
  ok: boolean;
  source: 'user' | 'server';
  models: string[];
}

/** Asks the provider for one token (or a local server for its models) with the stored key. */
export const testProvider = (provider: ProviderName) => api.post<ProviderTestResult>(`/providers/${provider}/test`);

export const useTestProvider = () => useMutation({ mutationFn: testProvider });
