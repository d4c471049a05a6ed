// Languages in the two senses the Code screen needs: what the review engine calls a file (the
// server's list) and which CodeMirror grammar, if any, highlights it.

export const REVIEW_LANGUAGES = [
  'javascript',
  'typescript',
  'python',
  'go',
  'java',
  'c',
  'cpp',
  'shell',
  'config',
  'text',
] as const;
export type ReviewLanguage = (typeof REVIEW_LANGUAGES)[number];

/** The grammars bundled with the editor; everything else is plain text. */
export type EditorLanguage = 'javascript' | 'jsx' | 'typescript' | 'tsx' | 'python' | null;

const BY_EXTENSION: Record<string, ReviewLanguage> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  py: 'python',
  pyw: 'python',
  go: 'go',
  java: 'java',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  json: 'config',
  yml: 'config',
  yaml: 'config',
  toml: 'config',
  ini: 'config',
  env: 'config',
  xml: 'config',
};

// Names a Markdown code fence uses (highlight.js aliases) for the same languages.
const FENCE_ALIASES: Record<string, ReviewLanguage> = {
  javascript: 'javascript',
  typescript: 'typescript',
  python: 'python',
  golang: 'go',
  'c++': 'cpp',
  shell: 'shell',
  console: 'shell',
};

const extensionOf = (path: string) => {
  const name = path.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
};

export function reviewLanguageOfPath(path: string): ReviewLanguage {
  const name = (path.split('/').pop() ?? '').toLowerCase();
  if (name.startsWith('.env')) return 'config';
  return BY_EXTENSION[extensionOf(path)] ?? 'text';
}

/** The review language of a code fence's info string ("ts", "py", "bash"…). */
export function reviewLanguageOfFence(fence: string | null | undefined): ReviewLanguage {
  const key = (fence ?? '').trim().toLowerCase();
  if (!key) return 'text';
  return (
    FENCE_ALIASES[key] ??
    BY_EXTENSION[key] ??
    ((REVIEW_LANGUAGES as readonly string[]).includes(key) ? (key as ReviewLanguage) : 'text')
  );
}

export function editorLanguageOfPath(path: string): EditorLanguage {
  const extension = extensionOf(path);
  if (extension === 'tsx') return 'tsx';
  if (extension === 'jsx') return 'jsx';
  return editorLanguageOf(reviewLanguageOfPath(path));
}

export function editorLanguageOf(language: ReviewLanguage): EditorLanguage {
  if (language === 'javascript' || language === 'typescript' || language === 'python') return language;
  return null;
}

/** A file name that tells the server the language of a scratch snippet. */
export const SNIPPET_EXTENSION: Record<ReviewLanguage, string> = {
  javascript: 'js',
  typescript: 'ts',
  python: 'py',
  go: 'go',
  java: 'java',
  c: 'c',
  cpp: 'cpp',
  shell: 'sh',
  config: 'yaml',
  text: 'txt',
};
