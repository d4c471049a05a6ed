import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { findFolderClash, isAtOrUnder, normalizeWorkspacePath, parentFolders } from './paths.js';

function refusal(path: string): AppError {
  try {
    normalizeWorkspacePath(path);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(path)} was accepted`);
}

describe('normalizeWorkspacePath', () => {
  it('keeps a plain relative path and drops . segments', () => {
    expect(normalizeWorkspacePath('src/app.ts')).toBe('src/app.ts');
    expect(normalizeWorkspacePath('./src/./app.ts')).toBe('src/app.ts');
    expect(normalizeWorkspacePath('.env')).toBe('.env');
    expect(normalizeWorkspacePath('a..b/c...')).toBe('a..b/c...');
  });

  it('turns decomposed Unicode (as macOS writes names) into the composed form', () => {
    const decomposed = 'docs/Cafe\u0301.md';
    expect(normalizeWorkspacePath(decomposed)).toBe('docs/Caf\u00e9.md');
    expect(normalizeWorkspacePath(decomposed)).toBe(normalizeWorkspacePath('docs/Caf\u00e9.md'));
  });

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'relative'],
    ['../secret', '..'],
    ['src/../../x', '..'],
    ['src\\app.ts', '/ between folders'],
    ['src//app.ts', 'empty segment'],
    ['src/', 'empty segment'],
    ['src/a\u0000.ts', 'control characters'],
    ['src/a\n.ts', 'control characters'],
    ['src/a\u0085.ts', 'control characters'],
    ['.', 'names no file'],
    ['./.', 'names no file'],
  ])('refuses %j (%s)', (path, reason) => {
    const error = refusal(path);
    expect(error).toMatchObject({ code: 'workspace_path_invalid', statusCode: 400 });
    expect(error.message).toContain(reason);
    expect(error.message).toContain(JSON.stringify(path));
    expect(error.extra).toEqual({ path });
  });

  it('refuses paths longer than 512 characters or deeper than 32 folders', () => {
    expect(normalizeWorkspacePath('a'.repeat(512))).toHaveLength(512);
    expect(refusal('a'.repeat(513)).message).toContain('longer than 512 characters');
    // Counted in characters, not UTF-16 units: 512 emoji are 1024 units.
    expect([...normalizeWorkspacePath('😀'.repeat(512))]).toHaveLength(512);
    expect(normalizeWorkspacePath(Array(32).fill('d').join('/'))).toBe(Array(32).fill('d').join('/'));
    expect(refusal(Array(33).fill('d').join('/')).message).toContain('deeper than 32 folders');
  });

  it('shortens a very long refused path in the message', () => {
    const error = refusal(`/${'x'.repeat(1000)}`);
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('folders and clashes', () => {
  it('tells a path inside a folder from a sibling with the same prefix', () => {
    expect(isAtOrUnder('src/a.ts', 'src')).toBe(true);
    expect(isAtOrUnder('src', 'src')).toBe(true);
    expect(isAtOrUnder('srcx/a.ts', 'src')).toBe(false);
    expect(parentFolders('a/b/c.ts')).toEqual(['a', 'a/b']);
    expect(parentFolders('c.ts')).toEqual([]);
  });

  it('finds a file where a folder is needed, either way round', () => {
    expect(findFolderClash(['src/a.ts'], ['src'])).toEqual(['src', 'src/a.ts']);
    expect(findFolderClash(['src'], ['src/a.ts'])).toEqual(['src/a.ts', 'src']);
    expect(findFolderClash([], ['lib', 'lib/x/y.ts'])).toEqual(['lib', 'lib/x/y.ts']);
    expect(findFolderClash(['src/a.ts'], ['src/b.ts', 'srcx'])).toBeUndefined();
  });
});
