import { apiFetch } from '@/lib/api-client';
import type { RegenerateInput } from './types';

/**
 * Answers the session's last question again; the new answer is stored after the earlier one(s),
 * with no new question, and streams back as a sent message's does (read with lib/follow-run).
 * Refusals (nothing to regenerate, busy, budget, no provider) arrive before any event, as an ApiError.
 */
export const openRegenerateStream = (sessionId: string, input: RegenerateInput, signal?: AbortSignal) =>
  apiFetch(`/chat/sessions/${encodeURIComponent(sessionId)}/regenerate`, {
    method: 'POST',
    body: { ...input, stream: true },
    headers: { accept: 'text/event-stream' },
    signal,
  });
