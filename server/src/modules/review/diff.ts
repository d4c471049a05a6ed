// Unified diffs both ways: reading one (git diff, a patch file) into the files and lines it
// changes, and writing one to show what a fix would change.
import { splitLines } from './text.js';

export interface DiffHunk {
  newStart: number;
  newLines: number;
  lines: Array<{ kind: ' ' | '+' | '-'; text: string }>;
}

export interface DiffFile {
  path: string;
  deleted: boolean;
  hunks: DiffHunk[];
}

// eslint-disable-next-line security/detect-unsafe-regex -- anchored, optional groups only: linear
const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/** `b/src/x.ts` → `src/x.ts`; quoted names and tab-separated timestamps are handled. */
function pathOf(header: string): string {
  let name = header.replace(/\t.*$/, '').trim();
  if (name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
  return name.replace(/^[ab]\//, '');
}

export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let current: DiffFile | undefined;
  let hunk: DiffHunk | undefined;
  let oldPath = '';
  for (const line of splitLines(text)) {
    if (line.startsWith('--- ') && (!hunk || hunkDone(hunk))) {
      oldPath = pathOf(line.slice(4));
      hunk = undefined;
      continue;
    }
    if (line.startsWith('+++ ') && (!hunk || hunkDone(hunk))) {
      const path = pathOf(line.slice(4));
      const deleted = path === '/dev/null';
      current = { path: deleted ? oldPath : path, deleted, hunks: [] };
      files.push(current);
      hunk = undefined;
      continue;
    }
    const header = HUNK.exec(line);
    if (header && current) {
      hunk = { newStart: Number(header[1]), newLines: header[2] === undefined ? 1 : Number(header[2]), lines: [] };
      current.hunks.push(hunk);
      continue;
    }
    if (!hunk || hunkDone(hunk)) continue;
    const kind = line[0];
    if (kind === '+' || kind === '-' || kind === ' ') hunk.lines.push({ kind, text: line.slice(1) });
    else if (line === '') hunk.lines.push({ kind: ' ', text: '' });
  }
  return files.filter((file) => file.hunks.length > 0);
}

function hunkDone(hunk: DiffHunk): boolean {
  return hunk.lines.filter((line) => line.kind !== '-').length >= hunk.newLines;
}

/** Line numbers (in the new file) of added lines, and of the spots where lines were removed. */
export function changedLines(file: DiffFile): number[] {
  const changed = new Set<number>();
  for (const hunk of file.hunks) {
    let line = hunk.newStart;
    for (const entry of hunk.lines) {
      if (entry.kind === '+') changed.add(line++);
      else if (entry.kind === '-') changed.add(Math.max(1, line));
      else line++;
    }
  }
  return [...changed].sort((a, b) => a - b);
}

/** The new file as far as the diff shows it: known lines in place, unknown lines blank. */
export function reconstruct(file: DiffFile): string {
  const lines: string[] = [];
  for (const hunk of file.hunks) {
    let line = hunk.newStart;
    for (const entry of hunk.lines) {
      if (entry.kind === '-') continue;
      while (lines.length < line - 1) lines.push('');
      lines[line - 1] = entry.text;
      line++;
    }
  }
  return lines.join('\n');
}

type Op = { kind: ' ' | '-' | '+'; text: string };

/**
 * Line operations turning `a` into `b` along a longest common subsequence, removals before
 * additions as git shows them; remove-all-then-add for huge regions.
 */
function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length * b.length > 4_000_000)
    return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i++]! });
      j++;
    } else if (j < b.length && (i === a.length || lengths[i * width + j + 1]! > lengths[(i + 1) * width + j]!))
      ops.push({ kind: '+', text: b[j++]! });
    else ops.push({ kind: '-', text: a[i++]! });
  }
  return ops;
}

/** A unified diff of `before` → `after`, hunks with `context` unchanged lines around each change. */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  // Only the region between the common prefix and suffix needs the (quadratic) comparison.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const ops: Op[] = [
    ...a.slice(0, prefix).map((text) => ({ kind: ' ' as const, text })),
    ...lineOps(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)),
    ...a.slice(a.length - suffix).map((text) => ({ kind: ' ' as const, text })),
  ];
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let index = 0;
  while (index < changed.length) {
    const first = changed[index]!;
    let last = first;
    // Changes closer than twice the context share a hunk.
    while (index + 1 < changed.length && changed[index + 1]! - last <= 2 * context) last = changed[++index]!;
    index++;
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length, last + context + 1);
    const oldBefore = ops.slice(0, start).filter((op) => op.kind !== '+').length;
    const newBefore = ops.slice(0, start).filter((op) => op.kind !== '-').length;
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    const range = (before_: number, count: number) => `${count === 0 ? before_ : before_ + 1},${count}`;
    out.push(
      `@@ -${range(oldBefore, oldCount)} +${range(newBefore, newCount)} @@`,
      ...hunk.map((op) => `${op.kind}${op.text}`),
    );
  }
  return `${out.join('\n')}\n`;
}
