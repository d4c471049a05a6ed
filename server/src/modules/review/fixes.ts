// Applying fixes: text edits against a file's content, shown first as a unified diff. Applying
// takes a per-file lock (two fixes to one file never interleave) and writes only if the file
// still has the hash the fix was computed for (409 otherwise, also across instances). After a
// fix the other fixes of the file are moved to the new text, or marked stale where they overlap.
// A review of a workspace writes the fixed file back to the workspace in the same transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { unifiedDiff } from './diff.js';
import type { Fix, TextEdit } from './model.js';
import type { ReviewFindingRow, ReviewStore } from './store.js';
import { lineStarts, lineOfOffset, sha256 } from './text.js';

/** Runs functions one after another per key (in this process). */
export function createKeyedLock() {
  const tails = new Map<string, Promise<void>>();
  return async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

const sorted = (edits: readonly TextEdit[]) => [...edits].sort((a, b) => a.start - b.start || a.end - b.end);

const overlaps = (a: TextEdit, b: TextEdit) => a.start < b.end && b.start < a.end;

/** The content with the edits applied; undefined if they overlap or fall outside it. */
export function applyEdits(content: string, edits: readonly TextEdit[]): string | undefined {
  const ordered = sorted(edits);
  let result = '';
  let position = 0;
  for (const edit of ordered) {
    if (edit.start < position || edit.end < edit.start || edit.end > content.length) return undefined;
    result += content.slice(position, edit.start) + edit.text;
    position = edit.end;
  }
  return result + content.slice(position);
}

/**
 * Applies as many fixes to one file as fit together: in order, each one whose edits do not
 * overlap an earlier one's (the rest need another review of the fixed file).
 */
export function combineFixes<T extends { fix?: Fix }>(content: string, items: readonly T[]) {
  const taken: TextEdit[] = [];
  const applied: T[] = [];
  const skipped: T[] = [];
  for (const item of items) {
    const edits = item.fix?.edits ?? [];
    if (edits.length === 0) continue;
    const fits = edits.every(
      (edit) =>
        edit.end <= content.length &&
        !taken.some((done) => overlaps(edit, done) || (edit.start === done.start && edit.end === done.end)),
    );
    if (!fits || applyEdits(content, [...taken, ...edits]) === undefined) {
      skipped.push(item);
      continue;
    }
    taken.push(...edits);
    applied.push(item);
  }
  return { content: applyEdits(content, taken) ?? content, applied, skipped };
}

/** Moves an edit made for the old text onto the text after `applied`; undefined when they overlap. */
function moveEdit(edit: TextEdit, applied: readonly TextEdit[]): TextEdit | undefined {
  let shift = 0;
  for (const done of applied) {
    if (overlaps(edit, done) || (edit.start === edit.end && edit.start === done.start)) return undefined;
    if (done.end <= edit.start) shift += done.text.length - (done.end - done.start);
  }
  return { ...edit, start: edit.start + shift, end: edit.end + shift };
}

/** How many lines the text before `offset` gained or lost. */
function lineShift(offset: number, applied: readonly TextEdit[], before: string): number {
  let shift = 0;
  for (const done of applied) {
    if (done.end > offset) continue;
    const removed = before.slice(done.start, done.end).split('\n').length - 1;
    shift += done.text.split('\n').length - 1 - removed;
  }
  return shift;
}

type FindingUpdate = Pick<ReviewFindingRow, 'id' | 'line' | 'end_line' | 'fix' | 'fix_state'>;

/** The file's other findings after a fix: moved down or up, their fixes rebased or stale. */
export function rebaseFindings(
  findings: readonly ReviewFindingRow[],
  applied: readonly TextEdit[],
  before: string,
): FindingUpdate[] {
  const starts = lineStarts(before);
  const changedFrom = Math.min(...applied.map((edit) => edit.start));
  const firstChangedLine = lineOfOffset(starts, changedFrom);
  return findings.map((finding) => {
    const lineStart = starts[finding.line - 1] ?? before.length;
    const moved = finding.line > firstChangedLine ? lineShift(lineStart, applied, before) : 0;
    let fix = finding.fix;
    let state = finding.fix_state;
    if (fix && state === 'available') {
      const parsed = JSON.parse(fix) as Fix;
      const edits = parsed.edits.map((edit) => moveEdit(edit, applied));
      if (edits.every((edit): edit is TextEdit => edit !== undefined)) fix = JSON.stringify({ ...parsed, edits });
      else state = 'stale';
    }
    return {
      id: finding.id,
      line: Math.max(1, finding.line + moved),
      end_line: finding.end_line === null ? null : Math.max(1, finding.end_line + moved),
      fix,
      fix_state: state,
    };
  });
}

type FixStore = Pick<ReviewStore, 'file' | 'finding' | 'findings' | 'applyFix'>;

/**
 * Writes a fixed file somewhere else too (the workspace the review read), in the same
 * transaction as the review's copy; throws to refuse, which undoes both.
 */
export type FixWriteThrough = (
  transaction: Kysely<Database>,
  file: { path: string; expectedSha256: string; content: string },
) => Promise<void>;

export function createFixer(store: FixStore) {
  const withLock = createKeyedLock();

  async function load(reviewId: string, findingId: string) {
    const finding = await store.finding(reviewId, findingId);
    if (!finding) throw new AppError('finding_not_found', 404, `no finding ${findingId} in review ${reviewId}`);
    if (!finding.fix) throw new AppError('fix_not_found', 404, `finding ${findingId} has no fix`);
    const file = await store.file(reviewId, finding.file);
    if (!file) throw new AppError('finding_not_found', 404, `the file of finding ${findingId} is gone`);
    return { finding, fix: JSON.parse(finding.fix) as Fix, file };
  }

  function refuseUnless(state: ReviewFindingRow['fix_state']) {
    if (state === 'applied') throw new AppError('fix_already_applied', 409, 'this fix has been applied already');
    if (state === 'stale')
      throw new AppError('fix_stale', 409, 'another fix changed the same lines; review the file again for a new fix');
  }

  return {
    async preview(reviewId: string, findingId: string) {
      const { finding, fix, file } = await load(reviewId, findingId);
      const after = finding.fix_state === 'available' ? applyEdits(file.content, fix.edits) : undefined;
      return {
        findingId,
        file: file.path,
        description: fix.description,
        origin: fix.origin,
        state: finding.fix_state ?? 'available',
        sha256: file.sha256,
        diff: after === undefined ? '' : unifiedDiff(file.path, file.content, after),
      };
    },

    /** Applies a fix; with `expectedSha256` (from the preview) it refuses if the file changed since. */
    async apply(reviewId: string, findingId: string, expectedSha256?: string, writeThrough?: FixWriteThrough) {
      const { finding } = await load(reviewId, findingId);
      return withLock(`${reviewId}\0${finding.file}`, async () => {
        // Read again inside the lock: a fix applied while we waited has moved this one.
        const { finding: current, fix, file } = await load(reviewId, findingId);
        refuseUnless(current.fix_state);
        if (expectedSha256 !== undefined && expectedSha256 !== file.sha256)
          throw new AppError(
            'file_changed',
            409,
            `${file.path} changed since you previewed this fix (another fix was applied)`,
          );
        const after = applyEdits(file.content, fix.edits);
        if (after === undefined) throw new AppError('fix_stale', 409, 'the fix no longer fits the file');
        const others = (await store.findings(reviewId)).filter((row) => row.file === file.path && row.id !== findingId);
        const updates = [
          ...rebaseFindings(others, fix.edits, file.content),
          {
            id: findingId,
            line: current.line,
            end_line: current.end_line,
            fix: current.fix,
            fix_state: 'applied' as const,
          },
        ];
        const next = { content: after, sha256: sha256(after) };
        const alsoWrite =
          writeThrough &&
          ((transaction: Kysely<Database>) =>
            writeThrough(transaction, { path: file.path, expectedSha256: file.sha256, content: after }));
        if (!(await store.applyFix(reviewId, file.path, file.sha256, next, updates, alsoWrite)))
          throw new AppError('file_changed', 409, `${file.path} changed while the fix was being applied; try again`);
        return {
          findingId,
          file: file.path,
          sha256: next.sha256,
          content: after,
          diff: unifiedDiff(file.path, file.content, after),
        };
      });
    },
  };
}
