// Starts answers (to a message sent, or to the last question again) and follows them into the
// run store: send → stream → (reconnects) → final event → refetch the stored session → drop the
// live copy. Reattaching (after a reload, or from the jobs panel) replays the run's events from
// the first one, so the text is rebuilt whole.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { openRegenerateStream } from '../api/regenerate-answer';
import { openRunEvents } from '../api/run-events';
import { openMessageStream } from '../api/send-message';
import { chatKeys, type RegenerateInput, type SendMessageInput } from '../api/types';
import { followRun, type RunEvent } from './follow-run';
import { runStore, type LiveRun, type RunStore } from './run-store';

interface Deps {
  queryClient: QueryClient;
  store?: RunStore;
  /** Opens streams; tests pass fakes. */
  openSend?: typeof openMessageStream;
  openRegenerate?: typeof openRegenerateStream;
  openEvents?: typeof openRunEvents;
}

let counter = 0;
const nextKey = () => `run-${Date.now().toString(36)}-${++counter}`;

/** Collects answer and reasoning text and writes both to the store at most once per frame. */
function textBuffer(store: RunStore, key: string) {
  const pending = { text: '', reasoning: '' };
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const { text, reasoning } = pending;
    if (!text && !reasoning) return;
    pending.text = '';
    pending.reasoning = '';
    store.update(key, (run) => ({ text: run.text + text, reasoning: run.reasoning + reasoning }));
  };
  return {
    push(field: keyof typeof pending, piece: string) {
      pending[field] += piece;
      if (scheduled) return;
      scheduled = true;
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
      else setTimeout(flush, 16);
    },
    flush,
  };
}

export function createRunController({
  queryClient,
  store = runStore,
  openSend = openMessageStream,
  openRegenerate = openRegenerateStream,
  openEvents = openRunEvents,
}: Deps) {
  async function settle(key: string) {
    const run = store.get(key);
    if (!run) return;
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: chatKeys.session(run.sessionId), refetchType: 'all' }),
      queryClient.invalidateQueries({ queryKey: chatKeys.sessions() }),
      queryClient.invalidateQueries({ queryKey: chatKeys.runs() }),
      queryClient.invalidateQueries({ queryKey: ['usage'] }),
    ]);
    const stored = queryClient
      .getQueryData<{ messages: Array<{ id: string; status: string }> }>(chatKeys.session(run.sessionId))
      ?.messages.find((message) => message.id === run.messageId);
    // Keep the live copy if the stored one could not be loaded: it has the whole text too.
    if (!stored || stored.status !== 'streaming') store.remove(key);
  }

  async function follow(key: string, initial?: Response) {
    const buffer = textBuffer(store, key);
    const apply = (event: RunEvent) => {
      // Text and reasoning go to separate fields, so they can share a frame; anything else must
      // land after the text that came before it.
      if (event.type !== 'token' && event.type !== 'reasoning') buffer.flush();
      switch (event.type) {
        case 'meta': {
          const known = store.get(key)?.messageId;
          store.update(key, (run) => ({
            meta: { ...event.data, reason: event.data.reason ?? run.meta?.reason },
            runId: event.data.runId,
            messageId: event.data.messageId,
            status: 'streaming',
          }));
          // The answer's placeholder (and the user's message, when one was sent) are stored now:
          // show the real ones.
          if (!known) {
            const run = store.get(key);
            if (run) void queryClient.invalidateQueries({ queryKey: chatKeys.session(run.sessionId) });
            // The first message also names the session.
            void queryClient.invalidateQueries({ queryKey: chatKeys.sessions() });
            void queryClient.invalidateQueries({ queryKey: chatKeys.runs() });
          }
          break;
        }
        case 'reasoning':
          buffer.push('reasoning', event.data.text);
          break;
        case 'token':
          buffer.push('text', event.data.text);
          break;
        case 'citation':
          store.update(key, (run) => ({
            citations: [...run.citations, { index: event.data.index, url: event.data.url, title: event.data.title }],
          }));
          break;
        case 'usage':
          store.update(key, { usage: event.data });
          break;
        case 'done':
          store.update(key, { status: event.data.status, stopping: false });
          break;
        case 'error':
          store.update(key, { status: 'error', error: event.data, stopping: false });
          break;
      }
    };

    try {
      const { outcome } = await followRun({
        initial,
        open: (lastEventId) => {
          // Known from the x-run-id header, or else from the first meta event.
          const runId = store.get(key)?.runId;
          if (!runId) return Promise.reject(new Error('the answer has no run id to reattach to'));
          return openEvents(runId, lastEventId);
        },
        onEvent: apply,
        onReconnecting: () => {
          buffer.flush();
          store.update(key, { status: 'reconnecting' });
        },
      });
      buffer.flush();
      if (outcome === 'expired') store.update(key, { status: 'complete' });
    } catch (error) {
      buffer.flush();
      store.update(key, { status: 'error', error: error as LiveRun['error'] });
    }
    await settle(key);
  }

  /** Opens an answer's stream and follows it; the run shows `user` as the question until it is stored. */
  async function start(
    sessionId: string,
    open: () => Promise<Response>,
    user: Pick<LiveRun, 'userContent' | 'userImages'> = {},
  ) {
    const key = nextKey();
    store.add({ key, sessionId, ...user, runId: null, messageId: null, status: 'sending' });
    let response: Response;
    try {
      response = await open();
    } catch (error) {
      store.remove(key);
      throw error;
    }
    store.update(key, { runId: response.headers.get('x-run-id'), status: 'streaming' });
    void follow(key, response);
    return key;
  }

  return {
    /**
     * Sends a message and follows the answer. Resolves once the answer has started streaming;
     * rejects (with nothing stored) when the server refuses the message.
     */
    send: (sessionId: string, input: SendMessageInput) =>
      start(sessionId, () => openSend(sessionId, input), { userContent: input.content, userImages: input.images }),

    /**
     * Answers the session's last question again and follows the new answer, as `send` does; no
     * question is added, so the live answer shows on its own until the stored one arrives.
     */
    regenerate: (sessionId: string, input: RegenerateInput) => start(sessionId, () => openRegenerate(sessionId, input)),

    /** Follows an answer that is already running (from its first event). */
    attach(sessionId: string, messageId: string, runId: string) {
      const existing = store.byMessage(messageId);
      if (existing) return existing.key;
      const key = nextKey();
      store.add({ key, sessionId, runId, messageId, status: 'streaming' });
      void follow(key);
      return key;
    },

    store,
  };
}

export type RunController = ReturnType<typeof createRunController>;

const controllers = new WeakMap<QueryClient, RunController>();

/** The run controller of this app's query client. */
export function useRunController() {
  const queryClient = useQueryClient();
  let controller = controllers.get(queryClient);
  if (!controller) {
    controller = createRunController({ queryClient });
    controllers.set(queryClient, controller);
  }
  return controller;
}
