// Captures a sandboxed program's stdout and stderr up to one byte cap shared by both, and hands
// them on in coalesced chunks: a program printing one byte at a time makes a few events a
// second, not one per write.
import { StringDecoder } from 'node:string_decoder';

export type Stream = 'stdout' | 'stderr';

export interface OutputChunk {
  stream: Stream;
  text: string;
}

export interface OutputCaptureOptions {
  capBytes: number;
  /** Receives coalesced chunks, in order. */
  onChunk: (chunk: OutputChunk) => void;
  /** Called once, when the cap is first exceeded. */
  onOverflow?: () => void;
  /** A pending chunk is sent when it reaches this size, or on flush(). */
  chunkBytes?: number;
}

export function createOutputCapture(options: OutputCaptureOptions) {
  const chunkBytes = options.chunkBytes ?? 16 * 1024;
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const kept = { stdout: [] as string[], stderr: [] as string[] };
  let bytes = 0;
  let truncated = false;
  let pending: OutputChunk | undefined;
  let pendingBytes = 0;

  const flush = () => {
    if (pending && pending.text) options.onChunk(pending);
    pending = undefined;
    pendingBytes = 0;
  };

  const take = (stream: Stream, text: string, size: number) => {
    if (!text) return;
    kept[stream].push(text);
    if (pending && pending.stream !== stream) flush();
    pending = pending ? { stream, text: pending.text + text } : { stream, text };
    pendingBytes += size;
    if (pendingBytes >= chunkBytes) flush();
  };

  return {
    write(stream: Stream, data: Buffer) {
      if (truncated) return;
      const room = options.capBytes - bytes;
      const accepted = data.length > room ? data.subarray(0, room) : data;
      bytes += accepted.length;
      take(stream, decoders[stream].write(accepted), accepted.length);
      if (data.length > room) {
        // A character cut at the cap is dropped, not replaced, so the kept text stays within it.
        truncated = true;
        options.onOverflow?.();
      }
    },
    /** Sends what is pending (a timer calls it, so output shows while the program runs). */
    flush,
    /** The end of both streams: decodes what is left and sends it. */
    end() {
      if (!truncated)
        for (const stream of ['stdout', 'stderr'] as const) {
          const rest = decoders[stream].end();
          take(stream, rest, Buffer.byteLength(rest));
        }
      flush();
    },
    get truncated() {
      return truncated;
    },
    result: () => ({ stdout: kept.stdout.join(''), stderr: kept.stderr.join(''), outputTruncated: truncated }),
  };
}

export type OutputCapture = ReturnType<typeof createOutputCapture>;
