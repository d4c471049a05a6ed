// Answers being written right now, outside React Query: tokens arrive many times a second and
// only the message they belong to should re-render. The stored message replaces a live run once
// the session has been refetched after the run's final event.
import { useSyncExternalStore } from 'react';
import { onSessionChange, type ApiError } from '@/lib/api-client';
import type { Citation, ImageAttachment } from '../api/types';
import type { RunMeta, RunUsage } from './follow-run';

export type LiveStatus = 'sending' | 'streaming' | 'reconnecting' | 'complete' | 'aborted' | 'error';

export interface LiveRun {
  key: string;
  sessionId: string;
  /** What the user sent, shown until the stored user message arrives (absent on reattach). */
  userContent?: string;
  /** The images sent with it, shown from their data URLs until then. */
  userImages?: ImageAttachment[];
  runId: string | null;
  messageId: string | null;
  text: string;
  /** The model's visible thinking so far, kept apart from the answer text. */
  reasoning: string;
  citations: Array<Citation & { index: number }>;
  meta: RunMeta | null;
  usage: RunUsage | null;
  status: LiveStatus;
  error: { code: string; detail: string } | ApiError | null;
  stopping: boolean;
}

type Listener = () => void;

export function createRunStore() {
  let runs = new Map<string, LiveRun>();
  let snapshot: LiveRun[] = [];
  const listeners = new Set<Listener>();

  const emit = () => {
    snapshot = [...runs.values()];
    for (const listener of listeners) listener();
  };

  return {
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    all: () => snapshot,
    get: (key: string) => runs.get(key),
    byMessage: (messageId: string) => snapshot.find((run) => run.messageId === messageId),
    add(
      run: Omit<LiveRun, 'text' | 'reasoning' | 'citations' | 'meta' | 'usage' | 'error' | 'stopping'> &
        Partial<LiveRun>,
    ) {
      const full: LiveRun = {
        text: '',
        reasoning: '',
        citations: [],
        meta: null,
        usage: null,
        error: null,
        stopping: false,
        ...run,
      };
      runs = new Map(runs).set(full.key, full);
      emit();
      return full;
    },
    update(key: string, change: Partial<LiveRun> | ((run: LiveRun) => Partial<LiveRun>)) {
      const run = runs.get(key);
      if (!run) return;
      const next = { ...run, ...(typeof change === 'function' ? change(run) : change) };
      runs = new Map(runs).set(key, next);
      emit();
    },
    remove(key: string) {
      if (!runs.has(key)) return;
      runs = new Map(runs);
      runs.delete(key);
      emit();
    },
    clear() {
      runs = new Map();
      emit();
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;

export const runStore = createRunStore();

// Signing out forgets the answers on screen (the runs go on, and finish, on the server).
onSessionChange((session) => {
  if (!session) runStore.clear();
});

export function useLiveRuns(store: RunStore = runStore) {
  return useSyncExternalStore(store.subscribe, store.all, store.all);
}
