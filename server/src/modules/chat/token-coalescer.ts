/**
 * Token text that arrives in one burst (one network read from the provider often carries many
 * chunks) leaves as one `token` event: each event costs a log append (a Redis round trip when
 * scaled out) and an SSE write, each token only a string concatenation. Text waits at most for
 * the event loop's check phase, so a token that arrives alone (the first one, or one of a model
 * writing slowly) leaves at once; while an append is in flight, the next text gathers behind it.
 */
export function createTokenCoalescer(emit: (text: string) => Promise<unknown>) {
  let pending = '';
  let scheduled: NodeJS.Immediate | undefined;
  let inFlight: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;

  const send = () => {
    const text = pending;
    pending = '';
    inFlight = emit(text).then(
      () => {
        inFlight = undefined;
        if (pending) scheduled ??= setImmediate(pump);
      },
      (error: unknown) => {
        inFlight = undefined;
        failure ??= { error };
      },
    );
  };
  const pump = () => {
    scheduled = undefined;
    if (!inFlight && pending && !failure) send();
  };

  return {
    push(text: string) {
      if (failure) throw failure.error;
      pending += text;
      scheduled ??= setImmediate(pump);
    },
    /** Sends what is pending now; resolves once every token event is in the log. */
    async flush() {
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      while ((inFlight || pending) && !failure) {
        if (inFlight) await inFlight;
        else send();
      }
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      if (failure) throw failure.error;
    },
  };
}
