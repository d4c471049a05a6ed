// Stopping a running answer from any instance: the instance that runs it holds its
// AbortController; a stop request elsewhere is relayed over Redis pub/sub when configured.
import type { Redis } from 'ioredis';

export interface RunControl {
  register(runId: string, controller: AbortController): void;
  unregister(runId: string): void;
  /** Aborts the run here, or asks the instance that runs it. */
  stop(runId: string, reason: string): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = 'xionimus:run-stop';

export function createRunControl(redis?: Redis): RunControl {
  const local = new Map<string, AbortController>();
  const abortLocal = (runId: string, reason: string) => local.get(runId)?.abort(reason);
  const subscriber = redis?.duplicate();
  if (subscriber) {
    // Connection trouble shows in readiness and in the commands that fail, not as events here.
    subscriber.on('error', () => undefined);
    void subscriber.subscribe(CHANNEL).catch(() => undefined);
    subscriber.on('message', (_channel: string, message: string) => {
      const { runId, reason } = JSON.parse(message) as { runId: string; reason: string };
      abortLocal(runId, reason);
    });
  }
  return {
    register: (runId, controller) => void local.set(runId, controller),
    unregister: (runId) => void local.delete(runId),
    async stop(runId, reason) {
      if (local.has(runId)) abortLocal(runId, reason);
      else if (redis) await redis.publish(CHANNEL, JSON.stringify({ runId, reason }));
    },
    async close() {
      for (const controller of local.values()) controller.abort('shutdown');
      subscriber?.disconnect();
    },
  };
}
