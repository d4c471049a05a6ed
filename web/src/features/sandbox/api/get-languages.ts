import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { sandboxKeys, type SandboxLanguages } from './types';

export const getSandboxLanguages = () => api.get<SandboxLanguages>('/sandbox/languages');

// Detected once when the server starts: no need to ask again while the page is open.
export const sandboxLanguagesQueryOptions = () =>
  queryOptions({ queryKey: sandboxKeys.languages(), queryFn: getSandboxLanguages, staleTime: 10 * 60_000 });

export const useSandboxLanguages = (enabled = true) => useQuery({ ...sandboxLanguagesQueryOptions(), enabled });
