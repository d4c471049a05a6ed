// Background jobs behind one interface: BullMQ on Redis when the deployment has Redis (any
// instance's worker may take a job, and a job whose process died is picked up again), an
// in-process queue otherwise. Handlers get an AbortSignal that fires when the queue closes.
import { createHash } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

export interface JobQueue<T> {
  /** Adds a job; the same `jobId` twice adds it once. */
  add(data: T, options?: { jobId?: string }): Promise<void>;
  /** Starts taking jobs in this process, `concurrency` at a time. */
  process(handler: (data: T, signal: AbortSignal) => Promise<void>, options?: { concurrency?: number }): void;
  /** Stops taking jobs, aborts the running ones and waits for them to end. */
  close(): Promise<void>;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

async function runJob<T>(
  handler: (data: T, signal: AbortSignal) => Promise<void>,
  data: T,
  running: Set<Running>,
  onError: (error: unknown) => void,
) {
  const controller = new AbortController();
  const job: Running = { controller, done: Promise.resolve() };
  job.done = handler(data, controller.signal)
    .catch(onError)
    .finally(() => running.delete(job));
  running.add(job);
  await job.done;
}

export function memoryQueue<T>(options: { onError?: (error: unknown) => void } = {}): JobQueue<T> {
  const waiting: T[] = [];
  const ids = new Set<string>();
  const running = new Set<Running>();
  let handler: ((data: T, signal: AbortSignal) => Promise<void>) | undefined;
  let concurrency = 1;
  let closed = false;
  const onError = options.onError ?? (() => undefined);

  const pump = () => {
    while (handler && !closed && running.size < concurrency && waiting.length > 0) {
      const data = waiting.shift()!;
      void runJob(handler, data, running, onError).then(pump);
    }
  };

  return {
    async add(data, { jobId } = {}) {
      if (closed) throw new Error('the job queue is closed');
      if (jobId !== undefined) {
        if (ids.has(jobId)) return;
        ids.add(jobId);
      }
      waiting.push(data);
      // Jobs start on a later tick, as they would from Redis: add() never runs a job inline.
      setImmediate(pump);
    },
    process(next, options = {}) {
      handler = next;
      concurrency = options.concurrency ?? 1;
      setImmediate(pump);
    },
    async close() {
      closed = true;
      for (const job of running) job.controller.abort(new Error('the server is shutting down'));
      await Promise.all([...running].map((job) => job.done));
    },
  };
}

const CLOSE_GRACE_MS = 3000;
const ADD_TIMEOUT_MS = 5000;

export function bullmqQueue<T>(
  name: string,
  redis: Redis,
  options: { prefix?: string; onError?: (error: unknown) => void } = {},
): JobQueue<T> {
  const prefix = options.prefix ?? 'xionimus:jobs';
  // Adding a job fails fast like every other Redis command here; only the worker's blocking
  // connection must retry forever (BullMQ requires maxRetriesPerRequest: null there).
  const connection = redis.duplicate();
  connection.on('error', () => undefined);
  const queue = new Queue(name, { connection, prefix });
  // Connection trouble is what the readiness check reports; job failures go to onError.
  queue.on('error', () => undefined);
  let worker: Worker | undefined;
  let workerConnection: Redis | undefined;
  const running = new Set<Running>();
  const onError = options.onError ?? (() => undefined);

  return {
    async add(data, { jobId } = {}) {
      const added = queue.add(name, data, {
        ...(jobId ? { jobId } : {}),
        removeOnComplete: true,
        removeOnFail: 1000,
        attempts: 1,
      });
      // BullMQ waits for the connection to be ready, forever if Redis is down.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Redis did not take the job within ${ADD_TIMEOUT_MS} ms`)),
          ADD_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([added, timeout]);
      } finally {
        clearTimeout(timer);
        added.catch(() => undefined);
      }
    },
    process(handler, { concurrency = 1 } = {}) {
      workerConnection = redis.duplicate({ maxRetriesPerRequest: null });
      workerConnection.on('error', () => undefined);
      worker = new Worker(
        name,
        async (job) => {
          await runJob(handler, job.data as T, running, (error) => {
            onError(error);
            throw error;
          });
        },
        { connection: workerConnection, prefix, concurrency },
      );
      worker.on('error', () => undefined);
    },
    async close() {
      for (const job of running) job.controller.abort(new Error('the server is shutting down'));
      const graceful = (async () => {
        await worker?.close();
        await queue.close();
      })().catch(() => undefined);
      // With Redis unreachable a graceful close would wait for it forever.
      let timer: NodeJS.Timeout | undefined;
      const grace = connection.status === 'ready' ? CLOSE_GRACE_MS : 0;
      await Promise.race([graceful, new Promise<void>((resolve) => (timer = setTimeout(resolve, grace)))]);
      clearTimeout(timer);
      for (const client of [connection, workerConnection]) client?.disconnect();
    },
  };
}

/**
 * `namespace` separates deployments that share one Redis (the database URL: instances of one
 * deployment share their database, so they share their queues, and nobody else's).
 */
export function createJobQueue<T>(
  name: string,
  options: { redis?: Redis; namespace?: string; onError?: (error: unknown) => void },
): JobQueue<T> {
  if (!options.redis) return memoryQueue<T>(options);
  const prefix = options.namespace
    ? `xionimus:jobs:${createHash('sha256').update(options.namespace).digest('hex').slice(0, 12)}`
    : undefined;
  return bullmqQueue<T>(name, options.redis, { ...options, ...(prefix ? { prefix } : {}) });
}
