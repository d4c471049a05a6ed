import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clipboardKeys, enc, type ClipboardItem } from './types';

export interface ClipboardChanges {
  title?: string;
  content?: string;
  language?: string | null;
  pinned?: boolean;
}

export const updateItem = ({ id, ...changes }: ClipboardChanges & { id: string }) =>
  api.patch<ClipboardItem>(`/clipboard/${enc(id)}`, changes);

export function useUpdateItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateItem,
    // Any change moves the item (pinned first, then most recently changed): reload the lists.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clipboardKeys.lists() }),
  });
}
