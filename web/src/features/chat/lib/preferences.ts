import { usePersistentState } from '@/lib/use-persistent-state';
import { TASK_KINDS, type DeveloperMode, type TaskKind } from '../api/types';

/** The composer's choices, remembered across reloads: model ('auto'), task kind ('auto'), mode. */
export function useChatPreferences() {
  const [model, setModel] = usePersistentState<string>('xionimus.chat.model', 'auto', (value) => value);
  const [taskKind, setTaskKind] = usePersistentState<TaskKind | 'auto'>('xionimus.chat.taskKind', 'auto', (value) =>
    value === 'auto' || TASK_KINDS.includes(value as TaskKind) ? (value as TaskKind | 'auto') : undefined,
  );
  const [mode, setMode] = usePersistentState<DeveloperMode>('xionimus.chat.mode', 'senior', (value) =>
    value === 'junior' || value === 'senior' ? value : undefined,
  );
  return { model, setModel, taskKind, setTaskKind, mode, setMode };
}

export type ChatPreferences = ReturnType<typeof useChatPreferences>;

/** The request fields for these choices ('auto' means: let the server decide). */
export const sendOptions = (preferences: Pick<ChatPreferences, 'model' | 'taskKind' | 'mode'>) => ({
  ...(preferences.model !== 'auto' ? { model: preferences.model } : {}),
  ...(preferences.taskKind !== 'auto' ? { taskKind: preferences.taskKind } : {}),
  mode: preferences.mode,
});
