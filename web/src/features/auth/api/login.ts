import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setSession, type AuthSession } from '@/lib/api-client';
import { meQueryKey } from './get-me';

export interface LoginInput {
  email: string;
  password: string;
}

export const login = (input: LoginInput) => api.post<AuthSession>('/auth/login', input, { auth: false });

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (session) => {
      setSession(session);
      queryClient.setQueryData(meQueryKey, session.user);
    },
  });
}
