import { apiFetch } from '@/lib/api-client';
import type { SendMessageInput } from './types';

/**
 * Sends a message; the answer streams back as Server-Sent Events (read with lib/follow-run).
 * Refusals (budget, no provider, context too long) arrive before any event, as an ApiError.
 */
export const openMessageStream = (sessionId: string, input: SendMessageInput, signal?: AbortSignal) =>
  apiFetch(`/chat/sessions/${encodeURIComponent(sessionId)}/messages`, {
    method: 'POST',
    body: { ...input, stream: true },
    headers: { accept: 'text/event-stream' },
    signal,
  });
