import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { adminKeys, type RouteEntry } from './types';

export interface RoutingResponse {
  table: Record<string, RouteEntry>;
  /** true: an admin's table replaces the built-in one. */
  overridden: boolean;
}

export const getRouting = () => api.get<RoutingResponse>('/admin/routing');

export const routingQueryOptions = () => queryOptions({ queryKey: adminKeys.routing(), queryFn: getRouting });

export const useRouting = () => useQuery(routingQueryOptions());
