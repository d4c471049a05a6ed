// What a review reads: a pasted snippet, uploaded files, a unified diff, or local paths (the CLI).
// Everything becomes ReviewFile values with a path, text content and, for a diff, the changed lines.
import { lstat, open, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../platform/errors.js';
import { changedLines, parseUnifiedDiff, reconstruct } from './diff.js';
import { defaultExtension, guessLanguage, languageOfPath } from './languages.js';
import type { Language, ReviewFile } from './model.js';
import { MAX_FILE_BYTES } from './static/file-analysis.js';

/** A path a user sent: forward slashes, no leading slash, no `..` or empty segments. */
export function normalizeUploadPath(path: string): string {
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.some((part) => part === '..'))
    throw new AppError('invalid_path', 400, `"${path.slice(0, 200)}" is not a usable file path`);
  return parts.join('/');
}

/** Text only: no NUL bytes and valid UTF-8. */
export function decodeText(bytes: Uint8Array, path: string): string {
  if (bytes.includes(0))
    throw new AppError('unsupported_file', 415, `${path} is a binary file; only text files can be reviewed`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new AppError('unsupported_file', 415, `${path} is not UTF-8 text`);
  }
}

export function snippetFile(snippet: { content: string; filename?: string; language?: Language }): ReviewFile {
  const language =
    snippet.language ??
    (snippet.filename ? languageOfPath(snippet.filename) : undefined) ??
    guessLanguage(snippet.content);
  const path = snippet.filename ? normalizeUploadPath(snippet.filename) : `snippet${defaultExtension(language)}`;
  return { path, content: snippet.content, language };
}

/**
 * The files of a diff. With `readCurrent` (the CLI in a checkout) the whole current file is
 * reviewed, findings kept near the changed lines; without it only the diff's lines are known.
 */
export async function diffFiles(
  diff: string,
  readCurrent?: (path: string) => Promise<string | undefined>,
): Promise<ReviewFile[]> {
  const parsed = parseUnifiedDiff(diff);
  if (parsed.length === 0)
    throw new AppError('invalid_diff', 400, 'the diff has no file with changes (expected a unified diff)');
  const files: ReviewFile[] = [];
  for (const file of parsed) {
    if (file.deleted) continue;
    const path = normalizeUploadPath(file.path);
    const current = await readCurrent?.(path);
    const lines = changedLines(file);
    files.push(
      current !== undefined
        ? { path, content: current, changedLines: lines }
        : { path, content: reconstruct(file), changedLines: lines, reconstructed: true },
    );
  }
  return files;
}

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'coverage',
  'vendor',
  '.next',
  '.nuxt',
  'target',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.cache',
]);

/**
 * Whether a file found under a folder is reviewed: a language the review knows, outside
 * dependency and build folders (as the CLI walks a checkout).
 */
export const reviewedUnderFolder = (path: string) =>
  languageOfPath(path) !== undefined &&
  !path
    .split('/')
    .slice(0, -1)
    .some((folder) => SKIPPED_FOLDERS.has(folder));

export interface LocalFile {
  /** As shown in the report: relative to the working directory when inside it. */
  path: string;
  absolute: string;
}

async function isBinary(absolute: string): Promise<boolean> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path the CLI operator chose
  const handle = await open(absolute, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8000), 0, 8000, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/**
 * Files under the given paths that a review reads (by language), skipping dependency and build
 * folders below them, symbolic links, binaries and very large files.
 */
export async function collectLocalFiles(
  paths: readonly string[],
  cwd: string,
): Promise<{ files: LocalFile[]; skipped: string[] }> {
  const files: LocalFile[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const display = (absolute: string) => {
    const inside = relative(cwd, absolute);
    return inside && !inside.startsWith('..') && !inside.startsWith(sep) ? inside.split(sep).join('/') : absolute;
  };
  const add = async (absolute: string, explicit: boolean) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path the CLI operator chose
    const stats = await lstat(absolute);
    if (stats.isSymbolicLink()) return;
    if (stats.isDirectory()) {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- below a path the CLI operator chose
      const entries = await readdir(absolute, { withFileTypes: true });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.isDirectory() && SKIPPED_FOLDERS.has(entry.name)) continue;
        await add(join(absolute, entry.name), false);
      }
      return;
    }
    if (!stats.isFile()) return;
    if (!explicit && !languageOfPath(absolute)) return;
    if (stats.size > MAX_FILE_BYTES) {
      skipped.push(`${display(absolute)}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      return;
    }
    if (await isBinary(absolute)) {
      if (explicit) skipped.push(`${display(absolute)}: binary`);
      return;
    }
    files.push({ path: display(absolute), absolute });
  };
  for (const path of paths) await add(resolve(cwd, path), true);
  return { files, skipped };
}

export async function readLocalFile(file: LocalFile): Promise<ReviewFile> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- collected from the operator's paths
  const bytes = await readFile(file.absolute);
  return { path: file.path, content: decodeText(bytes, file.path) };
}
