// Answers regenerated in place are versions of one answer: the conversation shows one of them
// per question (the newest, unless the user picked another), with a pager to flip between them.
import type { MessageView } from './message-view';

/** One row of the conversation: a question, or the run of answers after one (its versions). */
export interface ConversationRow {
  /** The first view's key: it stays while answers are added, so the row is not mounted again. */
  key: string;
  /** The versions' indexes in the views, oldest first; a question is its only version. */
  indexes: number[];
}

/** The version the user picked, 0-based, and how many versions there were then. */
export interface VersionChoice {
  version: number;
  of: number;
}

/** Groups consecutive answers into one row; every other view is a row of its own. */
export function conversationRows(views: readonly MessageView[]): ConversationRow[] {
  const rows: ConversationRow[] = [];
  views.forEach((view, index) => {
    const previous = rows.at(-1);
    if (view.role === 'assistant' && previous && views[previous.indexes[0]!]?.role === 'assistant') {
      previous.indexes.push(index);
    } else {
      rows.push({ key: view.key, indexes: [index] });
    }
  });
  return rows;
}

/**
 * The version a row shows (0-based): the one picked, as long as no answer has joined since;
 * otherwise the newest.
 */
export function shownVersion(row: ConversationRow, choice: VersionChoice | undefined): number {
  const newest = row.indexes.length - 1;
  if (!choice || choice.of !== row.indexes.length) return newest;
  return Math.min(Math.max(choice.version, 0), newest);
}

/** Picking a version of a row, to be shown until another answer joins it. */
export const chooseVersion = (row: ConversationRow, version: number): VersionChoice => ({
  version: Math.min(Math.max(version, 0), row.indexes.length - 1),
  of: row.indexes.length,
});

/** The row that shows the view at `index` (0-based), and which of its versions that view is. */
export function findRow(rows: readonly ConversationRow[], index: number): { row: number; version: number } | null {
  const row = rows.findIndex((candidate) => candidate.indexes.includes(index));
  return row === -1 ? null : { row, version: rows[row]!.indexes.indexOf(index) };
}
