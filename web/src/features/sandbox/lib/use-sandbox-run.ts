// One run at a time for a panel: start it, follow its output, stop it. Starting another run
// (or leaving) stops following the previous one; the server keeps its result either way.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { createRun } from '../api/create-run';
import { openRunEvents } from '../api/run-events';
import { stopRun } from '../api/stop-run';
import type { RunInput } from '../api/types';
import { followRun } from './follow-run';
import { EMPTY_OUTPUT, runOutputReducer } from './run-output';

export function useSandboxRun() {
  const [output, dispatch] = useReducer(runOutputReducer, EMPTY_OUTPUT);
  const controller = useRef<AbortController | null>(null);
  const runId = useRef<string | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async (input: RunInput) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    runId.current = null;
    const send: typeof dispatch = (action) => {
      if (!current.signal.aborted) dispatch(action);
    };
    dispatch({ type: 'start' });
    try {
      const created = await createRun(input);
      runId.current = created.id;
      send({ type: 'created', runId: created.id });
      const final = await followRun({
        open: (lastEventId) => openRunEvents(created.id, lastEventId, current.signal),
        signal: current.signal,
        onReconnecting: () => send({ type: 'reconnecting' }),
        onEvent: (event) => send({ type: 'event', event }),
      });
      if (final === null && !current.signal.aborted) send({ type: 'failed', error: null });
    } catch (error) {
      send({ type: 'failed', error });
    }
  }, []);

  const stop = useCallback(async () => {
    const id = runId.current;
    // Until the server answered there is no run to stop (the panel offers Stop only after).
    if (!id) return;
    dispatch({ type: 'stopping' });
    try {
      await stopRun(id);
    } catch (error) {
      // The run goes on (or already ended): its events still tell the outcome.
      if (runId.current === id) dispatch({ type: 'stopFailed', error });
    }
  }, []);

  const clear = useCallback(() => {
    controller.current?.abort();
    runId.current = null;
    dispatch({ type: 'clear' });
  }, []);

  return { output, start, stop, clear };
}
