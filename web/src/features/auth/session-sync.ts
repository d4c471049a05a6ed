import type { QueryClient } from '@tanstack/react-query';
import { onSessionChange } from '@/lib/api-client';
import { meQueryKey } from './api/get-me';

/** Keeps the `me` query in step with sign-ins and with a session the server ended. */
export const syncSessionToQueries = (queryClient: QueryClient) =>
  onSessionChange((session) => queryClient.setQueryData(meQueryKey, session?.user ?? null));
