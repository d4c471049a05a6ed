import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setSession } from '@/lib/api-client';
import { meQueryKey } from './get-me';

/** Revokes this login's refresh tokens (the cookie) on the server. */
export const logout = () => api.post<void>('/auth/logout', undefined, { auth: false });

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Signed out locally even if the server could not be told: the token is gone from memory.
    onSettled: () => {
      setSession(null);
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
