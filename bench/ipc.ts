// The little protocol between bench/stream.ts and the processes it starts (fake, proxy,
// Xionimus): the child reports its port once listening, then answers requests by id. A child
// exits when its parent goes away, so no process outlives an interrupted benchmark.
/* eslint-disable security/detect-non-literal-fs-filename -- the benchmark's own files: the results folder named by the parent process */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';

export type ParentMessage =
  | { type: 'mode'; chunkDelayMs: number; headGapMs?: number }
  | { type: 'release' }
  | { type: 'stats' }
  | { type: 'gc' }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'heap-snapshot'; file: string }
  | { type: 'exit' };

export interface ChildStats {
  type: 'stats';
  memory: NodeJS.MemoryUsage;
  /** Streams the child holds open right now (slow streams for the fake, proxied ones for the proxy). */
  open?: number;
  served?: number;
  /** Characters of answer text a parsing proxy gathered. */
  gathered?: number;
}

export type ChildMessage = { type: 'ready'; port: number; pid: number } | ChildStats | { type: 'ok' };

export function sendToParent(message: ChildMessage & { id?: number }) {
  // Started by hand (no IPC channel): say where it listens.
  if (process.send) process.send(message);
  else if (message.type === 'ready') console.log(`listening on http://127.0.0.1:${message.port} (pid ${message.pid})`);
}

let profiler: Session | undefined;

/** Starts or stops the V8 CPU profiler of this process (the profile goes to `file`). */
async function profile(message: ParentMessage) {
  if (message.type === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
  } else if (message.type === 'profile-stop' && profiler) {
    const { profile: result } = await profiler.post('Profiler.stop');
    writeFileSync(message.file, JSON.stringify(result));
    profiler.disconnect();
    profiler = undefined;
  }
}

/** Answers the parent's requests; also handles gc, profiling, exit and the parent's disappearance. */
export function onParentMessage(handler: (message: ParentMessage) => ChildMessage | undefined) {
  process.on('message', (raw: ParentMessage & { id: number }) => {
    if (raw.type === 'profile-start' || raw.type === 'profile-stop') {
      void profile(raw).then(() => sendToParent({ type: 'ok', id: raw.id }));
      return;
    }
    if (raw.type === 'exit') {
      // A normal exit, so that --cpu-prof writes its profile.
      sendToParent({ type: 'ok', id: raw.id });
      setImmediate(() => process.exit(0));
      return;
    }
    if (raw.type === 'heap-snapshot') {
      writeHeapSnapshot(raw.file);
      sendToParent({ type: 'ok', id: raw.id });
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
