import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { chatKeys, type DeveloperMode, type TaskKind } from './types';

export interface AgentsResponse {
  agents: Array<{ id: string; label: string }>;
  taskKinds: Array<{ id: TaskKind; agent: string }>;
  modes: DeveloperMode[];
}

export const getAgents = () => api.get<AgentsResponse>('/agents');

export const agentsQueryOptions = () =>
  queryOptions({ queryKey: chatKeys.agents(), queryFn: getAgents, staleTime: 5 * 60_000 });

export const useAgents = () => useQuery(agentsQueryOptions());
