// Follows a run's events to its exit (see lib/follow-events.ts).
import { followEvents, type FollowEventsOptions } from '@/lib/follow-events';
import type { RunEvent } from './run-output';

const RUN = {
  known: new Set(['status', 'stdout', 'stderr', 'exit', 'error']),
  final: new Set(['exit', 'error']),
  name: 'run',
};

export type FollowRunOptions = FollowEventsOptions<RunEvent>;

/** Resolves with the final event (exit or error), or null when aborted; throws when the stream cannot be had. */
export const followRun = (options: FollowRunOptions) => followEvents(RUN, options);
