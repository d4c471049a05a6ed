// Dark or light, following the system unless the user chose one. CSS does the work
// (light-dark() colours); this only sets data-theme on <html> for an explicit choice.
import { useSyncExternalStore } from 'react';
import { readStorage, writeStorage } from './storage';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = 'xionimus.theme';
const listeners = new Set<() => void>();

export function getTheme(): Theme {
  const stored = readStorage(STORAGE_KEY);
  return THEMES.includes(stored as Theme) ? (stored as Theme) : 'system';
}

export function applyTheme(theme: Theme = getTheme()) {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function setTheme(theme: Theme) {
  writeStorage(STORAGE_KEY, theme);
  applyTheme(theme);
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

export const useTheme = () => useSyncExternalStore(subscribe, getTheme, () => 'system' as Theme);
