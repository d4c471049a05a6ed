import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { adminKeys, type AuditEntry, type AuditFilter } from './types';

export const listAudit = (filter: AuditFilter, cursor?: string) =>
  api.get<{ items: AuditEntry[]; nextCursor: string | null }>('/admin/audit', {
    query: { limit: 50, cursor, event: filter.event?.trim() || undefined, outcome: filter.outcome },
  });

export const auditQueryOptions = (filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: adminKeys.audit(filter),
    queryFn: ({ pageParam }) => listAudit(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const useAudit = (filter: AuditFilter) => useInfiniteQuery(auditQueryOptions(filter));
