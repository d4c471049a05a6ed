import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { clipboardKeys, type ClipboardFilter, type ClipboardPage } from './types';

export const PAGE_SIZE = 20;

export const listItems = (filter: ClipboardFilter, cursor: string | undefined, signal?: AbortSignal) =>
  api.get<ClipboardPage>('/clipboard', {
    query: { limit: PAGE_SIZE, cursor, q: filter.q, language: filter.language },
    signal,
  });

export const itemsQueryOptions = (filter: ClipboardFilter) =>
  infiniteQueryOptions({
    queryKey: clipboardKeys.list(filter),
    queryFn: ({ pageParam, signal }) => listItems(filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The snippets matching the filter, a page at a time (pinned first, then newest change). */
export const useItems = (filter: ClipboardFilter) =>
  // While a new search loads, the previous results stay on screen instead of a spinner.
  useInfiniteQuery({ ...itemsQueryOptions(filter), placeholderData: keepPreviousData });
