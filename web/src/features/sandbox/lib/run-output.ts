// A run's events folded into what the output panel shows: lines tagged stdout or stderr (chunks
// of one stream join the open line until a newline), the phase, and the exit. The server caps
// the output (1 MiB by default); the panel caps what it draws lower still, because a log region
// of hundreds of thousands of lines would stall the page, and says where it cut.
import { ApiError } from '@/lib/api-client';

export type RunEvent =
  | { type: 'status'; data: { status: string } }
  | { type: 'stdout'; data: { text: string } }
  | { type: 'stderr'; data: { text: string } }
  | { type: 'exit'; data: RunExit }
  | { type: 'error'; data: { code: string; detail: string } };

export interface RunExit {
  exitCode: number | null;
  signal: string | null;
  durationMs: number | null;
  limit: 'timeout' | 'memory' | 'output' | 'cpu' | null;
  outputTruncated: boolean;
}

export type OutputStream = 'stdout' | 'stderr';

export interface OutputLine {
  key: number;
  stream: OutputStream;
  text: string;
  /** No newline yet: the next chunk of the same stream continues this line. */
  open: boolean;
}

export type RunPhase = 'idle' | 'starting' | 'queued' | 'compiling' | 'running' | 'finished' | 'failed';

export interface RunOutput {
  runId: string | null;
  phase: RunPhase;
  lines: OutputLine[];
  /** Characters drawn so far (counted against the display cap). */
  shown: number;
  /** Output arrived beyond the display cap and was not drawn. */
  cut: boolean;
  exit: RunExit | null;
  /** The user asked to stop this run. */
  stopped: boolean;
  reconnecting: boolean;
  error: unknown;
}

export const DISPLAY_LIMITS = { lines: 5000, chars: 512 * 1024 };

export const EMPTY_OUTPUT: RunOutput = {
  runId: null,
  phase: 'idle',
  lines: [],
  shown: 0,
  cut: false,
  exit: null,
  stopped: false,
  reconnecting: false,
  error: null,
};

export type RunAction =
  | { type: 'start' }
  | { type: 'created'; runId: string }
  | { type: 'event'; event: RunEvent }
  | { type: 'reconnecting' }
  | { type: 'stopping' }
  | { type: 'stopFailed'; error: unknown }
  | { type: 'failed'; error: unknown }
  | { type: 'clear' };

export const isActive = (phase: RunPhase) =>
  phase === 'starting' || phase === 'queued' || phase === 'compiling' || phase === 'running';

function appendChunk(state: RunOutput, stream: OutputStream, chunk: string): RunOutput {
  if (!chunk || state.cut) return state;
  let text = chunk;
  let cut = false;
  const room = DISPLAY_LIMITS.chars - state.shown;
  if (text.length > room) {
    text = text.slice(0, Math.max(room, 0));
    cut = true;
  }
  if (!text) return { ...state, cut };
  const lines = state.lines.slice();
  const parts = text.split('\n');
  const endsLine = parts.length > 1 && parts.at(-1) === '';
  if (endsLine) parts.pop();
  parts.forEach((part, index) => {
    const last = lines.at(-1);
    // Every part but the last ended with a newline; the last one too when the chunk did.
    const open = index === parts.length - 1 && !endsLine;
    if (index === 0 && last?.open && last.stream === stream) {
      lines[lines.length - 1] = { ...last, text: last.text + part, open };
    } else {
      lines.push({ key: (last?.key ?? -1) + 1, stream, text: part, open });
    }
  });
  if (lines.length > DISPLAY_LIMITS.lines) {
    lines.length = DISPLAY_LIMITS.lines;
    cut = true;
  }
  return { ...state, lines, shown: state.shown + text.length, cut };
}

export function runOutputReducer(state: RunOutput, action: RunAction): RunOutput {
  switch (action.type) {
    case 'start':
      return { ...EMPTY_OUTPUT, phase: 'starting' };
    case 'created':
      return { ...state, runId: action.runId, phase: 'queued' };
    case 'reconnecting':
      return { ...state, reconnecting: true };
    case 'stopping':
      return { ...state, stopped: true };
    case 'stopFailed':
      return { ...state, stopped: false, error: action.error };
    case 'failed':
      return { ...state, phase: 'failed', reconnecting: false, error: action.error };
    case 'clear':
      return EMPTY_OUTPUT;
    case 'event': {
      const { event } = action;
      const live = { ...state, reconnecting: false };
      switch (event.type) {
        case 'status': {
          const status = event.data.status;
          return status === 'queued' || status === 'compiling' || status === 'running'
            ? { ...live, phase: status }
            : live;
        }
        case 'stdout':
        case 'stderr':
          return appendChunk(
            { ...live, phase: live.phase === 'queued' ? 'running' : live.phase },
            event.type,
            event.data.text,
          );
        case 'exit':
          return { ...live, phase: 'finished', exit: event.data };
        case 'error':
          return { ...live, phase: 'failed', error: new ApiError(500, event.data) };
      }
    }
  }
}
