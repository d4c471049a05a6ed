import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { adminKeys, type Invitation } from './types';

export const listInvitations = () => api.get<{ items: Invitation[] }>('/admin/invitations');

export const invitationsQueryOptions = () =>
  queryOptions({ queryKey: adminKeys.invitations(), queryFn: listInvitations });

export const useInvitations = () => useQuery(invitationsQueryOptions());
