import { useCallback, useState } from 'react';
import { readStorage, writeStorage } from './storage';

/** useState remembered in localStorage; `parse` rejects stale or foreign values. */
export function usePersistentState<T extends string>(
  key: string,
  fallback: T,
  parse: (value: string) => T | undefined,
) {
  const [value, setValue] = useState<T>(() => {
    const stored = readStorage(key);
    return (stored !== null ? parse(stored) : undefined) ?? fallback;
  });
  const set = useCallback(
    (next: T) => {
      writeStorage(key, next);
      setValue(next);
    },
    [key],
  );
  return [value, set] as const;
}
