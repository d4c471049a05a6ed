/**
 * The text of the answers running on this instance, saved every few seconds so that a process
 * killed mid-answer leaves the text so far in the database. One write per interval covers every
 * running answer that grew, instead of one write per answer.
 */
export function createProgressSaver(options: {
  intervalMs: number;
  save: (texts: Array<{ messageId: string; content: string }>) => Promise<unknown>;
  onError: (error: unknown) => void;
}) {
  const running = new Map<string, { content: string; saved: number }>();
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<unknown> | undefined;

  const saveGrown = () => {
    if (saving) return;
    const grown: Array<{ messageId: string; content: string }> = [];
    for (const [messageId, answer] of running) {
      // Text only grows: a longer text is a changed one.
      if (answer.content.length === answer.saved) continue;
      answer.saved = answer.content.length;
      grown.push({ messageId, content: answer.content });
    }
    if (grown.length === 0) return;
    saving = options
      .save(grown)
      .catch(options.onError)
      .finally(() => (saving = undefined));
  };

  return {
    /** Tracks an answer until `end`; set `content` on the returned object as the text grows. */
    start(messageId: string) {
      const answer = { content: '', saved: 0 };
      running.set(messageId, answer);
      timer ??= setInterval(saveGrown, options.intervalMs).unref();
      return answer;
    },
    /** Stops tracking an answer (its final text is stored by the caller). */
    end(messageId: string) {
      running.delete(messageId);
      if (running.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    },
  };
}
