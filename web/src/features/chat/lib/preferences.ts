import { useCallback } from 'react';
import { usePersistentState } from '@/lib/use-persistent-state';
import { TASK_KINDS, type DeveloperMode, type TaskKind } from '../api/types';

/** The composer's choices, remembered across reloads: model ('auto'), task kind ('auto'), mode, think. */
export function useChatPreferences() {
  const [model, setModel] = usePersistentState<string>('xionimus.chat.model', 'auto', (value) => value);
  const [taskKind, setTaskKind] = usePersistentState<TaskKind | 'auto'>('xionimus.chat.taskKind', 'auto', (value) =>
    value === 'auto' || TASK_KINDS.includes(value as TaskKind) ? (value as TaskKind | 'auto') : undefined,
  );
  const [mode, setMode] = usePersistentState<DeveloperMode>('xionimus.chat.mode', 'senior', (value) =>
    value === 'junior' || value === 'senior' ? value : undefined,
  );
  const [thinkStored, setThinkStored] = usePersistentState<'true' | 'false'>('xionimus.chat.think', 'false', (value) =>
    value === 'true' || value === 'false' ? value : undefined,
  );
  const think = thinkStored === 'true';
  const setThink = useCallback((next: boolean) => setThinkStored(next ? 'true' : 'false'), [setThinkStored]);
  return { model, setModel, taskKind, setTaskKind, mode, setMode, think, setThink };
}

export type ChatPreferences = ReturnType<typeof useChatPreferences>;

/** The request fields for these choices ('auto' means: let the server decide). */
export const sendOptions = (preferences: Pick<ChatPreferences, 'model' | 'taskKind' | 'mode' | 'think'>) => ({
  ...(preferences.model !== 'auto' ? { model: preferences.model } : {}),
  ...(preferences.taskKind !== 'auto' ? { taskKind: preferences.taskKind } : {}),
  mode: preferences.mode,
  // Only when on: with it off, requests stay exactly as they were before the option existed.
  ...(preferences.think ? { think: true } : {}),
});
