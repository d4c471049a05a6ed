import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type ChatSessionWithMessages } from './types';

export const getSession = (id: string) => api.get<ChatSessionWithMessages>(`/chat/sessions/${encodeURIComponent(id)}`);

export const sessionQueryOptions = (id: string) =>
  queryOptions({ queryKey: chatKeys.session(id), queryFn: () => getSession(id) });

export const useSession = (id: string | undefined) =>
  useQuery({ ...sessionQueryOptions(id ?? ''), enabled: Boolean(id) });
