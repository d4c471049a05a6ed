import { apiFetch } from '@/lib/api-client';

/** Reattaches to a running (or recently finished) answer: the events after `lastEventId`, then live. */
export const openRunEvents = (runId: string, lastEventId: number, signal?: AbortSignal) =>
  apiFetch(`/chat/runs/${encodeURIComponent(runId)}/events`, {
    headers: { accept: 'text/event-stream', 'last-event-id': String(lastEventId) },
    signal,
  });
