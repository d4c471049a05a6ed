// The shapes of the clipboard API (server/src/modules/clipboard/routes.ts).

export interface ClipboardItem {
  id: string;
  title: string;
  content: string;
  language: string | null;
  pinned: boolean;
  source: { sessionId: string; messageId: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

export interface ClipboardPage {
  items: ClipboardItem[];
  nextCursor: string | null;
}

export interface ClipboardFilter {
  q?: string;
  language?: string;
}

export const clipboardKeys = {
  all: ['clipboard'] as const,
  lists: () => [...clipboardKeys.all, 'list'] as const,
  list: (filter: ClipboardFilter) => [...clipboardKeys.lists(), filter] as const,
};

/** The server's rule for a language name (a code fence's: ts, python, c++, c#). */
export const LANGUAGE_PATTERN = /^[A-Za-z0-9+#._-]{1,32}$/;

export const enc = encodeURIComponent;
