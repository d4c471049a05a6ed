// Paths inside a workspace: relative POSIX paths in NFC, so the same name typed on macOS (NFD)
// and on Linux is one file, and nothing can point outside the workspace or hide in a name.
import { AppError } from '../../platform/errors.js';

export const PATH_LIMITS = { chars: 512, depth: 32 };

// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function invalid(path: string, reason: string): never {
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  throw new AppError(
    'workspace_path_invalid',
    400,
    `${JSON.stringify(shown)} is not a valid workspace path: ${reason}`,
    {
      extra: { path: shown },
    },
  );
}

/** A path a user sent, normalised (NFC, `.` segments dropped); 400 `workspace_path_invalid` otherwise. */
export function normalizeWorkspacePath(path: string): string {
  const nfc = path.normalize('NFC');
  if (nfc === '') invalid(path, 'it is empty');
  if (CONTROL.test(nfc)) invalid(path, 'it contains control characters');
  if (nfc.includes('\\')) invalid(path, 'use / between folders, not \\');
  if (nfc.startsWith('/')) invalid(path, 'it must be relative, not start with /');
  const segments = nfc.split('/');
  if (segments.some((segment) => segment === '')) invalid(path, 'it has an empty segment (// or a trailing /)');
  if (segments.includes('..')) invalid(path, '.. segments are not allowed');
  const kept = segments.filter((segment) => segment !== '.');
  if (kept.length === 0) invalid(path, 'it names no file');
  if (kept.length > PATH_LIMITS.depth) invalid(path, `it is deeper than ${PATH_LIMITS.depth} folders`);
  const normalized = kept.join('/');
  if ([...normalized].length > PATH_LIMITS.chars) invalid(path, `it is longer than ${PATH_LIMITS.chars} characters`);
  return normalized;
}

/** True when `path` is `prefix` itself or inside the folder `prefix`. */
export const isAtOrUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The folders a path lies in: `a/b/c.ts` → `a`, `a/b`. */
export function parentFolders(path: string): string[] {
  const segments = path.split('/');
  return segments.slice(0, -1).map((_segment, index) => segments.slice(0, index + 1).join('/'));
}

/**
 * Paths that cannot live together in one tree: a file where another file needs a folder
 * (`src` and `src/a.ts`). Returns the first clash of `added` with `existing` or each other.
 */
export function findFolderClash(existing: Iterable<string>, added: readonly string[]): [string, string] | undefined {
  const files = new Set(existing);
  for (const path of added) files.add(path);
  const folders = new Map<string, string>();
  for (const path of files)
    for (const folder of parentFolders(path)) if (!folders.has(folder)) folders.set(folder, path);
  for (const path of added) {
    const inside = folders.get(path);
    if (inside) return [path, inside];
    for (const folder of parentFolders(path)) if (files.has(folder)) return [path, folder];
  }
  return undefined;
}
