// An async generator started before anyone reads it: its first step (say, sending a request and
// waiting for the answer to begin) runs at once, while the caller does other work, and a later
// `for await` picks up from there. A generator only runs when `next()` is called, so without
// this the request would leave when reading begins.

export interface EarlyStream<T> extends AsyncIterable<T> {
  /** Ends the generator when it will not be read (its own `finally` blocks run). */
  cancel(): void;
}

export function startEarly<T>(generator: AsyncGenerator<T>): EarlyStream<T> {
  let first: Promise<IteratorResult<T>> | undefined = generator.next();
  // Failures surface when the stream is read; one that comes before must not go unhandled.
  first.catch(() => undefined);
  return {
    cancel() {
      first = undefined;
      // Queued behind the pending first step; a generator that already ended resolves at once.
      generator.return(undefined).catch(() => undefined);
    },
    [Symbol.asyncIterator]() {
      return {
        next() {
          const step = first ?? generator.next();
          first = undefined;
          return step;
        },
        return: (value?: unknown) => generator.return(value as never),
      };
    },
  };
}
