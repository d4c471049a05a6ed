// Which language a file is in: by its name first, by its content for a snippet without one.
/* eslint-disable security/detect-unsafe-regex -- the guesses read the first 4000 characters of a snippet only,
   and the flagged groups are optional, not nested repetition. */
import { basename, extname } from 'node:path';
import type { Language } from './model.js';

const BY_EXTENSION: Record<string, Language> = {
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.py': 'python',
  '.pyw': 'python',
  '.go': 'go',
  '.java': 'java',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cxx': 'cpp',
  '.hpp': 'cpp',
  '.hh': 'cpp',
  '.hxx': 'cpp',
  '.sh': 'shell',
  '.bash': 'shell',
  '.zsh': 'shell',
  '.ksh': 'shell',
  '.json': 'config',
  '.yml': 'config',
  '.yaml': 'config',
  '.toml': 'config',
  '.ini': 'config',
  '.cfg': 'config',
  '.conf': 'config',
  '.properties': 'config',
  '.env': 'config',
  '.tf': 'config',
  '.xml': 'config',
  '.pem': 'config',
  '.key': 'config',
};

const BY_NAME: Record<string, Language> = {
  dockerfile: 'config',
  makefile: 'config',
  '.npmrc': 'config',
  '.pypirc': 'config',
  '.netrc': 'config',
};

/** The language of a file by its name, or undefined for files a review skips. */
export function languageOfPath(path: string): Language | undefined {
  const name = basename(path).toLowerCase();
  if (name.startsWith('.env')) return 'config';
  return BY_NAME[name] ?? BY_EXTENSION[extname(name)];
}

const SHEBANG = /^#!.*\b(?:ba|z|k|da)?sh\b/;

/** Guesses a snippet's language from its content (a pasted snippet often has no name). */
export function guessLanguage(content: string): Language {
  const head = content.slice(0, 4000);
  if (SHEBANG.test(head)) return 'shell';
  if (/^#!.*\bpython/.test(head)) return 'python';
  if (/^\s*#include\s*[<"]/m.test(head))
    return /\b(?:std::|namespace|template\s*<|class\s+\w+\s*[:{])/.test(head) ? 'cpp' : 'c';
  if (/^\s*package\s+\w+\s*$/m.test(head) && /\bfunc\b/.test(head)) return 'go';
  if (/\bfunc\s+(?:\([^)]*\)\s*)?\w+\s*\(/.test(head) && /:=/.test(head)) return 'go';
  if (/\b(?:public|private|protected)\s+(?:static\s+)?(?:final\s+)?[\w<>[\]]+\s+\w+\s*\(/.test(head)) return 'java';
  if (
    /^\s*(?:def|class)\s+\w+.*:\s*$/m.test(head) ||
    /^\s*(?:from\s+[\w.]+\s+)?import\s+[\w.]+(?:\s+as\s+\w+)?\s*$/m.test(head)
  )
    return 'python';
  if (/:\s*(?:string|number|boolean|void|unknown|any)\b|\binterface\s+\w+\s*{|\btype\s+\w+\s*=/.test(head))
    return 'typescript';
  return 'javascript';
}

export const isJsLike = (language: Language) => language === 'javascript' || language === 'typescript';

/** The extension a virtual file of this language gets (for parsers that go by the name). */
export function defaultExtension(language: Language): string {
  const extensions: Record<Language, string> = {
    javascript: '.js',
    typescript: '.ts',
    python: '.py',
    go: '.go',
    java: '.java',
    c: '.c',
    cpp: '.cpp',
    shell: '.sh',
    config: '.txt',
    text: '.txt',
  };
  return extensions[language];
}
