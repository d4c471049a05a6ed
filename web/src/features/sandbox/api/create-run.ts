import { api } from '@/lib/api-client';
import type { RunCreated, RunInput } from './types';

/** Queues a run (202); its output streams from the run's events. */
export const createRun = (input: RunInput) => api.post<RunCreated>('/sandbox/runs', input);
