import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { adminKeys, type Invitation, type Role } from './types';

export interface CreateInvitationInput {
  email?: string;
  role: Role;
  expiresInHours: number;
}

/** A single-use invitation; its token and link are in this answer only. */
export const createInvitation = (input: CreateInvitationInput) =>
  api.post<Invitation & { token: string; url: string }>('/admin/invitations', input);

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createInvitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.invitations() }),
  });
}
