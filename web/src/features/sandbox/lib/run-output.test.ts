import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-client';
import {
  DISPLAY_LIMITS,
  EMPTY_OUTPUT,
  runOutputReducer,
  type RunAction,
  type RunEvent,
  type RunOutput,
} from './run-output';

const fold = (events: RunEvent[], from: RunOutput = EMPTY_OUTPUT) =>
  events.reduce((state, event) => runOutputReducer(state, { type: 'event', event }), from);
const out = (text: string): RunEvent => ({ type: 'stdout', data: { text } });
const err = (text: string): RunEvent => ({ type: 'stderr', data: { text } });
const shown = (state: RunOutput) => state.lines.map((line) => [line.stream, line.text]);

describe('the run output', () => {
  it('joins chunks of one stream into lines, splitting at newlines', () => {
    const state = fold([out('Hel'), out('lo\nwor'), out('ld\n'), out('\n'), out('end')]);
    expect(shown(state)).toEqual([
      ['stdout', 'Hello'],
      ['stdout', 'world'],
      ['stdout', ''],
      ['stdout', 'end'],
    ]);
    expect(state.lines.map((line) => line.open)).toEqual([false, false, false, true]);
    expect(new Set(state.lines.map((line) => line.key)).size).toBe(4);
  });

  it('keeps stderr apart from stdout even in the middle of a line', () => {
    const state = fold([out('progress: '), err('warning: low disk\n'), out('done\n'), err('Traceback\n  line 1\n')]);
    expect(shown(state)).toEqual([
      ['stdout', 'progress: '],
      ['stderr', 'warning: low disk'],
      ['stdout', 'done'],
      ['stderr', 'Traceback'],
      ['stderr', '  line 1'],
    ]);
  });

  it('follows the status events and ends with the exit', () => {
    const actions: RunAction[] = [{ type: 'start' }, { type: 'created', runId: 'r1' }];
    let state = actions.reduce(runOutputReducer, EMPTY_OUTPUT);
    expect(state).toMatchObject({ phase: 'queued', runId: 'r1' });
    state = fold([{ type: 'status', data: { status: 'compiling' } }], state);
    expect(state.phase).toBe('compiling');
    state = fold([{ type: 'status', data: { status: 'running' } }, out('42\n')], state);
    expect(state.phase).toBe('running');
    const exit = { exitCode: 3, signal: null, durationMs: 120, limit: null, outputTruncated: false };
    state = fold([{ type: 'exit', data: exit }], state);
    expect(state).toMatchObject({ phase: 'finished', exit });
    expect(shown(state)).toEqual([['stdout', '42']]);
  });

  it('treats output while queued as running (the status event may come late after a resume)', () => {
    const state = fold([out('hi')], runOutputReducer(EMPTY_OUTPUT, { type: 'created', runId: 'r1' }));
    expect(state.phase).toBe('running');
  });

  it('stops drawing at the display cap and says so', () => {
    const big = 'x'.repeat(DISPLAY_LIMITS.chars - 10);
    const state = fold([out(big), out('\n123456789012345\n'), out('more\n')]);
    expect(state.cut).toBe(true);
    expect(state.shown).toBe(DISPLAY_LIMITS.chars);
    expect(shown(state).at(-1)).toEqual(['stdout', '123456789']);
    expect(shown(state).flat().join('')).not.toContain('more');
  });

  it('caps the number of lines drawn', () => {
    const state = fold([out('y\n'.repeat(DISPLAY_LIMITS.lines + 50))]);
    expect(state.lines).toHaveLength(DISPLAY_LIMITS.lines);
    expect(state.cut).toBe(true);
  });

  it('turns an error event into a failure with its code', () => {
    const state = fold([{ type: 'error', data: { code: 'sandbox_failed', detail: 'bwrap died' } }]);
    expect(state.phase).toBe('failed');
    expect(state.error).toBeInstanceOf(ApiError);
    expect(state.error).toMatchObject({ code: 'sandbox_failed', detail: 'bwrap died' });
  });

  it('remembers a stop the user asked for, and forgets it when the stop was refused', () => {
    let state = runOutputReducer(EMPTY_OUTPUT, { type: 'stopping' });
    expect(state.stopped).toBe(true);
    state = runOutputReducer(state, { type: 'stopFailed', error: new Error('gone') });
    expect(state.stopped).toBe(false);
    expect(state.error).toBeInstanceOf(Error);
    expect(runOutputReducer(state, { type: 'clear' })).toBe(EMPTY_OUTPUT);
  });
});
