import { useSyncExternalStore } from 'react';
import { useTheme } from '@/lib/theme';

const QUERY = '(prefers-color-scheme: dark)';

const subscribe = (listener: () => void) => {
  const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(QUERY) : undefined;
  media?.addEventListener('change', listener);
  return () => media?.removeEventListener('change', listener);
};

const systemDark = () =>
  typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(QUERY).matches : false;

/** Whether the app shows dark colours now: the user's choice, or the system's. */
export function useDarkMode() {
  const theme = useTheme();
  const system = useSyncExternalStore(subscribe, systemDark, () => false);
  return theme === 'dark' || (theme === 'system' && system);
}
