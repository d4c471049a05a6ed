import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setSession, type AuthSession } from '@/lib/api-client';
import { meQueryKey } from './get-me';

/** The server's password policy (POST /api/auth/password), shown and checked before sending. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * Every other session ends; this one continues with the new session the server returns
 * (a fresh access token here, a fresh refresh cookie from the response).
 */
export const changePassword = (input: ChangePasswordInput) => api.post<AuthSession>('/auth/password', input);

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: (session) => {
      setSession(session);
      queryClient.setQueryData(meQueryKey, session.user);
    },
  });
}
