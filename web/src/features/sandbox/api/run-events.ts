import { apiFetch } from '@/lib/api-client';
import { enc } from './types';

/** The run's status and output as Server-Sent Events, after `lastEventId` when reconnecting. */
export const openRunEvents = (runId: string, lastEventId: number, signal?: AbortSignal) =>
  apiFetch(`/sandbox/runs/${enc(runId)}/events`, {
    headers: { accept: 'text/event-stream', ...(lastEventId > 0 ? { 'last-event-id': String(lastEventId) } : {}) },
    signal,
  });
