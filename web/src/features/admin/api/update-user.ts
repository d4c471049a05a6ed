import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type User } from '@/lib/api-client';
import { adminKeys, type Role } from './types';

export interface UserChange {
  id: string;
  role?: Role;
  disabled?: boolean;
}

/** Changes a user's role or disables/enables the account (the last admin cannot be demoted). */
export const updateUser = ({ id, ...change }: UserChange) =>
  api.patch<User>(`/admin/users/${encodeURIComponent(id)}`, change);

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}
