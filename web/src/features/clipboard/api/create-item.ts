import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clipboardKeys, type ClipboardItem } from './types';

export interface NewClipboardItem {
  content: string;
  title?: string;
  language?: string;
  /** The chat answer it came from. */
  source?: { sessionId: string; messageId?: string };
}

/** 201 with the item; 409 clipboard_full at the limit. */
export const createItem = (input: NewClipboardItem) => api.post<ClipboardItem>('/clipboard', input);

export function useCreateItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createItem,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clipboardKeys.lists() }),
  });
}
