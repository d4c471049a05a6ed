// The app's global keyboard shortcuts. Keys without a modifier (`/`, `?`) never fire while the
// user types in a field or in the code editor; those with one (Ctrl/Cmd+K…) fire everywhere.
// Ctrl+N and Ctrl+T belong to the browser (Chromium does not let a page take them), so a new
// chat is Alt+N; event.code is read for letters, since Alt and Shift change event.key.
import { useEffect, useRef } from 'react';

export type ShortcutAction = 'palette' | 'newChat' | 'focusInput' | 'help';

export interface ShortcutEvent {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  target: EventTarget | null;
  defaultPrevented?: boolean;
  isComposing?: boolean;
}

/** The shortcuts as shown in the help dialog; `keys` are pressed together. */
export const SHORTCUTS: Array<{ action: ShortcutAction; keys: string[][] }> = [
  {
    action: 'palette',
    keys: [
      ['Ctrl', 'K'],
      ['⌘', 'K'],
    ],
  },
  { action: 'newChat', keys: [['Alt', 'N']] },
  { action: 'focusInput', keys: [['/'], ['Ctrl', 'Shift', 'L']] },
  { action: 'help', keys: [['?']] },
];

const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'password',
  'url',
  'tel',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** True when keys typed at `target` are text: a text field, a select, or contenteditable (CodeMirror). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return (
    (target instanceof HTMLElement && target.isContentEditable) ||
    target.closest('[contenteditable]:not([contenteditable="false"])') !== null
  );
}

export function shortcutFor(event: ShortcutEvent): ShortcutAction | null {
  if (event.defaultPrevented || event.isComposing) return null;
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey && !event.shiftKey && event.code === 'KeyK') return 'palette';
  if (mod && !event.altKey && event.shiftKey && event.code === 'KeyL') return 'focusInput';
  if (event.altKey && !mod && !event.shiftKey && event.code === 'KeyN') return 'newChat';
  if (mod || event.altKey || isTypingTarget(event.target)) return null;
  if (event.key === '/') return 'focusInput';
  if (event.key === '?') return 'help';
  return null;
}

/** Runs the handler of each shortcut pressed anywhere in the window. */
export function useShortcuts(handlers: Record<ShortcutAction, () => void>) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      latest.current[action]();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
