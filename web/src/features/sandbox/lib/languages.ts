// Which sandbox language runs a piece of code: from a Markdown fence's name (highlight.js
// aliases such as py, js, sh, cs) or from a file's extension.
import type { SandboxLanguage } from '../api/types';

const BY_NAME: Record<string, SandboxLanguage> = {
  python: 'python',
  python3: 'python',
  py: 'python',
  pyw: 'python',
  javascript: 'javascript',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  typescript: 'typescript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  bash: 'bash',
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  'c++': 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  csharp: 'csharp',
  'c#': 'csharp',
  cs: 'csharp',
  perl: 'perl',
  pl: 'perl',
  pm: 'perl',
};

/** The sandbox language of a fence's info string or a review language ("py", "shell"…), if any. */
export function sandboxLanguageOf(name: string | null | undefined): SandboxLanguage | null {
  const key = (name ?? '').trim().toLowerCase();
  return BY_NAME[key] ?? null;
}

/** The sandbox language of a file by its extension, if any. */
export function sandboxLanguageOfPath(path: string): SandboxLanguage | null {
  const file = path.split('/').pop() ?? '';
  const dot = file.lastIndexOf('.');
  return dot <= 0 ? null : sandboxLanguageOf(file.slice(dot + 1));
}
