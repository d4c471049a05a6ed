import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { adminKeys, type RegistrationMode } from './types';

export const getServerSettings = () => api.get<{ registration: RegistrationMode }>('/admin/settings');

export const serverSettingsQueryOptions = () =>
  queryOptions({ queryKey: adminKeys.settings(), queryFn: getServerSettings });

export const useServerSettings = () => useQuery(serverSettingsQueryOptions());
