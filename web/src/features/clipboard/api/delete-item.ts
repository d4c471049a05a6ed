import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clipboardKeys, enc } from './types';

export const deleteItem = (id: string) => api.delete(`/clipboard/${enc(id)}`);

export function useDeleteItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteItem,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clipboardKeys.lists() }),
  });
}
