import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import { chatKeys } from './types';

/** The bytes of a question's image; fetched with the API client, since they need its Bearer token. */
export async function getImage(id: string): Promise<Blob> {
  const response = await apiFetch(`/chat/images/${encodeURIComponent(id)}`, { headers: { accept: 'image/*' } });
  return response.blob();
}

// An image never changes: fetched once per id, however often its message re-renders.
export const imageQueryOptions = (id: string) =>
  queryOptions({ queryKey: chatKeys.image(id), queryFn: () => getImage(id), staleTime: Infinity });

export const useImage = (id: string | undefined) => useQuery({ ...imageQueryOptions(id ?? ''), enabled: Boolean(id) });
