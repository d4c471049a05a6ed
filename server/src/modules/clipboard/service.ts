// The clipboard: snippets a user keeps (code from an answer, a command, a prompt), searchable,
// pinnable, and one click away from a review or the editor. Private to each user.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors.js';
import { keysetPage } from '../../platform/http.js';
import type { ClipboardRow, ClipboardStore } from './store.js';

export const CLIPBOARD_LIMITS = {
  /** Items per user: a clipboard, not a file store (workspaces hold files). */
  items: 1000,
  contentChars: 256 * 1024,
};

const toView = (row: ClipboardRow) => ({
  id: row.id,
  title: row.title,
  content: row.content,
  language: row.language,
  pinned: row.pinned === 1,
  source: row.source_session_id ? { sessionId: row.source_session_id, messageId: row.source_message_id } : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A title from the snippet itself: its first line with text, shortened. */
export function titleFor(content: string): string {
  const line = content
    .split('\n')
    .map((candidate) => candidate.trim())
    .find(Boolean);
  if (!line) return 'Empty snippet';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

export function createClipboardService(deps: { store: ClipboardStore }) {
  const { store } = deps;

  async function itemOf(userId: string, id: string) {
    const row = await store.find(userId, id);
    if (!row) throw new AppError('clipboard_item_not_found', 404, `no clipboard item ${id}`);
    return row;
  }

  return {
    async list(userId: string, options: { limit: number; cursor?: string; query?: string; language?: string }) {
      const { rows, nextCursor } = await keysetPage(
        options,
        3,
        (after, limit) =>
          store.list(userId, {
            limit,
            query: options.query?.trim() || undefined,
            language: options.language,
            after: after ? { pinned: Number(after[0]), updatedAt: after[1]!, id: after[2]! } : undefined,
          }),
        (row) => [String(row.pinned), row.updated_at, row.id],
      );
      return { items: rows.map(toView), nextCursor };
    },

    get: async (userId: string, id: string) => toView(await itemOf(userId, id)),

    async create(
      userId: string,
      input: { content: string; title?: string; language?: string; source?: { sessionId: string; messageId?: string } },
    ) {
      if ((await store.count(userId)) >= CLIPBOARD_LIMITS.items) {
        throw new AppError(
          'clipboard_full',
          409,
          `your clipboard holds ${CLIPBOARD_LIMITS.items} items, its limit: delete some first`,
        );
      }
      const now = new Date().toISOString();
      const row: ClipboardRow = {
        id: randomUUID(),
        user_id: userId,
        title: input.title?.trim() || titleFor(input.content),
        content: input.content,
        language: input.language ?? null,
        pinned: 0,
        source_session_id: input.source?.sessionId ?? null,
        source_message_id: input.source?.messageId ?? null,
        created_at: now,
        updated_at: now,
      };
      await store.insert(row);
      return toView(row);
    },

    async update(
      userId: string,
      id: string,
      changes: { title?: string; content?: string; language?: string | null; pinned?: boolean },
    ) {
      const row = await itemOf(userId, id);
      const next: ClipboardRow = {
        ...row,
        ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
        ...(changes.content !== undefined ? { content: changes.content } : {}),
        ...(changes.language !== undefined ? { language: changes.language } : {}),
        ...(changes.pinned !== undefined ? { pinned: changes.pinned ? 1 : 0 } : {}),
        updated_at: new Date().toISOString(),
      };
      await store.update(userId, id, {
        title: next.title,
        content: next.content,
        language: next.language,
        pinned: next.pinned,
        updated_at: next.updated_at,
      });
      return toView(next);
    },

    async remove(userId: string, id: string) {
      if (!(await store.delete(userId, id)))
        throw new AppError('clipboard_item_not_found', 404, `no clipboard item ${id}`);
    },
  };
}

export type ClipboardService = ReturnType<typeof createClipboardService>;
