// The little protocol between bench/stream.ts and the processes it starts (fake, proxy,
// Xionimus): the child reports its port once listening, then answers requests by id. A child
// exits when its parent goes away, so no process outlives an interrupted benchmark.

export type ParentMessage =
  { type: 'mode'; chunkDelayMs: number } | { type: 'release' } | { type: 'stats' } | { type: 'gc' } | { type: 'exit' };

export interface ChildStats {
  type: 'stats';
  memory: NodeJS.MemoryUsage;
  /** Streams the child holds open right now (slow streams for the fake, proxied ones for the proxy). */
  open?: number;
  served?: number;
}

export type ChildMessage = { type: 'ready'; port: number; pid: number } | ChildStats | { type: 'ok' };

export function sendToParent(message: ChildMessage & { id?: number }) {
  process.send?.(message);
}

/** Answers the parent's requests; also handles gc, exit and the parent's disappearance. */
export function onParentMessage(handler: (message: ParentMessage) => ChildMessage | undefined) {
  process.on('message', (raw: ParentMessage & { id: number }) => {
    if (raw.type === 'exit') {
      // A normal exit, so that --cpu-prof writes its profile.
      sendToParent({ type: 'ok', id: raw.id });
      setImmediate(() => process.exit(0));
      return;
    }
    if (raw.type === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      sendToParent({ type: 'ok', id: raw.id });
      return;
    }
    const reply = handler(raw);
    sendToParent({ ...(reply ?? { type: 'ok' }), id: raw.id });
  });
  process.on('disconnect', () => process.exit(0));
}
