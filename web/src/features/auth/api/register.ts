import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setSession, type AuthSession } from '@/lib/api-client';
import { meQueryKey } from './get-me';

export interface RegisterInput {
  email: string;
  password: string;
  name?: string;
  inviteToken?: string;
  setupToken?: string;
}

/** 201 with the new user, signed in (the refresh token arrives as a cookie). */
export const register = (input: RegisterInput) => api.post<AuthSession>('/auth/register', input, { auth: false });

export function useRegister() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: register,
    onSuccess: (session) => {
      setSession(session);
      queryClient.setQueryData(meQueryKey, session.user);
    },
  });
}
