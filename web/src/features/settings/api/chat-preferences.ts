import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { settingsKeys } from './types';

/** Your instructions for every chat: every answer reads them, before a chat's own instructions. */
export interface ChatPreferences {
  instructions: string | null;
  updatedAt: string | null;
}

/** The server's limit on instructions, in characters: those for every chat and a chat's own. */
export const CHAT_INSTRUCTIONS_MAX = 10_000;

export const getChatPreferences = () => api.get<ChatPreferences>('/settings/chat');

export const chatPreferencesQueryOptions = () =>
  queryOptions({ queryKey: settingsKeys.chatPreferences(), queryFn: getChatPreferences });

export const useChatPreferences = () => useQuery(chatPreferencesQueryOptions());

/** Stores the instructions; null (or a blank text) clears them. */
export const saveChatPreferences = (instructions: string | null) =>
  api.put<ChatPreferences>('/settings/chat', { instructions });

export function useSaveChatPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveChatPreferences,
    onSuccess: (preferences) => queryClient.setQueryData(settingsKeys.chatPreferences(), preferences),
  });
}
