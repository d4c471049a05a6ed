// The command palette (Ctrl/Cmd+K): a combobox over the app's commands and the user's chats,
// following the WAI-ARIA combobox pattern (focus stays in the input, aria-activedescendant
// points at the highlighted option). On a native modal <dialog>: Escape closes it, and focus
// returns to where it was before the command runs (so a command may move it elsewhere).
import { useDeferredValue, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { sessionPath, useSessions } from '@/features/chat';
import './command-palette.css';

export interface PaletteCommand {
  id: string;
  label: string;
  /** Shown beside the label, and searched with it: "Go to", "Theme", "Chat"… */
  group: string;
  /** The shortcut that does the same, as shown ("Alt+N"). */
  shortcut?: string;
  run: () => void;
}

const MAX_CHATS = 8;

/**
 * Where `query` matches `text`, lower is better: a substring by its position; else its letters
 * in order, each starting a word or following the previous one ("nch" finds "New chat"),
 * ranked after every substring; null when it does not match.
 */
export function matchRank(text: string, query: string): number | null {
  const needle = query.trim().toLowerCase();
  if (!needle) return 0;
  const haystack = text.toLowerCase();
  const at = haystack.indexOf(needle);
  if (at >= 0) return at;
  const wordStart = (index: number) => index === 0 || /[\s\-_/.]/.test(haystack[index - 1] ?? '');
  let from = 0;
  let matched = false;
  for (const letter of needle.replace(/\s+/g, '')) {
    let found = -1;
    for (let index = from; index < haystack.length; index += 1) {
      if (haystack[index] === letter && (wordStart(index) || (matched && index === from))) {
        found = index;
        break;
      }
    }
    if (found < 0) return null;
    matched = true;
    from = found + 1;
  }
  return 10_000 + from;
}

export function filterCommands(commands: PaletteCommand[], query: string): PaletteCommand[] {
  return commands
    .map((command, order) => ({ command, order, rank: matchRank(`${command.label} ${command.group}`, query) }))
    .filter((entry): entry is typeof entry & { rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((entry) => entry.command);
}

export interface CommandPaletteProps {
  open: boolean;
  onClose: () => void;
  commands: PaletteCommand[];
}

export function CommandPalette({ open, onClose, commands }: CommandPaletteProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const chosen = useRef<PaletteCommand | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      dialog.querySelector('input')?.focus();
    }
    if (!open && opener.current) {
      if (dialog.open) dialog.close();
      if (opener.current.isConnected) opener.current.focus();
      opener.current = null;
      const command = chosen.current;
      chosen.current = null;
      command?.run();
    }
  }, [open]);

  const choose = (command: PaletteCommand) => {
    chosen.current = command;
    onClose();
  };

  return (
    <dialog
      ref={ref}
      className="dialog palette"
      aria-labelledby={titleId}
      onClose={() => {
        if (open) onClose();
      }}
    >
      <h2 id={titleId} className="visually-hidden">
        {t('palette.title')}
      </h2>
      {open && <PaletteSearch commands={commands} onChoose={choose} />}
    </dialog>
  );
}

function PaletteSearch({ commands, onChoose }: { commands: PaletteCommand[]; onChoose: (c: PaletteCommand) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const deferredQuery = useDeferredValue(query);
  const sessions = useSessions(deferredQuery);
  const listId = useId();
  const optionId = (index: number) => `${listId}-${index}`;

  const chats: PaletteCommand[] = (sessions.data?.pages[0]?.items ?? []).slice(0, MAX_CHATS).map((session) => ({
    id: `chat:${session.id}`,
    label: session.title,
    group: t('palette.groups.chat'),
    // At the message the search found, as the sidebar's results.
    run: () => navigate(sessionPath(session.id, session.match?.messageId)),
  }));
  // The server already matched the chats against the query (title and messages); commands match here.
  const items = [...filterCommands(commands, query), ...chats];
  const current = Math.min(active, items.length - 1);

  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView?.({ block: 'nearest' });
  });

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (move !== undefined && items.length > 0) {
      event.preventDefault();
      setActive((current + move + items.length) % items.length);
    } else if (event.key === 'Home' && event.ctrlKey) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'End' && event.ctrlKey) {
      event.preventDefault();
      setActive(Math.max(items.length - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const command = items[current];
      if (command) onChoose(command);
    }
  };

  return (
    <div className="palette__body">
      <input
        className="input palette__input"
        type="text"
        role="combobox"
        aria-label={t('palette.inputLabel')}
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        placeholder={t('palette.placeholder')}
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={t('palette.results')} className="palette__list">
        {items.map((command, index) => (
          // A click picks an option; the keyboard stays in the combobox input (see onKeyDown).
          <li
            key={command.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            className={index === current ? 'palette__option palette__option--active' : 'palette__option'}
            onMouseMove={() => index !== current && setActive(index)}
            onClick={() => onChoose(command)}
          >
            <span className="palette__label">{command.label}</span>
            <span className="palette__group">{command.group}</span>
            {command.shortcut && <kbd className="palette__shortcut">{command.shortcut}</kbd>}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p className="palette__empty text-muted">{t('palette.empty')}</p>}
      <p role="status" className="visually-hidden">
        {t('palette.count', { count: items.length })}
      </p>
    </div>
  );
}
